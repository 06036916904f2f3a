#include "export/ExportRun.h"

#include "common/Error.h"
#include "deid/ProfileDigest.h"
#include "dicom/DicomDir.h"
#include "export/Archive.h"
#include "export/IsoLayout.h"
#include "export/OcrRegions.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace veil {

namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

fs::path normalDestination(const fs::path& destination) {
    fs::path p = fs::absolute(destination).lexically_normal();
    return p.has_filename() ? p : p.parent_path();
}

std::string personOr(const std::string& person) {
    if (!person.empty())
        return person;
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? "unknown" : user.toStdString();
}

fs::path auditPath(const ExportRequest& r) {
    return r.auditLog.empty() ? auditPathFor(r.destination) : r.auditLog;
}

RedactionSource sourceFor(const ExportRequest& r) {
    RedactionSource source;
    if (r.review)
        source = regionsFromSession(*r.review, r.findings);
    if (r.boxes)
        source = combine(source, regionsFromBoxesFile(*r.boxes));
    return source;
}

// The text detector's regions, less those on findings the reviewer kept (their decision
// stands: the gate may still block on them, and only the approver can let them through).
RegionFinder finderFor(const ExportRequest& r) {
    if (r.regionFinder)
        return r.regionFinder;
    RegionFinder finder = ocrRegionFinder(redactPolicyFor(r));
    if (!finder || !r.review)
        return finder;
    return [finder, session = *r.review](const DicomFile& file, const InstanceInfo& info) {
        FoundRegions found = finder(file, info);
        const std::vector<RedactionRegion> kept = keptRegions(session, info.sopInstanceUid);
        std::erase_if(found.regions, [&](const RedactionRegion& region) {
            return std::any_of(kept.begin(), kept.end(),
                               [&](const RedactionRegion& k) { return sameRegion(region, k); });
        });
        return found;
    };
}

std::string firstFailure(const DeidJobResult& deid) {
    for (const DeidFileOutcome& f : deid.files)
        if (f.status == DeidFileOutcome::Status::Failed)
            return f.source + ": " + f.message;
    return {};
}

// SHA-256 over "path sha256" lines: one digest for the whole export in the audit.
std::string filesDigest(const std::vector<CertificateFile>& files) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const CertificateFile& f : files)
        h.addData(QByteArray::fromStdString(f.path + " " + f.sha256 + "\n"));
    return h.result().toHex().toStdString();
}

} // namespace

ExportRun::ExportRun(const ExportRequest& request, const ProjectKey& key, StudyIndex scoped,
                     ProgressSink& progress, const CancelToken& cancel)
    : m_request(request), m_key(key), m_index(std::move(scoped)), m_progress(progress),
      m_cancel(cancel), m_destination(normalDestination(request.destination)),
      m_pixels(sourceFor(request), finderFor(request), pixelOptionsFor(request.profile)),
      m_override(request.gateOverride) {
    for (const InstanceInfo* i : m_index.instances())
        m_infoOfSource[i->path] = i;
    if (m_override && m_override->time.empty())
        m_override->time = utcNow();
    m_result.destination = m_destination;
    m_result.auditFile = auditPath(request);
}

ExportResult ExportRun::refused(const ExportRequest& request, const Problems& problems) {
    ExportResult r;
    r.status = ExportStatus::Refused;
    r.message = problems.message();
    r.refusal = problems;
    r.destination = request.destination;
    try {
        if (!request.destination.empty() &&
            fs::is_directory(normalDestination(request.destination).parent_path())) {
            AuditRecorder audit(q(auditPath(request).string()), personOr(request.person));
            audit.exportRefused(normalDestination(request.destination).string(), problems);
            r.auditFile = auditPath(request);
        }
    } catch (const Error&) {
        // the refusal stands without its audit line
    }
    return r;
}

ExportResult ExportRun::run() {
    try {
        begin();
        deidentify();
        layout();
        gate();
        hashFiles();
        const fs::path item = package();
        saveMapping();
        finish(item);
    } catch (const Stop& stop) {
        return stopped(stop);
    } catch (const std::exception& e) {
        return stopped({ExportStatus::Failed, e.what()});
    }
    return m_result;
}

ExportResult ExportRun::stopped(const Stop& stop) {
    m_staging.reset(); // removes the partial folder
    m_result.status = stop.status;
    m_result.message = stop.message;
    try {
        if (m_audit && stop.status == ExportStatus::Blocked)
            m_audit->exportBlocked(m_destination.string(), stop.message);
        else if (m_audit)
            m_audit->exportFailed(m_destination.string(), stop.message);
    } catch (const Error&) {
    }
    return m_result;
}

