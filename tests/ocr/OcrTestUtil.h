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

inline int editDistance(const std::string& a, const std::string& b) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// OCR output close enough to what was drawn: letters and digits, OCR confusions folded.
inline bool readsAs(const std::string& read, const std::string& drawn) {
    const std::string a = foldOcr(normalise(read)), b = foldOcr(normalise(drawn));
    return editDistance(a, b) <= std::max(1, int(b.size()) / 5);
}

} // namespace veil::test
