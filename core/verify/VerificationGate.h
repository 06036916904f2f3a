#pragma once
// The verification gate over a whole export: every output file re-read by the Verifier
// (identifying values of the sources at any depth and in the raw bytes, original UIDs,
// free-text patterns, and every frame read again through a PixelChecker when one is given:
// without one, the report says the pixels were not checked and never that they passed).
// Any hit blocks the export; only the approver may override it, with a written reason.
// Used by ExportJob, `veil-cli deid` and `veil-cli verify`.
#include "common/Progress.h"
#include "deid/Profile.h"
#include "review/SignOff.h"
#include "study/StudyIndex.h"
#include "verify/Verifier.h"

#include <QJsonObject>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace veil {

struct OutputToVerify {
    // Where the bytes are. A string, not a std::filesystem::path: a path keeps every component
    // as a path of its own, several hundred bytes an output in a gate over every output.
    std::string path;
    std::string name;     // as reported: relative to the export root
    std::string studyUid; // its source's study (empty: checked against every source)
};

struct VerificationReport {
    std::vector<FileVerification> files; // every file checked, clean ones included
    bool pixelCheckerUsed = false;       // a PixelChecker was given (no: --no-ocr)
    bool pixelsChecked = false; // ... and it read every frame of every output (or its twin)
    bool cancelled = false;
    long frames = 0, framesRead = 0, framesSame = 0; // over every output

    int filesChecked() const { return int(files.size()); }
    int filesWithHits() const;
    int unreadable() const; // files the verifier could not read (each one fails the gate)
    std::vector<VerificationHit> hits() const;
    // Every file read, nothing found, not cancelled.
    bool passed() const;
    // "verification passed: 40 files, nothing found" or "VERIFICATION FAILED: ..." and one
    // line per hit ("file  where  'value'  (attribute)"), at most `maxLines` of them; then
    // what was done with the pixels, "pixels NOT checked" when they were not read.
    std::string text(int maxLines = 100) const;
    // "every one of 120 frames read by OCR (20 identical to frames already read)" or
    // "NOT checked: burned-in text was not looked for (header-only run)".
    std::string pixelsText() const;
    // withValues false: where and which attribute, never the value (audit, certificate).
    QJsonObject toJson(bool withValues) const;
};

struct GateOptions {
    PixelChecker* pixels = nullptr; // OCR re-check; null: pixels are not re-read
    int threads = 0;                // 0: one per core (a PixelChecker is called one file at a time)
};

// The identifier attributes a profile keeps on purpose through its options (Table E.1-1 rows
// with K in an option's column, such as StudyDate under Retain Longitudinal Full Dates):
// their values are no hits. Overrides never count: a value kept by an override is a hit.
std::set<std::string> retainedAttributes(const Profile& profile);

// What the outputs must not contain, read from the sources in `scope` (empty: every
// instance of the index) and tuned to the profile (retained attributes, Retain UIDs).
// Sources that cannot be read are skipped (they were not exported either); so are those whose
// InstanceInfo::path is in `alreadyRead` (their evidence was gathered as they were read).
SourceEvidence evidenceFromIndex(const StudyIndex& index, const std::set<std::string>& scope,
                                 const Profile& profile, const CancelToken& cancel,
                                 const std::set<std::string>* alreadyRead = nullptr);

// Checks every output. Never throws for a bad output file: it becomes a FileVerification error.
VerificationReport runGate(const SourceEvidence& evidence,
                           const std::vector<OutputToVerify>& outputs, const GateOptions& options,
                           ProgressSink& progress, const CancelToken& cancel);

// Every regular file below `root` (DICOMDIR included), named relative to it, sorted; Veil's
// own bookkeeping files (".veil-*", such as an output folder's manifest) are not outputs.
std::vector<OutputToVerify> outputsIn(const std::filesystem::path& root);

// The approver's decision to let an export through despite hits.
struct GateOverride {
    std::string approver; // must be the name on the approver sign-off
    std::string reason;   // written out, at least kMinOverrideReason characters
    std::string time;     // ISO 8601 UTC; utcNow() when empty
    QJsonObject toJson() const;
};
inline constexpr int kMinOverrideReason = 10;

// Only the approver of these sign-offs may override, with a written reason.
Problems checkOverride(const GateOverride& override, const std::vector<SignOff>& signOffs);

} // namespace veil
