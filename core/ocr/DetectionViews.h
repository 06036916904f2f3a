#pragma once
// A frame rendered for text detection rather than for the eye: 8-bit grey images in which
// burned-in text stands out. A 16-bit frame gets several windows, because text is usually
// written at the top of the stored range and may vanish in the display window.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <opencv2/core/mat.hpp>
#include <vector>

namespace veil {

struct DetectionView {
    enum class Kind { Grey, FullRange, TopOfRange, Luma, MaxChannel, MinChannel };
    Kind kind = Kind::Grey;
    cv::Mat grey; // CV_8U, same size as the frame
};

// Windows come from the data's own histogram (its own minimum and maximum), never from
// BitsStored or the header's window. MONOCHROME1 is inverted so that polarity matches the display;
// colour gives its luma and, when the frame has colour at all, its brightest channel (blue or red
// text on black) and the brightest levels of its dullest (white text over a colour overlay such as
// Doppler flow, which is bright in luma and in its brightest channel but dark in its dullest).
std::vector<DetectionView> detectionViews(const Frame& frame, const RenderParams& params);

const char* viewName(DetectionView::Kind kind);

} // namespace veil
