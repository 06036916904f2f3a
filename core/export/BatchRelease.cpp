#include "export/BatchRelease.h"

#include "common/Error.h"
#include "export/Archive.h"
#include "export/Certificate.h"
#include "export/Staging.h"
#include "study/FaceRisk.h"

#include <sodium.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace veil {

namespace fs = std::filesystem;

namespace {

// `path` below `root`, both as this run made them (absolute, normal): named by their text, not
// by asking the file system about every component of both as fs::relative does (three times
// per output file). Anything else goes through fs::relative.
fs::path below(const fs::path& path, const fs::path& root) {
    fs::path rel = path.lexically_relative(root);
    if (rel.empty() || *rel.begin() == ".." || !path.is_absolute() || !root.is_absolute())
        rel = fs::relative(path, root);
    return rel;
}

// Memory the worker threads freed stays with their allocator arenas (and in the peak resident
// size) unless it is handed back: once after each phase of a large batch.
void returnFreedMemory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void recordStart(const BatchReleaseOptions& o, const Profile& profile) {
    if (!o.audit)
        return;
    o.audit->profileChosen(profile);
    if (o.boxes)
        o.audit->boxesFile(o.boxes->source, *o.boxes);
}

// The gate's evidence, gathered from each source's elements while DeidJob has them (each
// source is then read once, not twice). Sources the job never read (it failed before) are
// read afterwards: their values count even if they produced no output.
struct GatheredEvidence {
    std::mutex mutex;
    SourceEvidence evidence;
    std::set<std::string> seen; // InstanceInfo::path

    void add(const std::vector<ElementValue>& elements, const IdentifierSet& ids,
             const InstanceInfo& info) {
        SourceEvidence one;
        one.addElements(elements, ids, info.studyInstanceUid);
        std::lock_guard lock(mutex);
        evidence.merge(one);
        seen.insert(info.path);
    }

