#pragma once
// Typed audit events over the hash-chained AuditLog, so the GUI and veil-cli record the same
// decisions with the same event names and fields (docs/export.md lists them).
//
// What never enters the log: identifying values (a verification hit is recorded by file,
// place and attribute, not by value), keys, passphrases, mapping tables. Instances are named
// by their original SOP Instance UID: the audit log is the sender's record, kept beside the
// export and not shipped with it.
#include "audit/AuditLog.h"
#include "deid/Profile.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewSession.h"
#include "review/SignOff.h"
#include "study/AccessionCheck.h"
#include "verify/VerificationGate.h"

#include <QJsonObject>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace veil {

// How a change of the review came about: an edit, or a step through its history.
enum class ReviewChange { Edit, Undo, Redo };
const char* reviewChangeName(ReviewChange change); // "edit", "undo", "redo"

// What an export is about to do ("export-started", with the destination, level and profile).
struct ExportStarted {
    int instances = 0;
    bool zip = false; // "container": "zip", else "folder"
    bool dicomdir = false;
    std::string redact;      // the burned-in text policy: "auto", "all-text", "none"
    bool pixelsRead = false; // the gate reads every output frame
    std::string releaseId;
    bool valuesOfThisReleaseOnly = false;
    std::string partial; // the partial folder's name
};

// What an unreviewed batch did ("batch-release", with the output, level and profile).
struct BatchReleased {
    int written = 0, skipped = 0, failed = 0, redactedImages = 0;
    std::optional<bool> verificationPassed; // none: not verified ("verified": false)
    std::string pixels;                     // what the gate read of the pixels, in words
    bool pixelsChecked = false;
    int burnedInAnnotationSetToYes = 0; // 0: left out
    std::string keptIn;                 // the failed folder; empty: left out
    int published = 0;
    int conflicts = 0; // 0: left out
    std::string redact, releaseId;
    bool valuesOfThisReleaseOnly = false;
    std::string faceRemoval; // the face removal plan's summary; empty: left out
};

// What a finished export records, in the export's own log (files, images, their digest) and
// in the study's log (where the certificate and the export's log are): one shape, the fields
// a log does not know left out.
struct ExportFinished {
    int files = 0;
    int images = -1;                // -1: left out
    std::string filesSha256;        // SHA-256 over the "path sha256" lines; empty: left out
    bool verificationPassed = true; // false: overridden by the approver
    std::string certificate, exportAuditLog; // empty: left out
};

// A cleaned slide deck: what changed and what the check of the copy found.
struct DeckCleaned {
    int changes = 0, slides = 0, notCleaned = 0, findingsAfter = 0;
};

// Every event is one of the typed calls below: no event is written as free-form JSON, so the
// GUI and veil-cli cannot write the same event in two shapes.
class AuditRecorder {
public:
    // Opens (or creates) the log at `path`; `person` is who is at the keyboard. Throws veil::Error.
    AuditRecorder(const QString& path, std::string person);

    const AuditLog& log() const { return m_log; }
    const std::string& person() const { return m_person; }

    // Choices of level, options and overrides.
    void levelChosen(ReleaseLevel level);       // "level"
    void optionChanged(Option option, bool on); // "option"
    void profileChosen(const Profile& profile); // "profile": level, options, overrides, sha256
    // The choice made cannot be used as a profile (the problem, no values).
    void profileInvalid(const std::string& problem); // "profile-invalid"

