#pragma once
// De-identifies every instance of a StudyIndex into an output tree, in parallel, as a
// cancellable job. One bad file never stops the batch: it becomes a per-file outcome.
#include "common/Progress.h"
#include "deid/DeidPlan.h"
#include "deid/DeidPlanner.h"
#include "deid/MappingTable.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "dicom/DicomFile.h"
#include "document/ReportReview.h"
#include "identity/IdentifierSet.h"
#include "study/StudyIndex.h"

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace veil {

struct DeidFileOutcome {
    enum class Status { Written, Skipped, Failed };
    std::string source; // as found
    std::string output; // where the copy was written (Written only)
    Status status = Status::Failed;
    std::string message;   // why it was skipped or failed
    int cleanedValues = 0; // free-text values that lost identifying text (plan rows "clean")
};

struct DeidJobResult {
    std::vector<DeidFileOutcome> files;
    MappingTable mapping; // filled only when the profile keeps a mapping (limited level)
    bool cancelled = false;
    int written() const { return count(DeidFileOutcome::Status::Written); }
    int skipped() const { return count(DeidFileOutcome::Status::Skipped); }
    int failed() const { return count(DeidFileOutcome::Status::Failed); }
    int count(DeidFileOutcome::Status status) const;
    int cleanedValues() const;
};

struct DeidJobOptions {
    std::filesystem::path outDir;
    int threads = 0; // 0: one per core
    // Runs on a worker thread for each instance after it was planned, before the plan is
    // applied: pixel redaction plugs in here (and records Clean Pixel Data with recordMethod).
    std::function<void(DicomFile&, const InstanceInfo&, DeidPlan&)> beforeApply;
    // Runs on a worker thread for each report (an Encapsulated PDF or a PDF beside the
    // study): the review's boxes and kept findings on its pages, which the rebuilt document
    // honours (export/PixelRedactionStep's reportReviewFrom). Null: the rule's findings only.
    std::function<ReportReview(const InstanceInfo&)> reportReview;
    // Runs on a worker thread (several at once: must be thread-safe) with each source's
    // elements as read, before anything is changed: the gate's evidence is gathered here
    // instead of reading every source a second time. `own`: IdentifierSet::fromElements of
    // them, taken once for the plan and the gate.
    std::function<void(const std::vector<ElementValue>&, const IdentifierSet& own,
                       const InstanceInfo&)>
        onSourceRead;
    // Runs (one call at a time) with each instance's plan and outcome: --explain, the audit.
    std::function<void(const DeidPlan&, const DeidFileOutcome&)> onPlanned;
};

class DeidJob {
public:
    DeidJob(Profile profile, const ProjectKey& key, DeidJobOptions options);

    // Never throws for bad input files; returns what was done before a cancel.
    DeidJobResult run(const StudyIndex& index, ProgressSink& progress,
                      const CancelToken& cancel) const;

    const Profile& profile() const { return m_planner.profile(); }

private:
    DeidFileOutcome one(const InstanceInfo& info, const IdentifierSet& study, DeidPlan& plan,
                        class OutputClaims& claims, const InstanceInfo* studyImage = nullptr) const;

    DeidPlanner m_planner;
    DeidJobOptions m_options;
};

// Where a de-identified instance goes below the output folder:
// <pseudonymous patient>/<study UID>/<series UID>/<SOP instance UID>.dcm
std::filesystem::path outputPathFor(const DeidPlan& plan);

} // namespace veil
