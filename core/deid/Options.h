#pragma once
// The PS3.15 Annex E options and Veil's release levels, as values.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil {

// The ten options of PS3.15 E.3 that are columns of Table E.1-1, in the order the table lists
// them, then Clean Recognizable Visual Features (E.3.2; pixel work, no column of the table:
// face/FaceRemoval does it and records 113102 only on the series it changed).
enum class Option : std::uint8_t {
    RetainSafePrivate,
    RetainUIDs,
    RetainDeviceIdentity,
    RetainInstitutionIdentity,
    RetainPatientCharacteristics,
    RetainLongitudinalFullDates,
    RetainLongitudinalModifiedDates,
    CleanDescriptors,
    CleanStructuredContent,
    CleanGraphics,
    CleanRecognizableVisualFeatures,
};
inline constexpr int kOptionCount = 11;

// A code of CID 7050 (De-identification Method), scheme DCM.
struct MethodCode {
    std::string value, scheme, meaning;
    auto operator<=>(const MethodCode&) const = default;
};

struct OptionInfo {
    Option option;
    const char* key;     // "retainSafePrivate": the key in table and profile files
    const char* cliName; // "retain-safe-private"
    const char* title;   // "Retain Safe Private"
    const char* code;    // "113111"
};

// False for Clean Recognizable Visual Features: Table E.1-1 has no column for it.
constexpr bool isTableColumn(Option o) {
    return o != Option::CleanRecognizableVisualFeatures;
}

const std::array<OptionInfo, kOptionCount>& allOptions();
const OptionInfo& optionInfo(Option option);
// Accepts the key, the CLI name or the title, case-insensitively.
std::optional<Option> optionFromName(std::string_view name);
MethodCode methodCode(Option option);

MethodCode basicProfileCode();   // 113100
MethodCode cleanPixelDataCode(); // 113101, claimed by the pixel work when it ran

class OptionSet {
public:
    OptionSet() = default;
    OptionSet(std::initializer_list<Option> options) {
        for (Option o : options)
            add(o);
    }
    bool has(Option o) const { return (m_bits >> unsigned(o)) & 1u; }
    void add(Option o) { m_bits |= 1u << unsigned(o); }
    void remove(Option o) { m_bits &= ~(1u << unsigned(o)); }
    bool empty() const { return m_bits == 0; }
    std::vector<Option> list() const;
    std::string toString() const; // "cleanDescriptors, cleanGraphics" or "none"
    auto operator<=>(const OptionSet&) const = default;

private:
    std::uint32_t m_bits = 0;
};

// RCR-style release levels.
enum class ReleaseLevel {
    Publication, // anonymised: Basic + Clean Descriptors/Structured Content/Graphics, no mapping
    Limited,     // pseudonymised: the above + Modified Dates, keyed pseudonyms, encrypted mapping
};
const char* levelName(ReleaseLevel level);
std::optional<ReleaseLevel> levelFromName(std::string_view name);
OptionSet defaultOptions(ReleaseLevel level);

} // namespace veil
