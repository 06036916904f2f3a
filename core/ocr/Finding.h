#pragma once
// What the text detector reports: a piece of text on a frame, whether it is the patient's,
// and where it came from. Plain values: they cross threads and end up in JSON.
#include <string>
#include <vector>

namespace veil {

struct PixelBox {
    int x = 0, y = 0, w = 0, h = 0;
    bool empty() const { return w <= 0 || h <= 0; }
    bool operator==(const PixelBox&) const = default;
};

enum class FindingSource { Ocr, Template };

struct Finding {
    int frame = 0;         // 0-based; -1: every frame (template boxes)
    PixelBox box;          // stored-image pixels, whole glyphs plus a small margin
    std::string text;      // as read by OCR (UTF-8); a template's label for template boxes
    double confidence = 0; // 0..1
    bool phi = false;      // identifies the patient (or looks like it would)
    std::string matched;   // attribute keyword the text matched ("PatientName"), empty if none
    FindingSource source = FindingSource::Ocr;
    std::string reason; // why it is the patient's: "header", "label", "date", "digits", "name",
                        // "wrapped", "unreadable" (text by its shape that could not be read)
    // Non-zero (6000..601E): read in this overlay plane drawn as a bitmap, not in the pixels.
    // Redacting it blanks the whole plane (RedactionRegion::overlayGroup).
    int overlayGroup = 0;
};

// "overlay 6000", or empty for text in the pixels.
std::string overlayLabel(const Finding& f);

// Everything found in one instance.
struct InstanceFindings {
    std::string file; // InstanceInfo::path: as the user gave it
    std::string sopInstanceUid;
    int frames = 0; // frames looked at
    std::vector<Finding> findings;
    std::string error; // non-empty when the instance could not be scanned
};

const char* sourceName(FindingSource source); // "ocr", "template"

} // namespace veil
