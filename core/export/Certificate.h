#pragma once
// The export certificate: what was released, at which level and with which rules, who
// reviewed and approved it, every decision summarised, the verification result, the SHA-256
// of every exported file and the audit chain head. Written as DEST.certificate.json beside
// the export (never inside it); ui/report renders it as a PDF. It names exported files and
// people, never a source value or an original UID.
#include "deid/Options.h"
#include "deid/Profile.h"
#include "deid/Release.h"
#include "face/FaceRemoval.h"
#include "review/ReviewSession.h"
#include "review/SignOff.h"
#include "study/AccessionCheck.h"
#include "verify/VerificationGate.h"

#include <QJsonObject>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace veil {

struct CertificateFile {
    std::string path; // inside the export, '/' separators
    std::string sha256;
    long long bytes = 0;
};

// One decision behind the export. kind: "box-drawn", "box-accepted", "box-rejected",
// "instance-reviewed", "instance-bulk-approved", "profile-override", "sign-off", "gate-override".
struct DecisionRecord {
    std::string kind;
    std::string file;   // the exported file it concerns; empty when it concerns the whole export
    std::string detail; // "frame 3: x 10 y 20, 120x14", "reason: ...", "(0010,0010) K"
};

struct CertificateHit {
    std::string file, where, attribute; // never the value
};

struct CertificateVerification {
    bool passed = false;
    int filesChecked = 0;
    bool pixelsChecked = false; // every frame of every output read by OCR
    std::string pixels;         // VerificationReport::pixelsText(): what was done with them
    std::vector<CertificateHit> hits;
    std::optional<GateOverride> override; // the approver let hits through
};

// Release completeness against the approved accession list: its SHA-256 and the counts (the
// accession numbers themselves are source values: they stay in the list and the audit).
struct CertificateAccessions {
    std::string listSha256;
    int expected = 0, found = 0, missing = 0, studiesNotOnList = 0;
    bool mismatchAccepted = false; // exported although the studies did not match the list
    bool complete() const { return missing == 0 && studiesNotOnList == 0; }
    static CertificateAccessions from(const AccessionComparison& c, bool mismatchAccepted);
};

// A series that may show a face (study/FaceRisk), by number and modality (its description is
// a source value), and what face removal did with it.
struct CertificateFace {
    int seriesNumber = 0;
    std::string modality;
    int images = 0;
    std::string why;     // the header words and geometry that flagged it
    std::string removal; // "defaced (CT bone front, N voxels set to air)", "not asked for", ...
    bool defaced = false;
};

struct Certificate {
    std::string created; // ISO 8601 UTC
    std::string veilVersion;
    std::string destination;          // the export's name (its file or folder name)
    std::string container = "folder"; // "folder" or "zip"
    bool dicomdir = false;
    int patients = 0, studies = 0, series = 0, images = 0, frames = 0;
    ReleaseLevel level = ReleaseLevel::Publication;
    OptionSet options;
    std::string profileName, profileSha256, tableEdition;
    std::vector<std::string> overrides; // overrideLines(profile)
    bool mappingKept = false;           // limited: an encrypted mapping table stays with the sender
    std::string releaseId;              // the release the pseudonyms were made for
    bool valuesOfThisReleaseOnly = false; // publication: no value shared with another release
    std::string redact = "none"; // automatic redaction of burned-in text: auto, all-text, none
    std::vector<SignOff> signOffs;
    std::map<std::string, int> decisionCounts; // by kind
    std::vector<DecisionRecord> decisions;
    int redactedImages = 0;             // files whose pixels were burned
    std::vector<CertificateFace> faces; // series that may show a face
    CertificateVerification verification;
    std::optional<CertificateAccessions> accessions; // no list given: empty
    std::vector<CertificateFile> files;
    std::string auditLog; // the audit log's file name (beside the export)
    std::string auditHead;
    long long auditLines = 0;

    std::vector<const SignOff*> reviewers() const;
    const SignOff* approver() const { return approverOf(signOffs); }
    void addDecision(DecisionRecord record); // counts it too
    // Level, options, profile (name, SHA-256, table edition, overrides), mapping, release id
    // and whether its values are its own, and the redaction policy for burned-in text.
    void describeRelease(const Profile& profile, const ReleaseIdentity& release,
                         const std::string& redactPolicy);

    QJsonObject toJson() const;
    static Certificate fromJson(const QJsonObject& json); // throws veil::Error
    // Atomic (temporary file, rename). The bytes of QJsonDocument(toJson()) indented, the
    // file list written entry by entry. Throws veil::Error.
    void save(const std::filesystem::path& file) const;
    static Certificate load(const std::filesystem::path& file);

private:
    QJsonObject toJson(bool withFiles) const;
};

// Beside the export: DEST.certificate.json and DEST.audit.jsonl.
std::filesystem::path certificatePathFor(const std::filesystem::path& destination);
std::filesystem::path auditPathFor(const std::filesystem::path& destination);

// The review's decisions for instances in scope, each tied to its exported file through
// `exportedFile` (original SOP Instance UID → path inside the export; instances not in it are
// left out).
void addReviewDecisions(Certificate& certificate, const ReviewSession& session,
                        const std::map<std::string, std::string>& exportedFile);
// The index's series that may show a face, with what `plan` did (null: face removal was not
// asked for).
std::vector<CertificateFace> certificateFaces(const StudyIndex& index, const FaceRemovalPlan* plan);
CertificateVerification certificateVerification(const VerificationReport& report,
                                                const std::optional<GateOverride>& override);

} // namespace veil