void ExportRun::begin() {
    m_audit.emplace(q(m_result.auditFile.string()), personOr(m_request.person));
    StagingArea::cleanStale(m_destination.parent_path());
    m_staging = std::make_unique<StagingArea>(m_destination);
    ExportStarted started;
    started.instances = int(m_index.instanceCount());
    started.zip = m_request.container == ExportContainer::Zip;
    started.dicomdir = m_request.dicomdir;
    started.redact = redactPolicyName(redactPolicyFor(m_request));
    started.pixelsRead = m_request.pixelChecker != nullptr;
    started.releaseId = m_request.release.id;
    started.valuesOfThisReleaseOnly = hasOwnValues(m_request.profile.level, m_request.release);
    started.partial = m_staging->root().filename().string();
    m_audit->exportStarted(m_destination.string(), m_request.profile, started);
    m_audit->profileChosen(m_request.profile);
    if (m_request.expectedAccessions) {
        const AccessionComparison a = compareAccessions(*m_request.expectedAccessions, m_index);
        m_audit->accessionCheck(a, *m_request.expectedAccessions,
                                m_request.acceptAccessionMismatch);
    }
    if (m_request.review)
        m_audit->sessionDecisions(*m_request.review, m_request.scope);
    if (m_request.boxes)
        m_audit->boxesFile(m_request.boxes->source, *m_request.boxes);
    for (const SignOff& s : m_request.signOffs)
        m_audit->signOff(s);
}

void ExportRun::deidentify() {
    DeidJobOptions options;
    options.outDir = m_staging->tree();
    options.threads = m_request.threads;
    options.beforeApply = m_pixels.hook();
    // A report is rebuilt by its own rule: the review's boxes and kept findings go there.
    options.reportReview = reportReviewFrom(sourceFor(m_request), m_request.review);
    if (m_request.profile.options.has(Option::CleanRecognizableVisualFeatures)) {
        FaceRemovalOptions faces;
        faces.acceptMrFacePlane = m_request.acceptMrFacePlane;
        faces.threads = m_request.threads;
        auto plan = std::make_shared<const FaceRemovalPlan>(
            prepareFaceRemoval(m_index, faces, m_progress, m_cancel));
        m_result.faceRemoval = plan->summary();
        m_audit->faceRemoval(plan->summary(), m_request.acceptMrFacePlane);
        m_pixels.setFaceRemoval(std::move(plan));
    }
    m_deid = DeidJob(m_request.profile,
                     keyForRelease(m_key, m_request.profile.level, m_request.release), options)
                 .run(m_index, m_progress, m_cancel);
    m_result.files = m_deid.files;
    if (m_deid.cancelled)
        throw Stop{ExportStatus::Cancelled, "cancelled: nothing was exported"};
    if (m_deid.failed() > 0)
        throw Stop{ExportStatus::Failed, std::to_string(m_deid.failed()) +
                                             " file(s) could not be de-identified, nothing was "
                                             "exported; the first: " +
                                             firstFailure(m_deid)};
    for (const DeidFileOutcome& f : m_deid.files) {
        if (f.status != DeidFileOutcome::Status::Written)
            continue;
        const std::string rel = fs::relative(f.output, m_staging->tree()).generic_string();
        m_fileOfUid[m_infoOfSource.at(f.source)->sopInstanceUid] = rel;
        m_sourceOfFile[rel] = f.source;
    }
}

void ExportRun::remap(const std::map<std::string, std::string>& renames) {
    std::map<std::string, std::string> sources;
    for (auto& [uid, file] : m_fileOfUid)
        file = renames.at(file);
    for (const auto& [file, source] : m_sourceOfFile)
        sources[renames.at(file)] = source;
    m_sourceOfFile = std::move(sources);
}

void ExportRun::layout() {
    if (!m_request.dicomdir)
        return;
    remap(relayoutIso(m_staging->tree()));
    std::vector<std::string> files;
    for (const auto& [file, source] : m_sourceOfFile)
        if (!m_infoOfSource.at(source)->reportFile) // a PDF beside the study is not DICOM
            files.push_back(file);
    writeDicomDir(m_staging->tree(), files);
}

void ExportRun::gate() {
    const SourceEvidence evidence = evidenceFromIndex(m_index, {}, m_request.profile, m_cancel);
    std::vector<OutputToVerify> outputs = outputsIn(m_staging->tree());
    for (OutputToVerify& o : outputs)
        if (const auto it = m_sourceOfFile.find(o.name); it != m_sourceOfFile.end())
            o.studyUid = m_infoOfSource.at(it->second)->studyInstanceUid;
    m_report = runGate(evidence, outputs, {m_request.pixelChecker, m_request.threads}, m_progress,
                       m_cancel);
    m_result.verification = m_report;
    m_audit->verification(m_report);
    if (m_report.cancelled)
        throw Stop{ExportStatus::Cancelled, "cancelled during verification: nothing was exported"};
    if (m_report.passed())
        return;
    if (m_override) {
        m_audit->gateOverride(*m_override, m_report);
        markTextLeftInPixels(m_report, m_staging->tree()); // what stays is said to be there
        return;
    }
    throw Stop{ExportStatus::Blocked,
               "the verification gate found " + std::to_string(m_report.hits().size()) +
                   " identifying value(s) in " + std::to_string(m_report.filesWithHits()) +
                   " file(s)" +
                   (m_report.unreadable()
                        ? " and " + std::to_string(m_report.unreadable()) + " unreadable file(s)"
                        : "") +
                   ": nothing was exported (only the approver can override, with a reason)"};
}

