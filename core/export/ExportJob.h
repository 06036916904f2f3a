#pragma once
// The reviewed, signed-off release of a study: de-identification (DeidJob) with the review's
// redaction regions burned in, an optional DICOMDIR, the verification gate over every
// written file, a folder or a zip moved into place with one rename, and a certificate and an
// audit log beside it. Nothing that looks like a finished export exists until every file
// passed the gate (or the approver overrode it with a written reason).
//
//   DEST.veil-partial-XXXXXX/   while it is made (removed on failure; stale ones are
//                               cleaned by the next export beside it)
//   DEST                        the folder or .zip, complete
//   DEST.certificate.json       the certificate (ui/report renders it as a PDF)
//   DEST.audit.jsonl            the hash-chained audit log (appended to, never rewritten)
#include "common/Progress.h"
#include "deid/DeidJob.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "deid/Release.h"
#include "export/Certificate.h"
#include "export/PixelRedactionStep.h"
#include "ocr/RedactionPolicy.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewSession.h"
#include "review/ReviewStatus.h"
#include "review/SignOff.h"
#include "study/AccessionCheck.h"
#include "study/StudyIndex.h"
#include "verify/VerificationGate.h"

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace veil {

enum class ExportContainer { Folder, Zip };

struct ExportRequest {
    std::filesystem::path destination; // the folder or .zip to create; must not exist yet
    ExportContainer container = ExportContainer::Folder;
    // Adds a DICOMDIR and writes every file under ISO 9660 names (PAT00001/STU00001/...).
    bool dicomdir = false;
    std::set<std::string> scope; // SOP Instance UIDs to export; empty: every instance
    Profile profile;
    std::vector<SignOff> signOffs;
    // The review behind the export: its boxes are burned, its reviewed marks let
    // BurnedInAnnotation say NO, its decisions go into the audit and the certificate. When
    // given, everything in scope must be reviewed (ReviewStatus) before anything is written.
    std::optional<ReviewSession> review;
    FindingsByInstance findings;    // the scan's findings per instance, for the review check
    std::optional<BoxesFile> boxes; // more regions, from a boxes file
    // Automatic regions: by default at publication the text detector reads every frame and
    // its identifying findings are burned (RedactPolicy::Auto), except where the reviewer
    // kept a finding; `redact` None turns it off (recorded). Given a regionFinder, that one.
    std::optional<RedactPolicy> redact; // empty: Auto at publication, None at limited
    RegionFinder regionFinder;
    ReleaseIdentity release; // publication: the release's own values (no id: a new one)
    // Limited level: where the encrypted mapping table goes. Never inside the destination.
    std::filesystem::path mappingFile;
    std::optional<GateOverride> gateOverride; // the approver's override, used only on hits
    PixelChecker* pixelChecker = nullptr;     // reads every output frame; null: pixels NOT checked
    // Release completeness: the accession numbers the release must hold. A mismatch with the
    // studies in scope stops the preflight unless the user accepted it (recorded in the audit
    // and the certificate with the list's SHA-256 and the counts).
    std::optional<AccessionList> expectedAccessions;
    bool acceptAccessionMismatch = false;
    int threads = 0;
    // Clean Recognizable Visual Features on MR: run the face-plane fallback (else refused).
    bool acceptMrFacePlane = false;
    std::string person;             // who runs the export (audit); default: $USER
    std::filesystem::path auditLog; // default: auditPathFor(destination)
    std::string veilVersion;
};

enum class ExportStatus {
    Exported, // in place, with its certificate
    Refused,  // preflight problems: nothing was written (message lists them)
    Blocked,  // the gate found identifying content: nothing left but the audit
    Failed,   // a file could not be de-identified or written
    Cancelled,
};
const char* statusName(ExportStatus status); // "exported", "refused", ...

struct ExportResult {
    ExportStatus status = ExportStatus::Failed;
    std::string message; // plain words: the problems, the hits' count, the failure
    Problems refusal;    // Refused: what stood in the way, one item each (message joins them)
    std::filesystem::path destination, certificateFile, auditFile;
    std::vector<DeidFileOutcome> files; // per-file outcomes of the de-identification
    VerificationReport verification;
    std::optional<Certificate> certificate; // Exported only
    std::string faceRemoval; // FaceRemovalPlan::summary() when the profile asked for it
    bool ok() const { return status == ExportStatus::Exported; }
};

class ExportJob {
public:
    ExportJob(ExportRequest request, const ProjectKey& key);

    // What stands in the way before anything is written: destination, mapping location,
    // sign-offs, review completeness, the override's author and reason. The GUI enables its
    // Export button when this is empty.
    Problems preflight(const StudyIndex& index) const;
    // Never throws: every failure is a status with a message.
    ExportResult run(const StudyIndex& index, ProgressSink& progress,
                     const CancelToken& cancel) const;

    const ExportRequest& request() const { return m_request; }

private:
    ExportRequest m_request;
    ProjectKey m_key;
};

// The instances of `index` in `scope` (empty: all), as an index of their own.
StudyIndex selectInstances(const StudyIndex& index, const std::set<std::string>& scope);

// What ExportRequest::redact resolves to for this profile.
RedactPolicy redactPolicyFor(const ExportRequest& request);

// Is `path` the folder `dir` or inside it (both made absolute, symlinks resolved where they exist)?
bool isInside(const std::filesystem::path& path, const std::filesystem::path& dir);

} // namespace veil
