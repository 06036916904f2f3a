#include "face/Deface.h"

#include "common/Error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace veil {

namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinBodyMm2 = 400;    // a slice whose largest region is smaller has no head
constexpr double kMaxBridgeMm = 60;    // widest gap bridged between two bone fronts
constexpr double kBrowBulgeMm = 2;     // how far the brow must stand out of the nasion
constexpr double kNasionSearchMm = 70; // how far above the nose tip the nasion is looked for

// One slice seen from the front: per column, the first row of the body, or -1.
struct SliceFront {
    std::vector<int> skin;
    bool hasBody = false;
};

SliceFront frontOf(const cv::Mat& slice, double threshold, double pixelMm2) {
    SliceFront f;
    f.skin.assign(std::size_t(slice.cols), -1);
    cv::Mat body = slice > threshold, labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(body, labels, stats, centroids, 8, CV_32S);
    int best = 0, bestArea = 0;
    for (int l = 1; l < n; ++l)
        if (stats.at<int>(l, cv::CC_STAT_AREA) > bestArea) {
            bestArea = stats.at<int>(l, cv::CC_STAT_AREA);
            best = l;
        }
    if (best == 0 || bestArea * pixelMm2 < kMinBodyMm2)
        return f;
    f.hasBody = true;
    for (int y = 0; y < labels.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x)
            if (row[x] == best && f.skin[std::size_t(x)] < 0)
                f.skin[std::size_t(x)] = y;
    }
    return f;
}

// The first row at or after `from` (and before `to`) where two voxels in a row exceed `bone`.
int firstBone(const cv::Mat& slice, int x, int from, int to, double bone) {
    to = std::min(to, slice.rows - 1);
    for (int y = std::max(0, from); y < to; ++y)
        if (slice.at<float>(y, x) > bone && slice.at<float>(y + 1, x) > bone)
            return y;
    return -1;
}

// How far forward (mm) each slice's most anterior skin lies; NaN without a head.
std::vector<double> profile(const std::vector<SliceFront>& fronts, double rowMm) {
    std::vector<double> a(fronts.size(), kNoValue);
    for (std::size_t k = 0; k < fronts.size(); ++k) {
        int best = -1;
        for (int s : fronts[k].skin)
            if (s >= 0 && (best < 0 || s < best))
                best = s;
        if (best >= 0)
            a[k] = -best * rowMm;
    }
    std::vector<double> smooth = a; // three-slice mean, heads only
    for (std::size_t k = 0; k < a.size(); ++k) {
        double sum = 0;
        int n = 0;
        for (std::size_t j = (k ? k - 1 : 0); j <= std::min(a.size() - 1, k + 1); ++j)
            if (!std::isnan(a[j])) {
                sum += a[j];
                ++n;
            }
        smooth[k] = std::isnan(a[k]) || n == 0 ? kNoValue : sum / n;
    }
    return smooth;
}

// The facial region: from the lowest slice to `aboveBrowMm` above the brow. The nose tip is
// the most anterior point; above it the profile falls to the nasion and rises to the brow.
void facialRegion(const std::vector<double>& a, const HeadVolume& v, const DefaceParams& p,
                  DefaceResult& r) {
    int tip = -1;
    for (int k = 0; k < int(a.size()); ++k)
        if (!std::isnan(a[std::size_t(k)]) && (tip < 0 || a[std::size_t(k)] > a[std::size_t(tip)]))
            tip = k;
    if (tip < 0)
        throw Error("no head found in any slice (nothing above the skin threshold)");
    r.firstSlice = 0;
    r.lastSlice = v.count() - 1;
    const double eps = 0.25 * v.rowMm;
    const int limit = std::min(v.count() - 1, tip + int(std::ceil(kNasionSearchMm / v.sliceMm)));
    int k = tip;
    while (k < limit && !std::isnan(a[std::size_t(k + 1)]) &&
           a[std::size_t(k + 1)] <= a[std::size_t(k)] + eps)
        ++k;
    const int nasion = k;
    while (k < v.count() - 1 && !std::isnan(a[std::size_t(k + 1)]) &&
           a[std::size_t(k + 1)] >= a[std::size_t(k)] - eps)
        ++k;
    const int brow = k;
    char buf[200];
    if (nasion > tip && brow > nasion && k < v.count() - 1 &&
        a[std::size_t(brow)] - a[std::size_t(nasion)] >= kBrowBulgeMm) {
        r.browFound = true;
        r.lastSlice = std::min(v.count() - 1, brow + int(std::ceil(p.aboveBrowMm / v.sliceMm)));
        std::snprintf(buf, sizeof buf,
                      "nose tip at slice %d, nasion %d, brow %d: facial region slices 1-%d of %d",
                      tip + 1, nasion + 1, brow + 1, r.lastSlice + 1, v.count());
    } else {
        std::snprintf(buf, sizeof buf,
                      "nose tip at slice %d, no brow found above it: facial region is every "
                      "slice (%d)",
                      tip + 1, v.count());
    }
    r.note = buf;
}

