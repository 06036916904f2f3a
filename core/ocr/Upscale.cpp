#include "ocr/Upscale.h"

#include "common/Error.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

// OpenCV's bicubic weights (A = -0.75) for an output at fraction `x` past an input, in the
// fixed point its 8-bit filter uses (2048 for one).
void weights(float x, short out[4]) {
    const float a = -0.75f;
    float c[4];
    c[0] = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a;
    c[1] = ((a + 2) * x - (a + 3)) * x * x + 1;
    c[2] = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1;
    c[3] = 1.f - c[0] - c[1] - c[2];
    for (int k = 0; k < 4; ++k)
        out[k] = cv::saturate_cast<short>(c[k] * 2048);
}

// Along a row: p is the row with two pixels replicated before it and two after (n + 4
// values); out gets 2n sums, output 2i three quarters past input i - 1, 2i + 1 a quarter past
// input i.
__attribute__((target_clones("avx2", "default"))) void horizontal(const uchar* p, int* out, int n,
                                                                  const short* e, const short* o) {
    for (int i = 0; i < n; ++i) {
        out[2 * i] = e[0] * p[i] + e[1] * p[i + 1] + e[2] * p[i + 2] + e[3] * p[i + 3];
        out[2 * i + 1] = o[0] * p[i + 1] + o[1] * p[i + 2] + o[2] * p[i + 3] + o[3] * p[i + 4];
    }
}

// Down the columns: four rows of sums to one output row. OpenCV scales in single precision
// and rounds to nearest, half to even; so does this, in the same order.
__attribute__((target_clones("avx2", "default"))) void vertical(const int* r0, const int* r1,
                                                                const int* r2, const int* r3,
                                                                const short* w, uchar* out, int n) {
    const float scale = 1.f / (2048.f * 2048.f);
    const float b0 = float(w[0]) * scale, b1 = float(w[1]) * scale, b2 = float(w[2]) * scale,
                b3 = float(w[3]) * scale;
    for (int x = 0; x < n; ++x) {
        const float f =
            (float(r0[x]) * b0 + float(r1[x]) * b1) + (float(r2[x]) * b2 + float(r3[x]) * b3);
        const float v = std::min(255.f, std::max(0.f, __builtin_rintf(f)));
        out[x] = uchar(int(v));
    }
}

} // namespace

void upscaleCubic(const cv::Mat& src, cv::Mat& dst, int scale) {
    if (src.type() != CV_8UC1)
        throw Error("the enlargement needs an 8-bit single-channel image");
    if (scale != 2 || src.empty()) {
        cv::resize(src, dst, {}, scale, scale, cv::INTER_CUBIC);
        return;
    }
    const int w = src.cols, h = src.rows;
    dst.create(h * 2, w * 2, CV_8U); // keeps a view of the right size in place
    short even[4], odd[4];
    weights(0.75f, even);
    weights(0.25f, odd);
    const std::size_t wide = std::size_t(2 * w);
    std::vector<int> sums(std::size_t(h) * wide);
    std::vector<uchar> row(std::size_t(w + 4));
    for (int y = 0; y < h; ++y) {
        const uchar* s = src.ptr<uchar>(y);
        row[0] = row[1] = s[0];
        std::copy(s, s + w, row.begin() + 2);
        row[std::size_t(w + 2)] = row[std::size_t(w + 3)] = s[w - 1];
        horizontal(row.data(), sums.data() + std::size_t(y) * wide, w, even, odd);
    }
    auto sumRow = [&](int y) { return sums.data() + std::size_t(std::clamp(y, 0, h - 1)) * wide; };
    for (int y = 0; y < 2 * h; ++y) {
        // Output row 2j lies three quarters past input j - 1, 2j + 1 a quarter past input j.
        const int j = y / 2, first = y % 2 == 0 ? j - 2 : j - 1;
        vertical(sumRow(first), sumRow(first + 1), sumRow(first + 2), sumRow(first + 3),
                 y % 2 == 0 ? even : odd, dst.ptr<uchar>(y), int(wide));
    }
}

} // namespace veil
