// The stroke masks of the candidate search (TextCandidates.h): where glyph strokes stand out
// from their opened or closed background, strongly anywhere or faintly over a flat, quiet
// background, and the region of a view worth searching.
#include "ocr/TextCandidates.h"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

long sampledPixels(int rows, int cols, int top) {
    long n = 0;
    for (int y = (4 - top % 4) % 4; y < rows; y += 4)
        n += cols;
    return n;
}

} // namespace

int strokeKernel(const CandidateOptions& o) {
    return std::max(5, o.maxCharHeight / 4) | 1;
}

namespace {

// The view over its background, saturated at 0: light strokes over the opened background,
// dark ones under the closed background. Vectorised (AVX2 where the processor has it).
__attribute__((target_clones("avx2", "default"))) void
responseRow(const uchar* g, const uchar* b, bool lightOnDark, uchar* out, int n) {
    if (lightOnDark)
        for (int x = 0; x < n; ++x)
            out[x] = g[x] > b[x] ? uchar(g[x] - b[x]) : 0;
    else
        for (int x = 0; x < n; ++x)
            out[x] = b[x] > g[x] ? uchar(b[x] - g[x]) : 0;
}

// One row of the stroke mask: 255 where the response reaches `strong`, or `faint` where the
// background's spread (hi - lo) is 4 levels or less. faint >= strong: strong alone.
__attribute__((target_clones("avx2", "default"))) void maskRow(const uchar* g, const uchar* b,
                                                               const uchar* hi, const uchar* lo,
                                                               bool lightOnDark, uchar strong,
                                                               uchar faint, uchar* out, int n) {
    for (int x = 0; x < n; ++x) {
        const uchar r = lightOnDark ? (g[x] > b[x] ? uchar(g[x] - b[x]) : uchar(0))
                                    : (b[x] > g[x] ? uchar(b[x] - g[x]) : uchar(0));
        const bool flat = uchar(hi[x] - lo[x]) <= 4;
        out[x] = (r >= strong) | ((r >= faint) & flat) ? 255 : 0;
    }
}

// Strokes in a region of a view; `outside` flat pixels of no response lie around it. The
// response (the view over its opened or closed background), the background's spread over the
// square (flat where it is 4 levels or less) and the masks are worked out row by row in one
// pass each, with no image between them: on a 512x512 enlarged view the temporaries cost more
// than the morphology.
cv::Mat strokeMaskIn(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& o, int top,
                     long outside) {
    const int k = strokeKernel(o);
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {k, k});
    // The opening is the erosion dilated, and the erosion of an opening is the erosion itself
    // (with one flat, symmetric square, erode(dilate(erode(g))) == erode(g)); dually the
    // dilation of a closing is the dilation. So the background's low (light strokes) or
    // high (dark strokes) is the first step of the background's own making: three filters
    // where there were four, the same pixels.
    cv::Mat background, high, low;
    if (lightOnDark) {
        cv::erode(grey, low, kernel);
        cv::dilate(low, background, kernel);
        cv::dilate(background, high, kernel);
    } else {
        cv::dilate(grey, high, kernel);
        cv::erode(high, background, kernel);
        cv::erode(background, low, kernel);
    }
    const int rows = grey.rows, cols = grey.cols;
    // The noise over flat background: the 90th percentile of the response there, sampled on
    // every fourth row of the frame (the rows `top` places in it).
    std::vector<uchar> response(static_cast<std::size_t>(cols)), spread(response.size());
    auto rowOf = [&](int y) {
        responseRow(grey.ptr<uchar>(y), background.ptr<uchar>(y), lightOnDark, response.data(),
                    cols);
        const uchar* hi = high.ptr<uchar>(y);
        const uchar* lo = low.ptr<uchar>(y);
        for (int x = 0; x < cols; ++x)
            spread[std::size_t(x)] = uchar(hi[x] - lo[x]);
    };
    // Counted without a branch (whether a pixel is flat is as good as random to the
    // processor): pixels that are not flat go to a bin of their own, and four interleaved
    // histograms keep a run of equal values from waiting on one counter.
    long counts[4][257] = {};
    for (int y = (4 - top % 4) % 4; y < rows; y += 4) {
        rowOf(y);
        for (int x = 0; x < cols; ++x) {
            const std::size_t i = std::size_t(x);
            ++counts[i & 3][spread[i] <= 4 ? response[i] : 256];
        }
    }
    long hist[256];
    long n = outside;
    for (int v = 0; v < 256; ++v) {
        hist[v] = counts[0][v] + counts[1][v] + counts[2][v] + counts[3][v];
        n += hist[v];
    }
    hist[0] += outside;
    int noise = 0;
    for (long seen = 0; noise < 255; ++noise)
        if ((seen += hist[noise]) * 10 >= n * 9)
            break;
    const int faint = std::max(o.minContrastOnFlat, noise * 3 / 2 + 4);
    const uchar strong = uchar(std::min(255, o.minContrast));
    cv::Mat mask(rows, cols, CV_8U);
    const uchar f = uchar(std::min(faint, 255));
    for (int y = 0; y < rows; ++y)
        maskRow(grey.ptr<uchar>(y), background.ptr<uchar>(y), high.ptr<uchar>(y), low.ptr<uchar>(y),
                lightOnDark, strong, faint < strong ? f : strong, mask.ptr<uchar>(y), cols);
    return mask;
}

} // namespace