// Rows [0, cut[x]) of every column become air.
cv::Mat maskFromCut(const std::vector<int>& cut, int rows) {
    cv::Mat m(rows, int(cut.size()), CV_8U, cv::Scalar(0));
    for (int x = 0; x < int(cut.size()); ++x)
        for (int y = 0; y < std::min(rows, cut[std::size_t(x)]); ++y)
            m.at<std::uint8_t>(y, x) = 255;
    return m;
}

void count(const HeadVolume& v, DefaceResult& r) {
    r.voxelsChanged = 0;
    for (int k = 0; k < v.count(); ++k) {
        const cv::Mat& m = r.masks[std::size_t(k)];
        if (m.empty())
            continue;
        cv::Mat differs = (v.slices[std::size_t(k)] != r.airValue) & m;
        r.voxelsChanged += cv::countNonZero(differs);
    }
}

std::vector<SliceFront> frontsOf(const HeadVolume& v, double threshold) {
    std::vector<SliceFront> fronts(std::size_t(v.count()));
    cv::parallel_for_(cv::Range(0, v.count()), [&](const cv::Range& range) {
        for (int k = range.start; k < range.end; ++k)
            fronts[std::size_t(k)] =
                frontOf(v.slices[std::size_t(k)], threshold, v.rowMm * v.colMm);
    });
    return fronts;
}

} // namespace

DefaceResult defaceCt(const HeadVolume& v, const DefaceParams& p) {
    DefaceResult r;
    r.method = "CT bone front";
    r.airValue = -1000;
    r.masks.assign(std::size_t(v.count()), cv::Mat());
    const std::vector<SliceFront> fronts = frontsOf(v, p.skinHu);
    facialRegion(profile(fronts, v.rowMm), v, p, r);
    const int depth = int(std::ceil(p.maxDepthMm / v.rowMm));
    const int bridge = int(std::ceil(kMaxBridgeMm / v.colMm));
    cv::parallel_for_(cv::Range(r.firstSlice, r.lastSlice + 1), [&](const cv::Range& range) {
        for (int k = range.start; k < range.end; ++k) {
            const SliceFront& f = fronts[std::size_t(k)];
            if (!f.hasBody)
                continue;
            const cv::Mat& s = v.slices[std::size_t(k)];
            std::vector<int> front(std::size_t(v.columns), -1), anyBone(front), cut(front);
            for (int x = 0; x < v.columns; ++x) {
                const int skin = f.skin[std::size_t(x)];
                if (skin < 0)
                    continue;
                anyBone[std::size_t(x)] = firstBone(s, x, skin, s.rows, p.boneHu);
                const int b = anyBone[std::size_t(x)];
                if (b >= 0 && b - skin <= depth)
                    front[std::size_t(x)] = b;
            }
            std::fill(cut.begin(), cut.end(), 0);
            int left = -1;
            for (int x = 0; x < v.columns; ++x) {
                if (front[std::size_t(x)] < 0)
                    continue;
                cut[std::size_t(x)] = front[std::size_t(x)];
                if (left >= 0 && x - left > 1 && x - left <= bridge) // bridge the gap
                    for (int g = left + 1; g < x; ++g) {
                        const double t = double(g - left) / double(x - left);
                        int c = int(std::lround((1 - t) * front[std::size_t(left)] +
                                                t * front[std::size_t(x)]));
                        if (anyBone[std::size_t(g)] >= 0)
                            c = std::min(c, anyBone[std::size_t(g)]);
                        cut[std::size_t(g)] = c;
                    }
                left = x;
            }
            r.masks[std::size_t(k)] = maskFromCut(cut, v.rows);
        }
    });
    count(v, r);
    return r;
}

