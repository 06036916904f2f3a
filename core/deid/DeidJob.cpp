#include "deid/DeidJob.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "deid/DeidApplier.h"
#include "document/ReportPages.h"
#include "document/ReportRedaction.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>

namespace veil {

namespace {

// Only letters, digits, '.', '-' and '_' reach a folder name.
std::string safeName(const std::string& s, const char* fallback) {
    std::string out;
    for (char c : s)
        out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'
                   ? c
                   : '_';
    if (out.empty() || out == "." || out == "..")
        return fallback;
    return out.substr(0, 64);
}

struct WorkItem {
    const InstanceInfo* info;
    const IdentifierSet* study;
};

} // namespace

// Output paths taken in this run: two sources with one SOP Instance UID must not overwrite
// each other.
class OutputClaims {
public:
    std::string claim(const std::filesystem::path& out, const std::string& source) {
        std::lock_guard lock(m_mutex);
        auto [it, fresh] = m_claims.emplace(out.string(), source);
        return fresh ? std::string() : it->second;
    }

private:
    std::mutex m_mutex;
    std::map<std::string, std::string> m_claims;
};

int DeidJobResult::count(DeidFileOutcome::Status status) const {
    return int(std::count_if(files.begin(), files.end(),
                             [&](const DeidFileOutcome& f) { return f.status == status; }));
}

int DeidJobResult::cleanedValues() const {
    int n = 0;
    for (const DeidFileOutcome& f : files)
        n += f.cleanedValues;
    return n;
}

std::filesystem::path outputPathFor(const DeidPlan& plan) {
    const std::string sop = plan.valueAfter(tags::SOPInstanceUID);
    if (sop.empty())
        throw Error(plan.source, "has no SOP Instance UID: cannot name its de-identified copy");
    return std::filesystem::path(safeName(plan.patient.pseudonymId, "NO-PATIENT-ID")) /
           safeName(plan.valueAfter(tags::StudyInstanceUID), "NO-STUDY-UID") /
           safeName(plan.valueAfter(tags::SeriesInstanceUID), "NO-SERIES-UID") /
           (safeName(sop, "instance") + ".dcm");
}

DeidJob::DeidJob(Profile profile, const ProjectKey& key, DeidJobOptions options)
    : m_planner(std::move(profile), key), m_options(std::move(options)) {}

namespace {

ElementValue element(Tag tag, const char* vr, const char* keyword, const std::string& value) {
    ElementValue e;
    e.path.steps.push_back({tag, -1});
    e.vr = vr;
    e.keyword = keyword;
    e.value = value;
    e.length = std::uint32_t(value.size());
    return e;
}

// A PDF file beside the study goes beside the study's de-identified images, under the same
// patient pseudonym and remapped Study Instance UID, named by its own remapped UID.
// The patient's pseudonym depends on the whole patient module (ID and its issuer, name, birth
// date): it is taken from a DICOM instance of the same study when there is one.
std::filesystem::path reportFileOutput(const DeidPlanner& planner, const InstanceInfo& info,
                                       const IdentifierSet& study, const InstanceInfo* image) {
    std::vector<ElementValue> elements;
    if (image)
        for (ElementValue& e :
             DicomFile::open(image->localPath, DicomFile::Load::HeaderOnly).elements())
            if (e.path.steps.size() == 1 && e.path.leaf().group == 0x0010)
                elements.push_back(std::move(e));
    if (elements.empty()) {
        elements.push_back(element(tags::PatientName, "PN", "PatientName", info.patientName));
        elements.push_back(element(tags::PatientID, "LO", "PatientID", info.patientId));
    }
    elements.push_back(
        element(tags::StudyInstanceUID, "UI", "StudyInstanceUID", info.studyInstanceUid));
    elements.push_back(
        element(tags::SeriesInstanceUID, "UI", "SeriesInstanceUID", info.seriesInstanceUid));
    elements.push_back(element(tags::SOPInstanceUID, "UI", "SOPInstanceUID", info.sopInstanceUid));
    DeidPlan plan = planner.planInStudy(elements, study, info.path);
    std::filesystem::path out = outputPathFor(plan);
    return out.parent_path().parent_path() / ("REPORT-" + out.stem().string() + ".pdf");
}

} // namespace

DeidFileOutcome DeidJob::one(const InstanceInfo& info, const IdentifierSet& study, DeidPlan& plan,
                             OutputClaims& claims, const InstanceInfo* studyImage) const {
    DeidFileOutcome outcome;
    outcome.source = info.path;
    const ReportReview review =
        info.report && m_options.reportReview ? m_options.reportReview(info) : ReportReview{};
    if (info.reportFile) {
        // Rebuilt from its redacted page images (or the notice, header-only), same rules as
        // an Encapsulated PDF's document.
        const QByteArray pdf = profile().replaceEncapsulatedDocuments
                                   ? reportNotice()
                                   : redactReportFile(info, study, review).pdf;
        const std::filesystem::path target =
            m_options.outDir / reportFileOutput(m_planner, info, study, studyImage);
        if (const std::string other = claims.claim(target, info.path); !other.empty()) {
            outcome.status = DeidFileOutcome::Status::Skipped;
            outcome.message = "the same report as " + other + ": a duplicate, written once";
            return outcome;
        }
        std::filesystem::create_directories(target.parent_path());
        const std::filesystem::path tmp = target.string() + ".part";
        {
            std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
            f.write(pdf.constData(), pdf.size());
            if (!f)
                throw Error(info.path,
                            "its de-identified copy cannot be written to " + target.string());
        }
        std::filesystem::rename(tmp, target);
        outcome.status = DeidFileOutcome::Status::Written;
        outcome.output = target.string();
        return outcome;
    }
    DicomFile file = DicomFile::open(info.localPath, DicomFile::Load::Full);
    const std::vector<ElementValue> elements = file.elements();
    const IdentifierSet own = IdentifierSet::fromElements(elements);
    if (m_options.onSourceRead)
        m_options.onSourceRead(elements, own, info);
    plan = m_planner.planInStudy(elements, own, study, info.path);
    if (m_options.beforeApply)
        m_options.beforeApply(file, info, plan);
    if (isEncapsulatedPdf(file)) {
        IdentifierSet ids = own;
        ids.merge(study);
        applyPlanWithReport(file, plan, ids, profile().replaceEncapsulatedDocuments, review);
    } else {
        applyPlan(file, plan);
    }
    const std::filesystem::path target = m_options.outDir / outputPathFor(plan);
    std::error_code ec;
    if (std::filesystem::exists(target, ec) &&
        std::filesystem::equivalent(target, info.localPath, ec))
        throw Error(
            info.path,
            "its de-identified copy would overwrite the source itself: choose another --out");
    if (const std::string other = claims.claim(target, info.path); !other.empty()) {
        outcome.status = DeidFileOutcome::Status::Skipped;
        outcome.message = "same SOP Instance UID as " + other + ": a duplicate, written once";
        return outcome;
    }
    file.save(target);
    outcome.status = DeidFileOutcome::Status::Written;
    outcome.output = target.string();
    outcome.cleanedValues = plan.count(Action::Clean);
    return outcome;
}

DeidJobResult DeidJob::run(const StudyIndex& index, ProgressSink& progress,
                           const CancelToken& cancel) const {
    std::vector<IdentifierSet> studySets;
    std::vector<const InstanceInfo*> studyImages; // a DICOM instance of each study, if any
    std::vector<std::pair<const InstanceInfo*, std::size_t>> work;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& s : p.studies) {
            studySets.push_back(IdentifierSet::fromStudy(p, s));
            studyImages.push_back(nullptr);
            for (const SeriesNode& series : s.series)
                for (const InstanceInfo& i : series.instances) {
                    work.emplace_back(&i, studySets.size() - 1);
                    if (!i.reportFile && !studyImages.back())
                        studyImages.back() = &i;
                }
        }

