#pragma once
// Stored values → something a screen (or OCR) can show: modality rescale or LUT, VOI window or
// LUT, MONOCHROME1 inversion, palette expansion, colour conversion. The output is 8-bit grey or
// 8-bit RGB (channels in R,G,B order).
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"

#include <opencv2/core/mat.hpp>
#include <optional>
#include <string>
#include <vector>

namespace veil {

struct Window {
    double center = 0, width = 0; // in rescaled (modality) units
};

struct RenderParams {
    double slope = 1, intercept = 0;
    std::optional<Lut> modalityLut; // replaces slope/intercept when present
    std::optional<Window>
        window;                // the window in use; none: the VOI LUT, else min..max of the frame
    std::string voiFunction;   // LINEAR (default), LINEAR_EXACT or SIGMOID
    std::optional<Lut> voiLut; // used when no window is set
    bool invert = false;       // MONOCHROME1
    std::optional<PaletteLut> palette; // PALETTE COLOR tables
    std::vector<WindowPreset> presets; // every window the header offers, with its explanation
};

// Reads rescale/modality LUT, windows (the first becomes the window in use), VOI LUT,
// photometric and palette from the header.
RenderParams renderParamsFor(const DicomFile& file);
RenderParams renderParamsFor(const PixelDescription& pixels);

// Grey stays 1 channel CV_8U; colour and palette become 3-channel CV_8U in RGB order.
cv::Mat renderForDisplay(const Frame& frame, const RenderParams& params);

// Modality values (after rescale or the modality LUT) of a grey frame: lowest and highest.
struct ValueRange {
    double lo = 0, hi = 0;
    double span() const { return hi - lo; }
};
ValueRange valueRange(const Frame& frame, const RenderParams& params);

// Share of the pixels the window shows as its most frequent output level (0..1). A window
// that shows more than kWindowMisfit of them as one level hides the image (a CT stored as
// 8-bit values with rescale -1024 under W 400 / L 40 opens black).
constexpr double kWindowMisfit = 0.95;
double oneLevelShare(const Frame& frame, const RenderParams& params, const Window& window);
bool windowFits(const Frame& frame, const RenderParams& params, const Window& window);

// A window from the frame's histogram: the 1st to the 99th percentile of its modality values
// (min..max when they coincide). Full range: min..max.
Window autoWindow(const Frame& frame, const RenderParams& params);
Window fullRangeWindow(const Frame& frame, const RenderParams& params);

// The window to open a grey frame with: the header's first window when it fits the data, the
// automatic one when it does not (or when there is none and no VOI LUT). `automatic` says
// which. Colour frames keep params as they are.
RenderParams openingParams(const Frame& frame, RenderParams params, bool* automatic = nullptr);

// Presets as a list for menus: "BONE (W 2000 / L 500)"; unnamed ones "Window 2 (W 400 / L 40)".
std::vector<std::string> presetLabels(const RenderParams& params);

} // namespace veil
