#pragma once
// Enlargement of an 8-bit view by two with bicubic interpolation, as
// cv::resize(src, dst, {}, 2, 2, cv::INTER_CUBIC) enlarges it: the same weights and fixed
// point, summed in single precision throughout where OpenCV sums a row's last pixels in
// integers, so a few pixels in a hundred thousand of random levels can be one level apart
// (tst_ocr_upscale); 12 of 235 million in the real samples' views (bench/ocr_stages). Small frames
// are searched again enlarged (TextDetector), and OpenCV's bicubic filter of 8-bit images weighs
// each tap on its own: it was as costly as the whole stroke search of the enlarged views. By two,
// every output pixel lies a quarter or three quarters between two inputs, so there are only two
// sets of weights.
#include <opencv2/core/mat.hpp>

namespace veil {

// dst (allocated anew, or written in place when it is already src's size times `scale`, as
// a view into a larger image can be) = src enlarged `scale` times, bicubic (A = -0.75, the
// border replicated, as OpenCV). Scales other than 2 are cv::resize's. src is CV_8UC1.
void upscaleCubic(const cv::Mat& src, cv::Mat& dst, int scale);

} // namespace veil
