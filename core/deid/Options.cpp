#include "deid/Options.h"

#include <algorithm>
#include <cctype>

namespace veil {

namespace {

constexpr std::array<OptionInfo, kOptionCount> kOptions = {{
    {Option::RetainSafePrivate, "retainSafePrivate", "retain-safe-private", "Retain Safe Private",
     "113111"},
    {Option::RetainUIDs, "retainUIDs", "retain-uids", "Retain UIDs", "113110"},
    {Option::RetainDeviceIdentity, "retainDeviceIdentity", "retain-device-identity",
     "Retain Device Identity", "113109"},
    {Option::RetainInstitutionIdentity, "retainInstitutionIdentity", "retain-institution-identity",
     "Retain Institution Identity", "113112"},
    {Option::RetainPatientCharacteristics, "retainPatientCharacteristics",
     "retain-patient-characteristics", "Retain Patient Characteristics", "113108"},
    {Option::RetainLongitudinalFullDates, "retainLongitudinalFullDates",
     "retain-longitudinal-full-dates", "Retain Longitudinal Temporal Information Full Dates",
     "113106"},
    {Option::RetainLongitudinalModifiedDates, "retainLongitudinalModifiedDates",
     "retain-longitudinal-modified-dates",
     "Retain Longitudinal Temporal Information Modified Dates", "113107"},
    {Option::CleanDescriptors, "cleanDescriptors", "clean-descriptors", "Clean Descriptors",
     "113105"},
    {Option::CleanStructuredContent, "cleanStructuredContent", "clean-structured-content",
     "Clean Structured Content", "113104"},
    {Option::CleanGraphics, "cleanGraphics", "clean-graphics", "Clean Graphics", "113103"},
    {Option::CleanRecognizableVisualFeatures, "cleanRecognizableVisualFeatures",
     "clean-recognizable-visual-features", "Clean Recognizable Visual Features", "113102"},
}};

std::string folded(std::string_view s) {
    std::string out;
    for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

const std::array<OptionInfo, kOptionCount>& allOptions() {
    return kOptions;
}

const OptionInfo& optionInfo(Option option) {
    return kOptions[std::size_t(option)];
}

std::optional<Option> optionFromName(std::string_view name) {
    const std::string f = folded(name);
    for (const OptionInfo& o : kOptions)
        if (f == folded(o.key) || f == folded(o.title) || f == folded(o.title) + "option")
            return o.option;
    return std::nullopt;
}

MethodCode methodCode(Option option) {
    const OptionInfo& o = optionInfo(option);
    return {o.code, "DCM", std::string(o.title) + " Option"};
}

MethodCode basicProfileCode() {
    return {"113100", "DCM", "Basic Application Confidentiality Profile"};
}
MethodCode cleanPixelDataCode() {
    return {"113101", "DCM", "Clean Pixel Data Option"};
}

std::vector<Option> OptionSet::list() const {
    std::vector<Option> out;
    for (const OptionInfo& o : kOptions)
        if (has(o.option))
            out.push_back(o.option);
    return out;
}

std::string OptionSet::toString() const {
    std::string out;
    for (Option o : list())
        out += (out.empty() ? "" : ", ") + std::string(optionInfo(o).key);
    return out.empty() ? "none" : out;
}

const char* levelName(ReleaseLevel level) {
    return level == ReleaseLevel::Limited ? "limited" : "publication";
}

std::optional<ReleaseLevel> levelFromName(std::string_view name) {
    const std::string f = folded(name);
    if (f == "publication")
        return ReleaseLevel::Publication;
    if (f == "limited")
        return ReleaseLevel::Limited;
    return std::nullopt;
}

OptionSet defaultOptions(ReleaseLevel level) {
    OptionSet set{Option::CleanDescriptors, Option::CleanStructuredContent, Option::CleanGraphics};
    if (level == ReleaseLevel::Limited)
        set.add(Option::RetainLongitudinalModifiedDates);
    return set;
}

} // namespace veil