DefaceResult defaceMrPlane(const HeadVolume& v, const DefaceParams& p) {
    DefaceResult r;
    r.method = "MR face plane";
    r.masks.assign(std::size_t(v.count()), cv::Mat());
    // The body threshold: a fifth of the 99th percentile of the volume's values.
    std::vector<float> sample;
    for (const cv::Mat& s : v.slices)
        for (int y = 0; y < s.rows; y += 4)
            for (int x = 0; x < s.cols; x += 4)
                sample.push_back(s.at<float>(y, x));
    if (sample.empty())
        throw Error("no pixels");
    const std::size_t at = std::size_t(double(sample.size() - 1) * 0.99);
    std::nth_element(sample.begin(), sample.begin() + std::ptrdiff_t(at), sample.end());
    const double threshold = 0.2 * sample[at];
    r.airValue = std::min(0.0, double(*std::min_element(sample.begin(), sample.end())));
    const std::vector<SliceFront> fronts = frontsOf(v, threshold);
    facialRegion(profile(fronts, v.rowMm), v, p, r);
    // Least squares: row = a + b·x + c·k over the anterior skin of the facial region's middle
    // half (by the head's width in each slice).
    cv::Mat A(0, 3, CV_64F), B(0, 1, CV_64F);
    for (int k = r.firstSlice; k <= r.lastSlice; ++k) {
        const SliceFront& f = fronts[std::size_t(k)];
        int lo = -1, hi = -1;
        for (int x = 0; x < v.columns; ++x)
            if (f.skin[std::size_t(x)] >= 0) {
                lo = lo < 0 ? x : lo;
                hi = x;
            }
        if (lo < 0)
            continue;
        const int q = (hi - lo) / 4;
        for (int x = lo + q; x <= hi - q; ++x) {
            const cv::Mat row = (cv::Mat_<double>(1, 3) << 1.0, double(x), double(k));
            A.push_back(row);
            B.push_back(double(f.skin[std::size_t(x)]));
        }
    }
    if (A.rows < 3)
        throw Error("no face surface found to fit a plane to");
    cv::Mat coef;
    cv::solve(A, B, coef, cv::DECOMP_SVD);
    for (int k = r.firstSlice; k <= r.lastSlice; ++k) {
        if (!fronts[std::size_t(k)].hasBody)
            continue;
        std::vector<int> cut(std::size_t(v.columns), 0);
        for (int x = 0; x < v.columns; ++x)
            if (fronts[std::size_t(k)].skin[std::size_t(x)] >= 0)
                cut[std::size_t(x)] = int(std::lround(coef.at<double>(0) + coef.at<double>(1) * x +
                                                      coef.at<double>(2) * k));
        r.masks[std::size_t(k)] = maskFromCut(cut, v.rows);
    }
    count(v, r);
    r.note += "; plane fitted on " + std::to_string(A.rows) + " skin points";
    return r;
}

std::vector<cv::Mat> applied(const HeadVolume& v, const DefaceResult& r) {
    std::vector<cv::Mat> out(std::size_t(v.count()));
    for (int k = 0; k < v.count(); ++k) {
        out[std::size_t(k)] = v.slices[std::size_t(k)].clone();
        if (!r.masks[std::size_t(k)].empty())
            out[std::size_t(k)].setTo(cv::Scalar(r.airValue), r.masks[std::size_t(k)]);
    }
    return out;
}

} // namespace veil
