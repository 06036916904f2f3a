#include "export/ExportJob.h"

#include "common/Error.h"
#include "export/ExportRun.h"
#include "export/Staging.h"
#include "face/FaceRemoval.h"

namespace veil {

namespace fs = std::filesystem;

RedactPolicy redactPolicyFor(const ExportRequest& r) {
    if (r.redact)
        return *r.redact;
    return r.profile.level == ReleaseLevel::Publication ? RedactPolicy::Auto : RedactPolicy::None;
}

namespace {

fs::path normalDestination(const fs::path& destination) {
    fs::path p = fs::absolute(destination).lexically_normal();
    return p.has_filename() ? p : p.parent_path();
}

void checkDestination(const ExportRequest& r, Problems& p) {
    if (r.destination.empty()) {
        p.add("no destination given");
        return;
    }
    const fs::path dest = normalDestination(r.destination);
    std::error_code ec;
    if (fs::exists(dest, ec))
        p.add(dest.string() + " already exists: an export never overwrites anything");
    if (!fs::is_directory(dest.parent_path(), ec))
        p.add(dest.parent_path().string() + ": the destination's folder does not exist");
}

void checkMapping(const ExportRequest& r, Problems& p) {
    if (!r.profile.keepsMapping()) {
        if (!r.mappingFile.empty())
            p.add("the publication level keeps no mapping table: no mapping file is written");
        return;
    }
    if (r.mappingFile.empty()) {
        p.add("the limited level keeps an encrypted mapping table: say where it goes");
        return;
    }
    const fs::path dest = normalDestination(r.destination);
    const std::string partialPrefix = dest.filename().string() + StagingArea::kMarker;
    bool inPartial = false;
    for (const fs::path& part : fs::absolute(r.mappingFile).lexically_normal())
        inPartial = inPartial || part.string().rfind(partialPrefix, 0) == 0;
    if (isInside(r.mappingFile, dest) || inPartial)
        p.add("the mapping table must not go inside the export (" + r.mappingFile.string() +
              " is inside " + dest.string() + ")");
    std::error_code ec;
    if (fs::exists(r.mappingFile, ec))
        p.add(r.mappingFile.string() + " already exists: a mapping table is never overwritten");
}

void checkScope(const ExportRequest& r, const StudyIndex& index, Problems& p) {
    int missing = 0;
    for (const std::string& uid : r.scope)
        missing += index.findInstance(uid) == nullptr;
    if (missing > 0)
        p.add(std::to_string(missing) + " instance(s) in scope are not in the study");
    if (selectInstances(index, r.scope).instanceCount() == 0)
        p.add("nothing to export: no instance in scope");
}

void checkReview(const ExportRequest& r, const StudyIndex& index, Problems& p) {
    if (!r.review)
        return;
    const ScopeReview review = checkScopeReviewed(*r.review, index, r.scope, r.findings);
    if (!review.complete())
        p.add(review.message());
}

void checkAccessions(const ExportRequest& r, const StudyIndex& index, Problems& p) {
    if (!r.expectedAccessions || r.acceptAccessionMismatch)
        return;
    const AccessionComparison c =
        compareAccessions(*r.expectedAccessions, selectInstances(index, r.scope));
    for (const std::string& line : c.problems())
        p.add("accession list " + fs::path(r.expectedAccessions->file).filename().string() + ": " +
              line);
}

// Clean Recognizable Visual Features refuses MR unless the fallback is accepted: say so before
// anything is written, not as a failed file halfway through.
void checkFaces(const ExportRequest& r, const StudyIndex& index, Problems& p) {
    const bool clean = r.profile.options.has(Option::CleanRecognizableVisualFeatures);
    if (!clean || r.acceptMrFacePlane)
        return;
    if (std::string problem = mrFacePlaneProblem(selectInstances(index, r.scope), clean, false);
        !problem.empty())
        p.add(std::move(problem));
}

} // namespace

const char* statusName(ExportStatus status) {
    switch (status) {
    case ExportStatus::Exported:
        return "exported";
    case ExportStatus::Refused:
        return "refused";
    case ExportStatus::Blocked:
        return "blocked";
    case ExportStatus::Failed:
        return "failed";
    case ExportStatus::Cancelled:
        return "cancelled";
    }
    return "failed";
}

StudyIndex selectInstances(const StudyIndex& index, const std::set<std::string>& scope) {
    std::vector<InstanceInfo> chosen;
    for (const InstanceInfo* i : index.instances())
        if (scope.empty() || scope.count(i->sopInstanceUid))
            chosen.push_back(*i);
    StudyIndex out = StudyIndex::build(std::move(chosen), {});
    out.scratch = index.scratch;
    return out;
}

bool isInside(const fs::path& path, const fs::path& dir) {
    const fs::path f = fs::weakly_canonical(fs::absolute(path));
    const fs::path d = fs::weakly_canonical(fs::absolute(dir));
    auto it = f.begin();
    for (const fs::path& part : d) {
        if (part.empty())
            continue; // a trailing separator
        if (it == f.end() || *it != part)
            return false;
        ++it;
    }
    return true;
}

ExportJob::ExportJob(ExportRequest request, const ProjectKey& key)
    : m_request(std::move(request)), m_key(key) {
    if (m_request.release.id.empty())
        m_request.release.id = newReleaseId(); // one per export unless the caller names it
}

Problems ExportJob::preflight(const StudyIndex& index) const {
    Problems p;
    checkDestination(m_request, p);
    try {
        m_request.profile.validate();
    } catch (const Error& e) {
        p.add(e.what());
    }
    checkMapping(m_request, p);
    checkScope(m_request, index, p);
    for (std::string& s : checkSignOffs(m_request.signOffs, m_request.profile.level).items)
        p.add(std::move(s));
    checkReview(m_request, index, p);
    checkAccessions(m_request, index, p);
    checkFaces(m_request, index, p);
    if (m_request.gateOverride)
        for (std::string& s : checkOverride(*m_request.gateOverride, m_request.signOffs).items)
            p.add(std::move(s));
    return p;
}

ExportResult ExportJob::run(const StudyIndex& index, ProgressSink& progress,
                            const CancelToken& cancel) const {
    const Problems problems = preflight(index);
    if (!problems.ok())
        return ExportRun::refused(m_request, problems);
    return ExportRun(m_request, m_key, selectInstances(index, m_request.scope), progress, cancel)
        .run();
}

} // namespace veil