cv::Rect boundsAbove(const cv::Mat& grey, int level) {
    if (grey.empty())
        return {};
    // The rows' and the columns' maxima in one pass of vectorised loops: cv::boundingRect of
    // a mask visits the pixels one by one, and was a sixth of a text-free slice's search.
    std::vector<uchar> rowMax(std::size_t(grey.rows)), colMax(std::size_t(grey.cols), 0);
    for (int y = 0; y < grey.rows; ++y) {
        const uchar* g = grey.ptr<uchar>(y);
        uchar* c = colMax.data();
        uchar m = 0;
        for (int x = 0; x < grey.cols; ++x) {
            m = std::max(m, g[x]);
            c[x] = std::max(c[x], g[x]);
        }
        rowMax[std::size_t(y)] = m;
    }
    auto span = [level](const uchar* v, int n) {
        int first = 0, last = n - 1;
        while (first < n && v[first] <= level)
            ++first;
        while (last > first && v[last] <= level)
            --last;
        return std::pair{first, last + 1};
    };
    const auto [y0, y1] = span(rowMax.data(), grey.rows);
    if (y0 >= grey.rows)
        return {};
    const auto [x0, x1] = span(colMax.data(), grey.cols);
    return {x0, y0, x1 - x0, y1 - y0};
}

cv::Rect strokeRegion(const cv::Mat& grey, const CandidateOptions& o) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    double lo = 0;
    cv::minMaxLoc(grey, &lo, nullptr);
    const cv::Rect r = boundsAbove(grey, int(lo));
    if (r.empty())
        return {};
    // Room for the opening or closing and the spread of the background around it: beyond
    // this the view is one level and has no strokes in either polarity.
    const int pad = 3 * strokeKernel(o);
    const cv::Rect padded =
        cv::Rect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad) & frame;
    return padded.area() * 10 >= frame.area() * 7 ? frame : padded;
}

cv::Mat strokeMask(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& o) {
    return strokeMask(grey, lightOnDark, o, strokeRegion(grey, o));
}

cv::Mat strokeMask(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& o,
                   const cv::Rect& region) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    if (region == frame)
        return strokeMaskIn(grey, lightOnDark, o, 0, 0);
    cv::Mat mask = cv::Mat::zeros(grey.size(), CV_8U);
    if (region.empty())
        return mask;
    const long outside = sampledPixels(grey.rows, grey.cols, 0) -
                         sampledPixels(region.height, region.width, region.y);
    strokeMaskIn(grey(region), lightOnDark, o, region.y, outside).copyTo(mask(region));
    return mask;
}

} // namespace veil
