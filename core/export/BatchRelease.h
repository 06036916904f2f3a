#pragma once
// An unreviewed batch release (`veil-cli deid`), as safe as an export: DeidJob into
// OUT.veil-partial-XXXXXX with the boxes of a boxes file and the text detector's regions
// burned in, the verification gate over what this run wrote, then the files published into
// OUT (one rename for a new OUT; file by file, never replacing, into a Veil output folder
// of the same key: a previous run or a concurrent shard), the audit ("batch-release",
// reviewed=false, the run's closing event) and a certificate beside OUT. When the gate finds
// anything the outputs are kept in OUT.veil-failed-XXXXXX (never in OUT) and the result says
// VERIFICATION FAILED with the hits. A killed run leaves only a partial folder, which the
// next run beside it removes.
#include "audit/AuditRecorder.h"
#include "common/Progress.h"
#include "deid/DeidJob.h"
#include "deid/Release.h"
#include "export/OutputFolder.h"
#include "export/PixelRedactionStep.h"
#include "study/AccessionCheck.h"
#include "verify/VerificationGate.h"

#include <filesystem>
#include <functional>
#include <optional>

namespace veil {

struct BatchReleaseOptions {
    std::filesystem::path outDir;
    std::vector<std::filesystem::path> inputs; // as given: OUT must not be inside one
    int threads = 0;
    std::optional<BoxesFile> boxes; // --boxes FILE.json
    // --redact auto|all-text: the OCR module's automatic regions plug in here. Null: none.
    RegionFinder regionFinder;
    std::string redact = "none"; // the policy behind regionFinder, for the audit and summary
    bool verify = true;          // false: --no-verify
    PixelChecker* pixelChecker = nullptr; // null: the gate does not read the pixels (--no-ocr)
    ReleaseIdentity release;        // publication: the release's own values (no id: a new one)
    AuditRecorder* audit = nullptr; // null: nothing recorded
    std::string veilVersion;        // for the certificate
    std::function<void(const DeidPlan&, const DeidFileOutcome&)> onPlanned; // --explain
    bool acceptMrFacePlane = false; // --accept-mr-face-plane (Clean Recognizable Visual Features)
    // --expect-accessions FILE: the accession numbers the release must hold. The studies of the
    // index are compared with it before anything is written; on a mismatch nothing is
    // written or published (the result says which, the audit records the check), on a match
    // the certificate records the list's SHA-256 and the counts.
    std::optional<AccessionList> expectedAccessions;
};

struct BatchReleaseResult {
    DeidJobResult deid;                             // outputs as published (or kept)
    std::optional<VerificationReport> verification; // absent with verify=false
    // By source path, the instances whose pixels were burned (framesTouched > 0) only: the
    // others are not kept, so memory does not grow with every file of a large batch.
    std::map<std::string, PixelRedactionRecord> redactions;
    // Clean Recognizable Visual Features: what face removal did, series by series (null: the
    // profile did not ask for it).
    std::shared_ptr<const FaceRemovalPlan> faces;
    std::vector<std::string> mayShowFace; // seriesLabel of every series that may show a face
    std::string releaseId;                // the release's id (made when the options had none)
    int markedTextLeft = 0;  // outputs whose BurnedInAnnotation was set to YES after the gate
    PublishResult published; // what went into OUT
    std::filesystem::path keptInFailedFolder; // the gate failed: the outputs are here, not in OUT
    std::filesystem::path certificateFile;    // beside OUT, when something was published
    std::optional<AccessionComparison> accessions; // with expectedAccessions only
    bool verificationFailed() const { return verification && !verification->passed(); }
    // The studies do not match the expected accessions: nothing was written.
    bool accessionMismatch() const { return accessions && !accessions->complete(); }
    bool ok() const {
        return deid.failed() == 0 && !verificationFailed() && published.conflicts.empty() &&
               !deid.cancelled && !accessionMismatch();
    }
};

// Why the batch cannot start (empty: it can): OUT inside an input, OUT neither new, empty
// nor a Veil output folder of this key (outputFolderProblem).
std::string batchReleaseProblem(const BatchReleaseOptions& options, const ProjectKey& key);

// Throws veil::Error for batchReleaseProblem and when OUT's folder cannot be written.
BatchReleaseResult runBatchRelease(const StudyIndex& index, const Profile& profile,
                                   const ProjectKey& key, const BatchReleaseOptions& options,
                                   ProgressSink& progress, const CancelToken& cancel);

} // namespace veil
