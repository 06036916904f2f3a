#pragma once
// The profile a review chose (ReviewSession's ProfileChoice) as a de-identification Profile,
// and back. The GUI's profile panel edits settings; this file is the only place that turns
// them into the stored choice and into the Profile the planner runs.
//
// Stored form (ProfileChoice):
//   level      the release level (the review file writes "publication" or "limited")
//   options    what differs from the level's defaults: an option key ("retainUIDs") is added,
//              "no-" + key ("no-cleanGraphics") is removed (the CLI's --option convention);
//              "replace-encapsulated-documents": the reports' header-only fallback (a notice
//              in each report's place, Profile::replaceEncapsulatedDocuments; Veil's own)
//   overrides  {"overrides": [...]}: the profile file's overrides array (docs/profiles.md)
#include "deid/Options.h"
#include "deid/Profile.h"
#include "deid/StandardTable.h"
#include "review/ReviewSession.h"

#include <string>
#include <vector>

namespace veil {

// The choice's name for Profile::replaceEncapsulatedDocuments (as `--option` in the CLI).
inline constexpr const char* kReplaceReportsChoice = "replace-encapsulated-documents";

// One per-attribute override as a table row shows it.
struct OverrideRow {
    std::string target;                  // "(0010,1010)", "(60xx,0022)", "(0019,xx23)" or a keyword
    std::string privateCreator;          // for a private element
    TableAction action = TableAction::X; // written as D, Z, X, ..., X/Z/U* (parseTableAction)
    std::string value;                   // replacement (action D only)
    std::string comment;                 // kept as written
    bool empty() const { return target.empty() && privateCreator.empty() && value.empty(); }
    bool operator==(const OverrideRow&) const = default;
};

struct ProfileSettings {
    ReleaseLevel level = ReleaseLevel::Publication;
    OptionSet options = defaultOptions(ReleaseLevel::Publication); // every option in force
    std::vector<OverrideRow> overrides;
    bool replaceEncapsulatedDocuments = false; // reports: a one-page notice instead
    bool operator==(const ProfileSettings&) const = default;
};

// Effective settings of a choice: the level's defaults, then the choice's additions and
// removals. An option the choice adds beats a level default it excludes (Full Dates chosen at
// the limited level drops Modified Dates). Unknown option names and malformed override entries
// are skipped here; profileFromChoice reports them.
ProfileSettings settingsFromChoice(const ProfileChoice& choice);
// The canonical choice for settings: options stored as differences from the level's defaults
// (in the table's order), overrides without empty rows. Equal settings give equal choices.
ProfileChoice choiceFromSettings(const ProfileSettings& settings);

// The {"overrides": [...]} object for rows (empty rows left out), and back (an entry whose
// action is not one is left out of the rows; profileFromChoice reports it).
QJsonObject overridesJson(const std::vector<OverrideRow>& rows);
std::vector<OverrideRow> overrideRows(const QJsonObject& overrides);

// The Profile the planner runs for a choice, checked like a profile file. Throws veil::Error
// ("review profile: overrides[1].keyword: 'Foo' is not a DICOM keyword") when malformed.
Profile profileFromChoice(const ProfileChoice& choice);

} // namespace veil
