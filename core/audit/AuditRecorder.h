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
#include "verify/VerificationGate.h"

#include <QJsonObject>

#include <set>
#include <string>

namespace veil {

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

    // Review decisions.
    void boxDrawn(const ReviewBox& box);            // "box-drawn"
    void boxAccepted(const ReviewBox& box);         // "box-accepted" (a finding's box)
    void boxRejected(const std::string& findingId); // "box-rejected"
    void boxRemoved(const ReviewBox& box);          // "box-removed"
    void instanceReviewed(const std::string& sopInstanceUid,
                          const InstanceReview& review); // "instance-reviewed"
    // Every box, decision and reviewed mark of the session for instances in `scope` (empty:
    // all), as the events above: what an export records about the review behind it.
    void sessionDecisions(const ReviewSession& session, const std::set<std::string>& scope);
    // Boxes read from a boxes file (CLI): its SHA-256 and every entry.
    void boxesFile(const std::string& path, const BoxesFile& boxes); // "boxes-file"
    void signOff(const SignOff& signOff); // "sign-off", person = the signer

    // The gate.
    void verification(const VerificationReport& report); // "verification" (no values)
    void gateOverride(const GateOverride& override,
                      const VerificationReport& report); // "gate-override", person = approver

    // Releases.
    // An unreviewed batch (veil-cli deid): "batch-release" with reviewed=false.
    void batchRelease(const std::string& outDir, const Profile& profile, const QJsonObject& counts);
    void exportStarted(const std::string& destination, const Profile& profile,
                       const QJsonObject& details);
    void exportBlocked(const std::string& destination, const std::string& why); // "export-blocked"
    void exportFailed(const std::string& destination, const std::string& why);  // "export-failed"
    // "export-refused": what stood in the way before anything was written, one item each
    void exportRefused(const std::string& destination, const Problems& problems);
    void exportCancelled(const std::string& destination); // "export-cancelled"
    void exportFinished(const std::string& destination,
                        const QJsonObject& details); // "export-finished"

    // Slide decks (docs/slides.md): never the text read, only kinds, counts and places.
    void deckChecked(const std::string& deck, const QJsonObject& countsByKind); // "deck-checked"
    void deckFindingKept(const std::string& deck, const std::string& findingId, int slide,
                         const std::string& kind); // "deck-finding-kept": not redacted
    void deckCleaned(const std::string& deck, const std::string& output,
                     const QJsonObject& details); // "deck-cleaned"
    // A finished export sent to a PACS node (C-STORE), after the certificate was written:
    // "pacs-send" with the node, the counts and the send receipt beside the export.
    void pacsSent(const std::string& node, const std::string& destination,
                  const std::string& receipt, int sent, int failed, bool cancelled);

    // Anything else, for events not listed above.
    std::string record(const QString& event, const QJsonObject& data);

private:
    std::string recordAs(const std::string& person, const QString& event, const QJsonObject& data);

    AuditLog m_log;
    std::string m_person;
};

// A box as the audit and the certificate write it.
QJsonObject boxJson(const ReviewBox& box);

} // namespace veil
