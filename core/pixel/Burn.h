#pragma once
// The one burn routine: the GUI's preview and the pixel writer both call burnRegions, so
// what the reviewer sees is what gets written.
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "pixel/RedactionRegions.h"

#include <opencv2/core.hpp>

namespace veil {

// The stored value (per channel) that shows as black in a frame whose pixels are in
// `framePhotometric` (Frame::photometric):
//  MONOCHROME2 lowest stored value, MONOCHROME1 highest (both within BitsStored and
//  PixelRepresentation, swapped for a negative rescale slope); RGB 0; YBR_FULL(_422) Y=0 with
//  neutral chroma (128 at 8 bits); YBR_PARTIAL_* Y=16 (scaled to BitsStored); YBR_RCT 0;
//  PALETTE COLOR the index whose palette entry is darkest.
cv::Scalar trueBlack(const PixelDescription& pixels, const std::string& framePhotometric);
// The opposite end (used to burn overlay graphics): highest grey, RGB full, palette brightest.
cv::Scalar trueWhite(const PixelDescription& pixels, const std::string& framePhotometric);

// The rectangles of `regions` that apply to frame `index`, clipped to a frame of `size`.
// A frame in YBR_FULL_422 (two pixels share one chroma pair) gets rectangles widened to whole
// pairs so the written file can keep its subsampling. Empty rectangles are dropped, and so
// are regions in an overlay plane (the plane is removed instead).
std::vector<cv::Rect> rectsForFrame(const std::vector<RedactionRegion>& regions, int index,
                                    cv::Size size, const std::string& framePhotometric);

// Burns the regions that apply to frame `index` into `frame` with trueBlack. Returns how many
// pixels changed value.
long burnRegions(Frame& frame, int index, const PixelDescription& pixels,
                 const std::vector<RedactionRegion>& regions);

// The GUI's preview: a copy of `frame` with the boxes burned exactly as redactPixels will.
Frame previewRedaction(const Frame& frame, int index, const PixelDescription& pixels,
                       const std::vector<RedactionRegion>& regions);

// The value of a 32-bit stored value as it sits in a CV_32S matrix (unsigned wraps).
double storedAsMatValue(long value, int bitsAllocated);

} // namespace veil
