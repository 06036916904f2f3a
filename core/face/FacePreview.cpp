#include "face/FacePreview.h"

#include "common/Error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace veil {

cv::Mat depthImage(const HeadVolume& v, const std::vector<cv::Mat>& slices, double threshold) {
    const int n = int(slices.size());
    if (n == 0 || v.columns == 0)
        return {};
    cv::Mat depth(n, v.columns, CV_32F, cv::Scalar(-1));
    cv::parallel_for_(cv::Range(0, n), [&](const cv::Range& range) {
        for (int k = range.start; k < range.end; ++k) {
            const cv::Mat& s = slices[std::size_t(k)];
            float* out = depth.ptr<float>(n - 1 - k); // superior at the top
            for (int x = 0; x < s.cols; ++x)
                for (int y = 0; y < s.rows; ++y)
                    if (s.at<float>(y, x) > threshold) {
                        out[x] = float(y * v.rowMm);
                        break;
                    }
        }
    });
    double lo = 1e9, hi = -1e9;
    for (int r = 0; r < depth.rows; ++r)
        for (int c = 0; c < depth.cols; ++c)
            if (const float d = depth.at<float>(r, c); d >= 0) {
                lo = std::min(lo, double(d));
                hi = std::max(hi, double(d));
            }
    cv::Mat shaded(depth.size(), CV_8U, cv::Scalar(0));
    if (hi < lo)
        return shaded;
    const double range = std::max(1.0, hi - lo);
    for (int r = 0; r < depth.rows; ++r)
        for (int c = 0; c < depth.cols; ++c) {
            const float d = depth.at<float>(r, c);
            if (d < 0)
                continue;
            auto at = [&](int rr, int cc) {
                rr = std::clamp(rr, 0, depth.rows - 1);
                cc = std::clamp(cc, 0, depth.cols - 1);
                const float e = depth.at<float>(rr, cc);
                return e < 0 ? d : e;
            };
            const double gx = (at(r, c + 1) - at(r, c - 1)) / (2 * v.colMm);
            const double gy = (at(r + 1, c) - at(r - 1, c)) / (2 * v.sliceMm);
            const double light = 1 / std::sqrt(1 + gx * gx + gy * gy); // lit from the viewer
            const double near = 1 - 0.6 * (d - lo) / range;
            shaded.at<std::uint8_t>(r, c) =
                std::uint8_t(std::clamp(255 * (0.15 + 0.85 * light) * near, 1.0, 255.0));
        }
    // Square pixels: the slice spacing in rows, the column spacing across.
    const int height = std::max(1, int(std::lround(n * v.sliceMm / v.colMm)));
    cv::Mat out;
    cv::resize(shaded, out, cv::Size(v.columns, height), 0, 0, cv::INTER_LINEAR);
    return out;
}

FacePreview facePreview(const SeriesNode& series, const FaceRemovalOptions& options) {
    FacePreview p;
    try {
        const std::string problem = headVolumeProblem(series);
        if (!problem.empty()) {
            p.status = "refused";
            p.message = problem;
            return p;
        }
        const HeadVolume v = loadHeadVolume(series, {}, options.threads);
        const double skin = v.modality == "CT" ? options.params.skinHu : 0;
        std::string refusal;
        const DefaceResult r = defaceVolume(v, options, refusal);
        const double threshold =
            refusal.empty() && r.method == "MR face plane" ? r.airValue + 1 : skin;
        p.before = depthImage(v, v.slices, threshold);
        if (!refusal.empty()) {
            p.status = "refused";
            p.message = refusal;
            return p;
        }
        p.after = depthImage(v, applied(v, r), threshold);
        p.status = "defaced";
        p.message = r.method + ": " + r.note + "; " + std::to_string(r.voxelsChanged) +
                    " voxels set to air";
        p.voxelsChanged = r.voxelsChanged;
        const double scale = double(p.before.rows) / v.count();
        p.firstRow = int((v.count() - 1 - r.lastSlice) * scale);
        p.lastRow = int((v.count() - r.firstSlice) * scale) - 1;
    } catch (const Error& e) {
        p.status = "failed";
        p.message = e.what();
    }
    return p;
}

} // namespace veil