void ExportRun::hashFiles() {
    for (const OutputToVerify& o : outputsIn(m_staging->tree()))
        m_files.push_back({o.name, fileSha256(o.path), (long long)fs::file_size(o.path)});
}

fs::path ExportRun::package() {
    if (m_request.container == ExportContainer::Folder)
        return m_staging->tree();
    const fs::path zip = m_staging->root() / "export.zip";
    zipFolder(m_staging->tree(), zip);
    const std::map<std::string, std::string> entries = zipEntrySha256(zip);
    bool same = entries.size() == m_files.size();
    for (const CertificateFile& f : m_files)
        same = same && entries.count(f.path) && entries.at(f.path) == f.sha256;
    if (!same)
        throw Stop{ExportStatus::Failed,
                   "the zip read back does not hold exactly the verified files"};
    return zip;
}

void ExportRun::saveMapping() {
    if (m_request.profile.keepsMapping())
        m_deid.mapping.save(m_request.mappingFile, m_key);
}

void ExportRun::finish(const fs::path& item) {
    m_staging->commit(item);
    ExportFinished finished;
    finished.files = int(m_files.size());
    finished.images = int(m_deid.written());
    finished.filesSha256 = filesDigest(m_files);
    finished.verificationPassed = m_report.passed();
    m_audit->exportFinished(m_destination.string(), finished);
    Certificate certificate = buildCertificate();
    m_result.certificateFile = certificatePathFor(m_destination);
    try {
        certificate.save(m_result.certificateFile);
    } catch (const Error& e) {
        throw Stop{ExportStatus::Failed,
                   "exported to " + m_destination.string() +
                       ", but the certificate could not be written: " + e.what()};
    }
    m_result.certificate = std::move(certificate);
    m_result.status = ExportStatus::Exported;
    m_result.message =
        "exported " + std::to_string(m_deid.written()) + " image(s) to " + m_destination.string();
}

Certificate ExportRun::buildCertificate() const {
    Certificate c;
    c.created = utcNow();
    c.veilVersion = m_request.veilVersion;
    c.destination = m_destination.filename().string();
    c.container = m_request.container == ExportContainer::Zip ? "zip" : "folder";
    c.dicomdir = m_request.dicomdir;
    c.patients = int(m_index.patients.size());
    c.studies = m_index.studyCount();
    c.series = m_index.seriesCount();
    c.images = m_deid.written();
    for (const auto& [file, source] : m_sourceOfFile)
        c.frames += m_infoOfSource.at(source)->frames;
    c.describeRelease(m_request.profile, m_request.release,
                      redactPolicyName(redactPolicyFor(m_request)));
    c.signOffs = m_request.signOffs;
    for (const SignOff& s : c.signOffs)
        c.addDecision(
            {"sign-off", {}, std::string(roleName(s.role)) + " " + s.name + " at " + s.time});
    for (const std::string& line : c.overrides)
        c.addDecision({"profile-override", {}, line});
    if (m_request.review)
        addReviewDecisions(c, *m_request.review, m_fileOfUid);
    addBoxesFileDecisions(c);
    for (const auto& [source, record] : m_pixels.records())
        c.redactedImages += record.result.framesTouched > 0;
    c.faces = certificateFaces(m_index, m_pixels.faceRemoval());
    c.verification = certificateVerification(m_report, m_override);
    if (m_request.expectedAccessions) {
        const AccessionComparison a = compareAccessions(*m_request.expectedAccessions, m_index);
        c.accessions = CertificateAccessions::from(a, m_request.acceptAccessionMismatch);
    }
    if (c.verification.override)
        c.addDecision(
            {"gate-override", {}, "by " + m_override->approver + ": " + m_override->reason});
    c.files = m_files;
    c.auditLog = m_result.auditFile.filename().string();
    c.auditHead = m_audit->log().head();
    c.auditLines = m_audit->log().count();
    return c;
}

void ExportRun::addBoxesFileDecisions(Certificate& c) const {
    if (!m_request.boxes)
        return;
    for (const auto& [file, source] : m_sourceOfFile)
        for (const RedactionRegion& r : regionsFor(*m_request.boxes, *m_infoOfSource.at(source)))
            c.addDecision(
                {"box-from-file", file,
                 (r.frame < 0 ? std::string("every frame") : "frame " + std::to_string(r.frame)) +
                     ": x " + std::to_string(r.x) + " y " + std::to_string(r.y) + ", " +
                     std::to_string(r.w) + "x" + std::to_string(r.h)});
}

} // namespace veil
