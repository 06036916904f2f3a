#pragma once
// A picture's pixels as the slide shows them, and nothing more: the shapes drawn over it
// burned in, the boxes to redact blacked out, then cut to the part its crop shows (padding
// of a negative crop becomes transparent).
#include "slides/DeckChecker.h"

#include <opencv2/core/mat.hpp>

namespace veil {

struct BakedPicture {
    cv::Mat pixels;
    bool padded = false; // the crop reached past the image: transparent padding (PNG only)
};

BakedPicture bakePicture(const cv::Mat& image, const cv::Rect& visible,
                         const std::vector<PictureGeometry::Cover>& covers,
                         const std::vector<PixelBox>& redact, bool crop);

// Fills `box` with an sRGB colour (0xRRGGBB) on a grey, BGR or BGRA image, opaque.
void fillBox(cv::Mat& image, const cv::Rect& box, unsigned rgb);

} // namespace veil