    // The same as e.merge(evidence), without a copy of every source's UIDs.
    SourceEvidence complete(const StudyIndex& index, const Profile& profile,
                            const CancelToken& cancel) {
        SourceEvidence e = evidenceFromIndex(index, {}, profile, cancel, &seen);
        seen.clear();
        e.identifiers.merge(evidence.identifiers);
        for (const auto& [study, ids] : evidence.byStudy)
            e.byStudy[study].merge(ids);
        if (e.uids.empty())
            e.uids = std::move(evidence.uids);
        else
            e.uids.merge(evidence.uids);
        evidence = {};
        return e;
    }
};

VerificationReport verify(const StudyIndex& index, const Profile& profile, const fs::path& tree,
                          const BatchReleaseOptions& o, const BatchReleaseResult& r,
                          GatheredEvidence& gathered, ProgressSink& progress,
                          const CancelToken& cancel) {
    std::unordered_map<std::string_view, std::string_view> studyOf;
    for (const InstanceInfo* i : index.instances())
        studyOf.emplace(i->path, i->studyInstanceUid);
    std::vector<OutputToVerify> outputs;
    for (const DeidFileOutcome& f : r.deid.files)
        if (f.status == DeidFileOutcome::Status::Written) {
            const auto study = studyOf.find(f.source);
            outputs.push_back(
                {f.output, below(f.output, tree).generic_string(),
                 study == studyOf.end() ? std::string() : std::string(study->second)});
        }
    studyOf = {};
    const SourceEvidence evidence = gathered.complete(index, profile, cancel);
    return runGate(evidence, outputs, {o.pixelChecker, o.threads}, progress, cancel);
}

BatchReleased counts(const BatchReleaseResult& r) {
    BatchReleased c;
    for (const auto& [source, record] : r.redactions)
        c.redactedImages += record.result.framesTouched > 0;
    c.written = r.deid.written();
    c.skipped = r.deid.skipped();
    c.failed = r.deid.failed();
    if (r.verification) {
        c.verificationPassed = r.verification->passed();
        c.pixels = r.verification->pixelsText();
        c.pixelsChecked = r.verification->pixelsChecked;
    } else {
        c.pixels = "NOT checked: no verification";
    }
    c.burnedInAnnotationSetToYes = int(r.markedTextLeft);
    c.keptIn = r.keptInFailedFolder.string();
    c.published = r.published.moved + r.published.alreadyThere +
                  (r.published.renamedWhole ? r.deid.written() : 0);
    c.conflicts = int(r.published.conflicts.size());
    return c;
}

// Outputs named where they now are: below OUT, or below the failed folder.
void relocate(DeidJobResult& deid, const fs::path& from, const fs::path& to) {
    for (DeidFileOutcome& f : deid.files)
        if (f.status == DeidFileOutcome::Status::Written)
            f.output = (to / below(f.output, from)).string();
}

// OUT.<UTC time>-<4 random characters>.certificate.json: every run of a shared OUT has its own.
fs::path runCertificatePath(const fs::path& out) {
    static constexpr char kBase32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string tag =
        QDateTime::currentDateTimeUtc().toString("yyyyMMdd'T'HHmmss'Z'").toStdString() + "-";
    for (int i = 0; i < 4; ++i)
        tag += kBase32[randombytes_uniform(32)];
    const fs::path clean = fs::absolute(out).lexically_normal();
    const fs::path named = clean.has_filename() ? clean : clean.parent_path();
    return named.string() + "." + tag + ".certificate.json";
}

Certificate batchCertificate(const BatchReleaseResult& r, const Profile& profile,
                             const ReleaseIdentity& release, const BatchReleaseOptions& o,
                             const StudyIndex& index) {
    Certificate c;
    c.created = utcNow();
    c.veilVersion = o.veilVersion;
    c.destination = fs::absolute(o.outDir).lexically_normal().filename().string();
    c.patients = int(index.patients.size());
    c.studies = index.studyCount();
    c.series = index.seriesCount();
    c.images = r.deid.written();
    c.describeRelease(profile, release, o.redact);
    c.faces = certificateFaces(index, r.faces.get());
    c.addDecision({"batch-release", {}, "unreviewed: no person looked at the images"});
    for (const auto& [source, record] : r.redactions)
        c.redactedImages += record.result.framesTouched > 0;
    if (r.verification)
        c.verification = certificateVerification(*r.verification, std::nullopt);
    else
        c.verification.pixels = "NOT checked: the verification gate did not run (--no-verify)";
    std::unordered_map<std::string_view, int> framesOf;
    for (const InstanceInfo* i : index.instances())
        framesOf.emplace(i->path, i->frames);
    // The gate hashed the bytes it checked (the same files: published by rename or link).
    std::unordered_map<std::string_view, std::string_view> checkedSha;
    if (r.verification)
        for (const FileVerification& f : r.verification->files)
            if (!f.sha256.empty())
                checkedSha.emplace(f.file, f.sha256);
    const fs::path out = fs::absolute(o.outDir).lexically_normal();
    std::vector<const DeidFileOutcome*> written;
    for (const DeidFileOutcome& f : r.deid.files)
        if (f.status == DeidFileOutcome::Status::Written)
            written.push_back(&f);
    // Outputs the gate did not hash (--no-verify) are read here, on every core.
    std::vector<std::string> names(written.size()), sha(written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        names[i] = below(written[i]->output, out).generic_string();
        if (const auto it = checkedSha.find(names[i]); it != checkedSha.end())
            sha[i] = it->second;
    }
    checkedSha = {};
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto hashSome = [&] {
        for (std::size_t i = next++; i < written.size(); i = next++)
            try {
                if (sha[i].empty())
                    sha[i] = fileSha256(written[i]->output);
            } catch (...) {
                std::lock_guard lock(failureMutex);
                failure = std::current_exception();
            }
    };
    const int threads =
        std::max(1, std::min(o.threads > 0 ? o.threads : int(std::thread::hardware_concurrency()),
                             int(written.size())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(hashSome);
    hashSome();
    for (std::thread& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    c.files.reserve(written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        c.files.push_back(
            {std::move(names[i]), std::move(sha[i]), (long long)fs::file_size(written[i]->output)});
        if (const auto it = framesOf.find(written[i]->source); it != framesOf.end())
            c.frames += it->second;
    }
    return c;
}

} // namespace

std::string batchReleaseProblem(const BatchReleaseOptions& o, const ProjectKey& key) {
    if (o.outDir.empty())
        return "no output folder given";
    return outputFolderProblem(o.outDir, key, o.inputs);
}

BatchReleaseResult runBatchRelease(const StudyIndex& index, const Profile& profile,
                                   const ProjectKey& key, const BatchReleaseOptions& o,
                                   ProgressSink& progress, const CancelToken& cancel) {
    if (const std::string problem = batchReleaseProblem(o, key); !problem.empty())
        throw Error(problem);
    recordStart(o, profile);
    const fs::path out = fs::absolute(o.outDir).lexically_normal();
    BatchReleaseResult r;
    if (o.expectedAccessions) {
        // Release completeness first: a release that is not the approved list is not made.
        r.accessions = compareAccessions(*o.expectedAccessions, index);
        if (o.audit)
            o.audit->accessionCheck(*r.accessions, *o.expectedAccessions, false);
        if (!r.accessions->complete()) {
            if (o.audit)
                o.audit->batchReleaseRefused(out.string(),
                                             "the studies do not match the expected accessions",
                                             r.accessions->problems());
            return r;
        }
    }
    StagingArea::cleanStale(out.parent_path()); // left-overs of killed runs
    StagingArea staging(out, StagingArea::Existing::Join);

    PixelRedactionStep pixels(o.boxes ? regionsFromBoxesFile(*o.boxes) : RedactionSource{},
                              o.regionFinder, pixelOptionsFor(profile));
    pixels.keepRecordsOfBurnedOnly(); // what the batch counts (BatchReleaseResult::redactions)
    DeidJobOptions options;
    options.outDir = staging.tree();
    options.threads = o.threads;
    options.beforeApply = pixels.hook();
    if (o.boxes) // a boxes file's entries for a report's pages are blacked out there
        options.reportReview = reportReviewFrom(regionsFromBoxesFile(*o.boxes));
    options.onPlanned = o.onPlanned;
    GatheredEvidence gathered;
    if (o.verify)
        options.onSourceRead = [&gathered](const std::vector<ElementValue>& elements,
                                           const IdentifierSet& ids, const InstanceInfo& info) {
            gathered.add(elements, ids, info);
        };
    for (const FlaggedSeries& f : seriesThatMayShowFace(index))
        r.mayShowFace.push_back(f.label);
    if (profile.options.has(Option::CleanRecognizableVisualFeatures)) {
        FaceRemovalOptions faceOptions;
        faceOptions.acceptMrFacePlane = o.acceptMrFacePlane;
        faceOptions.threads = o.threads;
        r.faces = std::make_shared<const FaceRemovalPlan>(
            prepareFaceRemoval(index, faceOptions, progress, cancel));
        pixels.setFaceRemoval(r.faces);
    }
    ReleaseIdentity release = o.release;
    if (release.id.empty())
        release.id = newReleaseId();
    r.releaseId = release.id;
    r.deid = DeidJob(profile, keyForRelease(key, profile.level, release), options)
                 .run(index, progress, cancel);
    returnFreedMemory(); // what the workers freed (their DICOM objects) before the gate
    r.redactions = pixels.takeRecords();
    if (o.verify && r.deid.written() > 0 && !r.deid.cancelled)
        r.verification = verify(index, profile, staging.tree(), o, r, gathered, progress, cancel);
    if (r.verification && !r.verification->passed())
        r.markedTextLeft = markTextLeftInPixels(*r.verification, staging.tree());

    if (r.deid.cancelled || r.deid.written() == 0) {
        // nothing to publish: the partial folder goes with `staging`
    } else if (r.verificationFailed()) {
        const fs::path tree = staging.tree();
        r.keptInFailedFolder = staging.keepAsFailed();
        relocate(r.deid, tree, r.keptInFailedFolder / "export");
    } else {
        writeOutputManifest(staging.tree(), key);
        r.published = publishInto(staging.tree(), out);
        relocate(r.deid, staging.tree(), out);
        staging.finish();
    }
    if (o.audit) {
        if (r.verification)
            o.audit->verification(*r.verification);
        BatchReleased details = counts(r);
        details.redact = o.redact;
        details.releaseId = release.id;
        details.valuesOfThisReleaseOnly = hasOwnValues(profile.level, release);
        if (r.faces)
            details.faceRemoval = r.faces->summary();
        o.audit->batchRelease(out.string(), profile, details);
    }
    returnFreedMemory(); // the gate's
    if (r.keptInFailedFolder.empty() && r.deid.written() > 0 && !r.deid.cancelled) {
        Certificate c = batchCertificate(r, profile, release, o, index);
        if (r.accessions)
            c.accessions = CertificateAccessions::from(*r.accessions, false);
        if (o.audit) {
            c.auditLog = fs::path(o.audit->log().path().toStdString()).filename().string();
            c.auditHead = o.audit->log().head();
            c.auditLines = o.audit->log().count();
        }
        r.certificateFile = runCertificatePath(o.outDir);
        c.save(r.certificateFile);
    }
    return r;
}

} // namespace veil