    // Review decisions.
    void boxDrawn(const ReviewBox& box);                       // "box-drawn"
    void boxAccepted(const ReviewBox& box);                    // "box-accepted" (a finding's box)
    void boxRejected(const std::string& findingId);            // "box-rejected"
    void boxRemoved(const ReviewBox& box);                     // "box-removed"
    void boxMoved(const ReviewBox& from, const ReviewBox& to); // "box-moved": `to` and "from"
    // A finding accepted whose box is not known here: "box-accepted" with its id only.
    void findingAccepted(const std::string& findingId);
    void decisionCleared(const std::string& findingId, Decision was); // "decision-cleared"
    // An undo or redo of the review: "undo"/"redo" with the command's text (nothing for Edit:
    // an edit's own events say what it did).
    void reviewStep(ReviewChange change, const std::string& what);
    void instanceReviewed(const std::string& sopInstanceUid,
                          const InstanceReview& review); // "instance-reviewed"
    // Every box, decision and reviewed mark of the session for instances in `scope` (empty:
    // all), as the events above: what an export records about the review behind it.
    void sessionDecisions(const ReviewSession& session, const std::set<std::string>& scope);
    // Boxes read from a boxes file (CLI): its SHA-256 and every entry.
    void boxesFile(const std::string& path, const BoxesFile& boxes); // "boxes-file"
    void signOff(const SignOff& signOff); // "sign-off", person = the signer
    // Sign-offs a later change cleared (names and roles), the change's text and how it came.
    void signOffsCleared(const std::vector<SignOff>& cleared, const std::string& change,
                         ReviewChange cause);     // "sign-offs-cleared"
    void signOffRestored(const SignOff& signOff); // "sign-off-restored" (an undo brought it back)

    // The gate.
    void verification(const VerificationReport& report); // "verification" (no values)
    void gateOverride(const GateOverride& override,
                      const VerificationReport& report); // "gate-override", person = approver

    // Releases.
    // An unreviewed batch (veil-cli deid): "batch-release" with reviewed=false.
    void batchRelease(const std::string& outDir, const Profile& profile,
                      const BatchReleased& released);
    // "batch-release-refused": the batch was not made (why, and the problems one item each)
    void batchReleaseRefused(const std::string& destination, const std::string& why,
                             const std::vector<std::string>& problems);
    void exportStarted(const std::string& destination, const Profile& profile,
                       const ExportStarted& started);
    // The expected accessions against the studies found: "accession-check" (list name,
    // SHA-256, counts, accepted or not; AccessionComparison::auditJson).
    void accessionCheck(const AccessionComparison& comparison, const AccessionList& list,
                        bool mismatchAccepted);
    // Faces removed before de-identification: "face-removal" (the plan's summary per series).
    void faceRemoval(const std::string& summary, bool mrFacePlaneAccepted);
    void exportBlocked(const std::string& destination, const std::string& why); // "export-blocked"
    void exportFailed(const std::string& destination, const std::string& why);  // "export-failed"
    // "export-refused": what stood in the way before anything was written, one item each
    void exportRefused(const std::string& destination, const Problems& problems);
    void exportCancelled(const std::string& destination); // "export-cancelled"
    void exportFinished(const std::string& destination,
                        const ExportFinished& finished); // "export-finished"

    // Slide decks (docs/slides.md): never the text read, only kinds, counts and places.
    void deckChecked(const std::string& deck,
                     const std::map<std::string, int>& countsByKind); // "deck-checked"
    void deckFindingKept(const std::string& deck, const std::string& findingId, int slide,
                         const std::string& kind); // "deck-finding-kept": not redacted
    void deckCleaned(const std::string& deck, const std::string& output,
                     const DeckCleaned& cleaned); // "deck-cleaned"
    // A finished export sent to a PACS node (C-STORE), after the certificate was written:
    // "pacs-send" with the node, the counts and the send receipt beside the export.
    void pacsSent(const std::string& node, const std::string& destination,
                  const std::string& receipt, int sent, int failed, bool cancelled);

private:
    std::string record(const QString& event, const QJsonObject& data);
    std::string recordAs(const std::string& person, const QString& event, const QJsonObject& data);

    AuditLog m_log;
    std::string m_person;
};

// A box as the audit and the certificate write it.
QJsonObject boxJson(const ReviewBox& box);

} // namespace veil