    DeidJobResult result;
    for (const LoadProblem& p : index.problems)
        result.files.push_back({p.path,
                                {},
                                p.kind == LoadProblem::Kind::Skipped
                                    ? DeidFileOutcome::Status::Skipped
                                    : DeidFileOutcome::Status::Failed,
                                p.message});
    std::vector<DeidFileOutcome> outcomes(work.size());
    std::mutex resultMutex;
    OutputClaims claims;
    // One mapping table per worker, merged at the end: no lock while files are written.
    std::vector<MappingTable> local(std::size_t(parallelThreads(m_options.threads, work.size())));
    ParallelOptions parallel;
    parallel.threads = m_options.threads;
    parallel.progress = &progress;
    parallel.every = 8;
    parallel.what = [&](std::size_t i) { return work[i].first->path; };
    const ParallelResult run = parallelFor(
        work.size(),
        [&](std::size_t i, int worker) {
            const InstanceInfo& info = *work[i].first;
            DeidFileOutcome& out = outcomes[i];
            DeidPlan plan;
            try {
                const std::size_t study = work[i].second;
                out = one(info, studySets[study], plan, claims, studyImages[study]);
                if (out.status == DeidFileOutcome::Status::Written && profile().keepsMapping())
                    local[std::size_t(worker)].addPlan(plan);
            } catch (...) {
                out = {info.path, {}, DeidFileOutcome::Status::Failed, currentExceptionMessage()};
            }
            if (m_options.onPlanned && !plan.changes.empty()) {
                std::lock_guard lock(resultMutex);
                m_options.onPlanned(plan, out);
            }
        },
        cancel, parallel);
    for (std::size_t i = 0; i < work.size(); ++i)
        if (!run.ran(i))
            outcomes[i] = {work[i].first->path,
                           {},
                           DeidFileOutcome::Status::Skipped,
                           "cancelled before it was written"};
    for (const ParallelResult::Failure& f : run.failures)
        outcomes[f.item] = {
            work[f.item].first->path, {}, DeidFileOutcome::Status::Failed, f.message};
    for (const MappingTable& m : local)
        result.mapping.merge(m);
    result.cancelled = cancel.isCancelled();
    result.files.insert(result.files.end(), std::make_move_iterator(outcomes.begin()),
                        std::make_move_iterator(outcomes.end()));
    return result;
}

} // namespace veil
