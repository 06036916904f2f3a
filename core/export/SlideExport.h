#pragma once
// Slides: chosen frames rendered for a presentation as PNG or JPEG, with a given window and
// the redaction boxes burned in exactly as the DICOM export burns them (previewRedaction),
// written by OpenCV with no metadata at all (no EXIF, no text chunks, no comments).
// Asking for a whole volume (more than a threshold of frames) returns a warning first, so
// the GUI can ask before writing dozens of slices.
#include "image/DisplayRender.h"
#include "pixel/RedactionRegions.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace veil {

enum class SlideFormat { Png, Jpeg };

struct SlideRequest {
    std::filesystem::path source;         // the DICOM file (InstanceInfo::localPath)
    int frame = 0;                        // 0-based
    std::optional<Window> window;         // none: the file's first window (or its range)
    std::vector<RedactionRegion> regions; // burned before rendering
    std::filesystem::path output;         // the image file to write
};

struct SlideOptions {
    SlideFormat format = SlideFormat::Png;
    int jpegQuality = 92;
    int wholeVolumeThreshold = 12; // more slides than this: confirm first
    bool confirmed = false;        // the user agreed to write that many
};

struct SlideExportResult {
    bool needsConfirmation = false; // nothing written: too many slides asked for, not confirmed
    std::string warning;            // why confirmation is needed
    std::vector<std::filesystem::path> written;
    std::vector<std::string> errors; // "file frame n: problem"; other slides are still written
    bool ok() const { return !needsConfirmation && errors.empty(); }
};

// Does this selection need confirmation (more than `threshold` slides, or every frame of a
// multi-frame instance with more frames than that)? Returns the warning, or nothing.
std::optional<std::string> wholeVolumeWarning(const std::vector<SlideRequest>& slides,
                                              int threshold);

// Renders one slide to 8-bit pixels (grey, or RGB in R,G,B order). Throws veil::Error.
cv::Mat renderSlide(const SlideRequest& slide);

SlideExportResult exportSlides(const std::vector<SlideRequest>& slides,
                               const SlideOptions& options);

// The file name extension of a format: ".png", ".jpg".
const char* slideExtension(SlideFormat format);

} // namespace veil
