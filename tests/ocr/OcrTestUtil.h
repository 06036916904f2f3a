#pragma once
// Small comparisons shared by the OCR tests.
#include "identity/TextNormalise.h"
#include "ocr/Finding.h"

#include <opencv2/core/types.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace veil::test {

inline cv::Rect rectOf(const PixelBox& b) {
    return {b.x, b.y, b.w, b.h};
}

// Share of `truth` covered by `found`.
inline double coverage(const cv::Rect& truth, const cv::Rect& found) {
    return truth.area() > 0 ? double((truth & found).area()) / truth.area() : 0.0;
}

// OCR output close enough to what was drawn: letters and digits, OCR confusions folded.
inline bool readsAs(const std::string& read, const std::string& drawn) {
    const std::string a = foldOcr(normalise(read)), b = foldOcr(normalise(drawn));
    return editDistance(a, b) <= std::max(1, int(b.size()) / 5);
}

} // namespace veil::test
