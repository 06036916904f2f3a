#include "deid/DeidJob.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "dicom/DeidApplier.h"
#include "document/ReportRedaction.h"

#include <algorithm>
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

DeidFileOutcome DeidJob::one(const InstanceInfo& info, const IdentifierSet& study, DeidPlan& plan,
                             OutputClaims& claims) const {
    DeidFileOutcome outcome;
    outcome.source = info.path;
    DicomFile file = DicomFile::open(info.localPath, DicomFile::Load::Full);
    const std::vector<ElementValue> elements = file.elements();
    plan = m_planner.planInStudy(elements, study, info.path);
    if (m_options.beforeApply)
        m_options.beforeApply(file, info, plan);
    if (isEncapsulatedPdf(file)) {
        IdentifierSet ids = IdentifierSet::fromElements(elements);
        ids.merge(study);
        applyPlanWithReport(file, plan, ids, profile().replaceEncapsulatedDocuments);
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
    std::vector<std::pair<const InstanceInfo*, std::size_t>> work;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& s : p.studies) {
            studySets.push_back(IdentifierSet::fromStudy(p, s));
            for (const SeriesNode& series : s.series)
                for (const InstanceInfo& i : series.instances)
                    work.emplace_back(&i, studySets.size() - 1);
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
                out = one(info, studySets[work[i].second], plan, claims);
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
