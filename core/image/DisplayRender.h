#pragma once
// Stored values → something a screen can show: rescale, window, MONOCHROME1 inversion,
// colour conversion. The output is 8-bit grey or 8-bit RGB (channels in R,G,B order).
#include "dicom/DicomFile.h"

#include <opencv2/core/mat.hpp>
#include <optional>

namespace veil {

struct Window {
    double center = 0, width = 0; // in rescaled (modality) units
};

struct RenderParams {
    double slope = 1, intercept = 0;
    std::optional<Window> window; // none: min..max of the frame
    bool invert = false;          // MONOCHROME1
};

// Reads rescale, window and photometric from the header.
RenderParams renderParamsFor(const DicomFile& file);

// Grey stays 1 channel CV_8U; colour becomes 3-channel CV_8U in RGB order.
cv::Mat renderForDisplay(const Frame& frame, const RenderParams& params);

} // namespace veil
