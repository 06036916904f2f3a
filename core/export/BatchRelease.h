#pragma once
// An unreviewed batch release (`veil-cli deid`): DeidJob into an output folder with boxes
// from a boxes file burned in, then the verification gate over what this run wrote, and the
// audit ("batch-release", reviewed=false). Unlike an ExportJob the outputs stay where they
// were written whatever the gate finds: the result says VERIFICATION FAILED and lists hits.
#include "audit/AuditRecorder.h"
#include "common/Progress.h"
#include "deid/DeidJob.h"
#include "deid/Release.h"
#include "export/PixelRedactionStep.h"
#include "verify/VerificationGate.h"

#include <filesystem>
#include <functional>
#include <optional>

namespace veil {

struct BatchReleaseOptions {
    std::filesystem::path outDir;
    int threads = 0;
    std::optional<BoxesFile> boxes; // --boxes FILE.json
    // --redact auto|all-text: the OCR module's automatic regions plug in here. Null: none.
    RegionFinder regionFinder;
    std::string redact = "none"; // the policy behind regionFinder, for the audit and summary
    bool verify = true;          // false: --no-verify
    PixelChecker* pixelChecker = nullptr; // null: the gate does not read the pixels (--no-ocr)
    ReleaseIdentity release; // publication: the release's own values (no id: a new one)
    AuditRecorder* audit = nullptr; // null: nothing recorded
    std::function<void(const DeidPlan&, const DeidFileOutcome&)> onPlanned; // --explain
};

struct BatchReleaseResult {
    DeidJobResult deid;
    std::optional<VerificationReport> verification;         // absent with verify=false
    std::map<std::string, PixelRedactionRecord> redactions; // by source path
    std::string releaseId;  // the release's id (made when the options had none)
    int markedTextLeft = 0; // outputs whose BurnedInAnnotation was set to YES after the gate
    bool verificationFailed() const { return verification && !verification->passed(); }
};

BatchReleaseResult runBatchRelease(const StudyIndex& index, const Profile& profile,
                                   const ProjectKey& key, const BatchReleaseOptions& options,
                                   ProgressSink& progress, const CancelToken& cancel);

} // namespace veil
