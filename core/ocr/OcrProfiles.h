#pragma once
// The data that tells harmless screen text from the patient's, and where devices put
// their identifiers: profiles/ocr-allowlist.json and profiles/templates/*.json, built into
// the program as Qt resources and overridable from a folder.
#include "dicom/InstanceInfo.h"
#include "ocr/Finding.h"

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace veil {

// Words (probe and mode labels, side markers, captions) and units that are harmless on
// screen, common to every modality and per modality. Stored normalised: upper-case.
class Allowlist {
public:
    static Allowlist fromJson(std::string_view json,
                              const std::string& origin); // throws veil::Error

    // Common words, units, and the modality's own words; a modality without a list of its
    // own (OT, SC) is allowed every modality's words.
    bool allowsWord(std::string_view modality, std::string_view word) const;
    bool isUnit(std::string_view word) const;
    bool empty() const { return m_common.empty() && m_units.empty(); }

private:
    std::set<std::string, std::less<>> m_common, m_units;
    std::vector<std::pair<std::string, std::set<std::string, std::less<>>>> m_byModality;
};

// One length of a template box: pixels from the left/top, negative from the right/bottom,
// or a percentage of the image's width/height.
struct TemplateLength {
    double value = 0;
    bool percent = false;
    int resolve(int extent) const;
};

struct TemplateBox {
    TemplateLength x, y, w, h;
    std::string label;
};

// Where one kind of device writes identifiers, in the manner of RSNA CTP's pixel anonymizer.
struct DeviceTemplate {
    std::string name;
    std::string origin;              // file it came from
    std::string modality;            // exact, empty: any
    std::string manufacturer, model; // case-insensitive substrings, empty: any
    int rows = 0, columns = 0;       // exact, 0: any
    std::vector<TemplateBox> boxes;

    static DeviceTemplate fromJson(std::string_view json, const std::string& origin); // throws
    // The same format back (pixel lengths), for templates a reviewer saves from a box.
    std::string toJson() const;
    // A template matching exactly this device and image size, with the given boxes.
    static DeviceTemplate forDevice(const InstanceInfo& info, std::vector<TemplateBox> boxes);
    // Writes it as DIR/templates/<safe name>.json (atomically) and returns the path.
    std::filesystem::path saveInto(const std::filesystem::path& profilesFolder) const;
    bool matches(const InstanceInfo& info) const;
    // Template findings for an image of this size: every frame, phi, source "template".
    std::vector<Finding> findingsFor(int rows, int columns) const;
};

// "The same device" as an image: what a template saved from it (DeviceTemplate::forDevice)
// matches: the modality, the maker and model as substrings, the image size. The viewer's
// "same device" box scope and the device templates use this one rule.
bool sameDevice(const InstanceInfo& device, const InstanceInfo& other);

struct OcrProfiles {
    Allowlist allowlist;
    std::vector<DeviceTemplate> templates;
    std::vector<std::string> warnings; // files that could not be used, and why

    // The built-in data; a folder, when given, overrides it file by file
    // (folder/ocr-allowlist.json, folder/templates/NAME.json replaces or adds NAME.json).
    static OcrProfiles load(const std::filesystem::path& overrideFolder = {});

    std::vector<Finding> templateFindings(const InstanceInfo& info) const;
};

} // namespace veil
