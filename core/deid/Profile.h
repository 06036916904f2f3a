#pragma once
// A de-identification profile: the standard table as base, a release level, the PS3.15
// options in force, and per-attribute overrides. Read from JSON (docs/profiles.md).
#include "deid/Options.h"
#include "deid/StandardTable.h"
#include "dicom/Tag.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace veil {

struct ElementValue;

// One rule of a user profile, matched before the standard table.
struct Override {
    TagPattern tag; // exact tag, or a group wildcard such as (60xx,0022) / (50xx,xxxx)
    std::string
        privateCreator; // set for a private element: tag is (gggg,xxEE) of this creator's block
    TableAction action = TableAction::X;
    std::optional<std::string> value; // replacement value (action D only)
    std::string origin;               // "my-profile.json: overrides[2]" for the plan's rule column

    bool matches(const ElementValue& element) const;
    // Exact tags beat private rules, which beat wildcards: the more specific rule wins.
    int specificity() const;
};

struct Profile {
    std::string name = "PS3.15 Basic Profile";
    ReleaseLevel level = ReleaseLevel::Publication;
    OptionSet options = defaultOptions(ReleaseLevel::Publication);
    std::vector<Override> overrides;
    // Encapsulated PDF reports: false (default) rebuilds each from its redacted page images
    // (document/ReportRedaction); true replaces it with a one-page notice (header-only).
    bool replaceEncapsulatedDocuments = false;
    std::shared_ptr<const StandardTables> tables = StandardTables::builtIn();

    // The standard table at a level with that level's options.
    static Profile standard(ReleaseLevel level);
    // Throws veil::Error("FILE: key: problem") for anything malformed.
    static Profile load(const std::filesystem::path& file);
    static Profile fromJson(const std::string& json, const std::string& origin,
                            const std::filesystem::path& baseDir = {});

    // Sets the level and replaces the options with the level's defaults.
    void setLevel(ReleaseLevel newLevel);
    // Switches level keeping the options this profile adds to its level's defaults, then adds
    // the new level's defaults (options a profile removed come back: edit the profile instead).
    void switchLevel(ReleaseLevel newLevel);
    // Throws veil::Error when options contradict each other (both longitudinal options).
    void validate() const;
    bool keepsMapping() const { return level == ReleaseLevel::Limited; }
    bool pseudonymisesAccession() const { return level == ReleaseLevel::Limited; }
    // The most specific override matching the element, if any.
    const Override* findOverride(const ElementValue& element) const;
};

} // namespace veil
