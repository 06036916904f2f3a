#include "ocr/LineMeasures.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

// Otsu's split of an 8-bit region: between-class variance over total variance.
double separationOf(const cv::Mat& crop) {
    int hist[256] = {};
    for (int y = 0; y < crop.rows; ++y) {
        const uchar* row = crop.ptr<uchar>(y);
        for (int x = 0; x < crop.cols; ++x)
            ++hist[row[x]];
    }
    const double n = double(crop.total());
    double sum = 0, sumSq = 0;
    for (int i = 0; i < 256; ++i) {
        sum += double(i) * hist[i];
        sumSq += double(i) * i * hist[i];
    }
    const double mean = sum / n, total = sumSq / n - mean * mean;
    if (total < 1e-6)
        return 0;
    double w0 = 0, sum0 = 0, best = 0;
    for (int t = 0; t < 255; ++t) {
        w0 += hist[t];
        sum0 += double(t) * hist[t];
        if (w0 == 0 || w0 == n)
            continue;
        const double m0 = sum0 / w0, m1 = (sum - sum0) / (n - w0);
        best = std::max(best, (w0 / n) * (1 - w0 / n) * (m0 - m1) * (m0 - m1));
    }
    return best / total;
}

int percentile(const int (&hist)[256], double q) {
    long n = 0;
    for (int v : hist)
        n += v;
    long seen = 0;
    for (int v = 0; v < 256; ++v)
        if ((seen += hist[v]) >= q * double(n))
            return v;
    return 255;
}

} // namespace

double flattenedSeparation(const cv::Mat& grey, const cv::Rect& outer, bool lightOnDark,
                           int kernel) {
    const cv::Rect padded = cv::Rect(outer.x - kernel, outer.y - kernel, outer.width + 2 * kernel,
                                     outer.height + 2 * kernel) &
                            cv::Rect(0, 0, grey.cols, grey.rows);
    cv::Mat response;
    cv::morphologyEx(grey(padded), response, lightOnDark ? cv::MORPH_TOPHAT : cv::MORPH_BLACKHAT,
                     cv::getStructuringElement(cv::MORPH_RECT, {kernel, kernel}));
    return separationOf(response(outer - padded.tl()));
}

// Glyph strokes are thin beside the glyph's height, in every font: the share of ink farther
// than a fifth of the glyph height from the background is near 0 for text, large for solid
// blobs (vessels in section, sulci, bone islands).
double thickShare(const cv::Mat& ink, int charHeight, int enlargement) {
    cv::Mat padded;
    cv::copyMakeBorder(ink, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
    cv::Mat dist;
    cv::distanceTransform(padded, dist, cv::DIST_L2, 3);
    const int inkCount = cv::countNonZero(padded);
    if (inkCount == 0)
        return 0;
    const int thick = cv::countNonZero(dist > std::max(2.5 * enlargement, charHeight / 5.0));
    return double(thick) / inkCount;
}

LineMeasures measureLine(const cv::Mat& grey, const cv::Mat& mask, const cv::Rect& box,
                         int charHeight, bool lightOnDark, int kernel, int enlargement,
                         bool contrastOnly) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    const int m = std::max(2, charHeight / 4);
    const cv::Rect outer =
        cv::Rect(box.x - m, box.y - m, box.width + 2 * m, box.height + 2 * m) & frame;
    int inkHist[256] = {}, boxHist[256] = {};
    double inkSum = 0, ringSum = 0;
    long inkCount = 0, ringCount = 0;
    for (int y = outer.y; y < outer.y + outer.height; ++y) {
        const uchar* g = grey.ptr<uchar>(y);
        const uchar* k = mask.ptr<uchar>(y);
        for (int x = outer.x; x < outer.x + outer.width; ++x) {
            if (box.contains({x, y})) {
                ++boxHist[g[x]];
                if (k[x]) {
                    ++inkHist[g[x]];
                    inkSum += g[x];
                    ++inkCount;
                }
            } else {
                ringSum += g[x];
                ++ringCount;
            }
        }
    }
    LineMeasures out;
    if (!contrastOnly) {
        out.separation = separationOf(grey(outer));
        out.flatSeparation = flattenedSeparation(grey, outer, lightOnDark, kernel);
    }
    if (inkCount == 0 || ringCount == 0)
        return out;
    const double ink = inkSum / double(inkCount), ring = ringSum / double(ringCount);
    out.contrast = lightOnDark ? ink - ring : ring - ink;
    // The ink's extreme: the 95th percentile for light text, the 5th for dark.
    int extreme = lightOnDark ? 255 : 0;
    for (long seen = 0; lightOnDark ? extreme > 0 : extreme < 255;
         lightOnDark ? --extreme : ++extreme)
        if ((seen += inkHist[extreme]) * 20 >= inkCount)
            break;
    long near = 0;
    for (int v = std::max(0, extreme - 12); v <= std::min(255, extreme + 12); ++v)
        near += inkHist[v];
    out.uniformity = double(near) / double(inkCount);
    const double range = percentile(boxHist, 0.95) - percentile(boxHist, 0.05);
    out.contrastShare = range > 0 ? out.contrast / range : 0;
    if (!contrastOnly)
        out.thickShare = thickShare(mask(box), charHeight, enlargement);
    return out;
}

} // namespace veil
