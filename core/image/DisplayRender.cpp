#include "image/DisplayRender.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace veil {

RenderParams renderParamsFor(const PixelDescription& d) {
    RenderParams p;
    p.slope = d.slope == 0 ? 1 : d.slope;
    p.intercept = d.intercept;
    p.modalityLut = d.modalityLut;
    p.presets = d.windows;
    if (!d.windows.empty()) {
        p.window = Window{d.windows.front().center, d.windows.front().width};
        p.voiFunction = d.windows.front().function;
    }
    if (!d.voiLuts.empty())
        p.voiLut = d.voiLuts.front();
    p.invert = d.photometric == "MONOCHROME1";
    p.palette = d.palette;
    return p;
}

RenderParams renderParamsFor(const DicomFile& file) {
    return renderParamsFor(describePixels(file));
}

std::vector<std::string> presetLabels(const RenderParams& params) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < params.presets.size(); ++i) {
        const WindowPreset& w = params.presets[i];
        const std::string name =
            w.explanation.empty() ? "Window " + std::to_string(i + 1) : w.explanation;
        out.push_back(name + " (W " + std::to_string(std::lround(w.width)) + " / L " +
                      std::to_string(std::lround(w.center)) + ")");
    }
    return out;
}

namespace {

cv::Mat modalityValues(const cv::Mat& stored, const RenderParams& p) {
    cv::Mat values;
    if (!p.modalityLut || p.modalityLut->empty()) {
        stored.convertTo(values, CV_32F, p.slope, p.intercept);
        return values;
    }
    cv::Mat wide;
    stored.convertTo(wide, CV_32S);
    values.create(stored.size(), CV_32F);
    for (int y = 0; y < wide.rows; ++y)
        for (int x = 0; x < wide.cols; ++x)
            values.at<float>(y, x) = float(p.modalityLut->lookup(wide.at<int>(y, x)));
    return values;
}

// PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.1 (LINEAR_EXACT), C.11.2.1.3.2 (SIGMOID).
cv::Mat applyWindow(const cv::Mat& values, const Window& w, const std::string& function) {
    cv::Mat out(values.size(), CV_8U);
    if (function == "SIGMOID") {
        for (int y = 0; y < values.rows; ++y)
            for (int x = 0; x < values.cols; ++x) {
                const double v = values.at<float>(y, x);
                out.at<uchar>(y, x) =
                    cv::saturate_cast<uchar>(255.0 / (1 + std::exp(-4 * (v - w.center) / w.width)));
            }
        return out;
    }
    const bool exact = function == "LINEAR_EXACT";
    const double lo = exact ? w.center - w.width / 2 : w.center - 0.5 - (w.width - 1) / 2;
    const double hi = exact ? w.center + w.width / 2 : w.center - 0.5 + (w.width - 1) / 2;
    const double span = std::max(1e-9, hi - lo);
    values.convertTo(out, CV_8U, 255.0 / span, -lo * 255.0 / span);
    return out;
}

cv::Mat applyVoiLut(const cv::Mat& values, const Lut& lut) {
    cv::Mat out(values.size(), CV_8U);
    const double top = double((1L << std::clamp(lut.bits, 1, 16)) - 1);
    for (int y = 0; y < values.rows; ++y)
        for (int x = 0; x < values.cols; ++x)
            out.at<uchar>(y, x) = cv::saturate_cast<uchar>(
                255.0 * lut.lookup(std::lround(values.at<float>(y, x))) / top);
    return out;
}

cv::Mat renderGrey(const cv::Mat& stored, const RenderParams& p) {
    const cv::Mat values = modalityValues(stored, p);
    cv::Mat out;
    if (p.window) {
        out = applyWindow(values, *p.window, p.voiFunction);
    } else if (p.voiLut && !p.voiLut->empty()) {
        out = applyVoiLut(values, *p.voiLut);
    } else {
        double lo = 0, hi = 0;
        cv::minMaxLoc(values, &lo, &hi);
        if (hi <= lo)
            hi = lo + 1;
        values.convertTo(out, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
    }
    if (p.invert)
        cv::bitwise_not(out, out);
    return out;
}

cv::Mat renderPalette(const cv::Mat& stored, const PaletteLut& lut) {
    cv::Mat wide;
    stored.convertTo(wide, CV_32S);
    cv::Mat out(stored.size(), CV_8UC3);
    auto to8 = [](const Lut& l, long v) {
        const int e = l.lookup(v);
        return uchar(l.bits > 8 ? (e >> (l.bits - 8)) & 0xFF : e & 0xFF);
    };
    for (int y = 0; y < wide.rows; ++y)
        for (int x = 0; x < wide.cols; ++x) {
            const long v = wide.at<int>(y, x);
            out.at<cv::Vec3b>(y, x) =
                cv::Vec3b(to8(lut.red, v), to8(lut.green, v), to8(lut.blue, v));
        }
    return out;
}

cv::Mat to8bit(const cv::Mat& m) {
    if (m.depth() == CV_8U)
        return m;
    double lo = 0, hi = 0;
    cv::minMaxLoc(m.reshape(1), &lo, &hi);
    cv::Mat out;
    m.convertTo(out, CV_8U, hi > 0 ? 255.0 / hi : 1.0);
    return out;
}

} // namespace

ValueRange valueRange(const Frame& frame, const RenderParams& params) {
    ValueRange r;
    if (frame.pixels.empty() || frame.pixels.channels() != 1)
        return r;
    cv::minMaxLoc(modalityValues(frame.pixels, params), &r.lo, &r.hi);
    return r;
}

double oneLevelShare(const Frame& frame, const RenderParams& params, const Window& window) {
    if (frame.pixels.empty() || frame.pixels.channels() != 1)
        return 0;
    const cv::Mat shown =
        applyWindow(modalityValues(frame.pixels, params), window, params.voiFunction);
    int counts[256] = {};
    for (int y = 0; y < shown.rows; ++y) {
        const uchar* row = shown.ptr<uchar>(y);
        for (int x = 0; x < shown.cols; ++x)
            ++counts[row[x]];
    }
    const double total = double(shown.total());
    return total > 0 ? *std::max_element(std::begin(counts), std::end(counts)) / total : 0;
}

bool windowFits(const Frame& frame, const RenderParams& params, const Window& window) {
    return oneLevelShare(frame, params, window) <= kWindowMisfit;
}

Window fullRangeWindow(const Frame& frame, const RenderParams& params) {
    const ValueRange r = valueRange(frame, params);
    return Window{(r.lo + r.hi) / 2, std::max(1.0, r.span())};
}

Window autoWindow(const Frame& frame, const RenderParams& params) {
    if (frame.pixels.empty() || frame.pixels.channels() != 1)
        return {};
    const cv::Mat values = modalityValues(frame.pixels, params);
    const ValueRange r = valueRange(frame, params);
    if (r.span() <= 0)
        return Window{r.lo, 1};
    constexpr int kBins = 4096;
    std::vector<long> hist(kBins, 0);
    const double scale = (kBins - 1) / r.span();
    for (int y = 0; y < values.rows; ++y) {
        const float* row = values.ptr<float>(y);
        for (int x = 0; x < values.cols; ++x)
            ++hist[std::size_t(std::lround((row[x] - r.lo) * scale))];
    }
    const long total = long(values.total());
    auto percentile = [&](double p) {
        long seen = 0;
        for (int b = 0; b < kBins; ++b)
            if ((seen += hist[std::size_t(b)]) >= p * total)
                return r.lo + b / scale;
        return r.hi;
    };
    double lo = percentile(0.01), hi = percentile(0.99);
    if (hi - lo < r.span() / 256) { // one value fills the frame: show everything else too
        lo = r.lo;
        hi = r.hi;
    }
    return Window{(lo + hi) / 2, std::max(1.0, hi - lo)};
}

RenderParams openingParams(const Frame& frame, RenderParams params, bool* automatic) {
    bool autoChosen = false;
    if (!frame.pixels.empty() && frame.pixels.channels() == 1 &&
        frame.photometric != "PALETTE COLOR") {
        const bool voiLut = params.voiLut && !params.voiLut->empty();
        if (params.window ? !windowFits(frame, params, *params.window) : !voiLut) {
            params.window = autoWindow(frame, params);
            params.voiFunction.clear();
            autoChosen = true;
        }
    }
    if (automatic)
        *automatic = autoChosen;
    return params;
}

cv::Mat renderForDisplay(const Frame& frame, const RenderParams& params) {
    const cv::Mat& m = frame.pixels;
    if (m.channels() == 1 && frame.photometric == "PALETTE COLOR" && params.palette)
        return renderPalette(m, *params.palette);
    if (m.channels() == 1)
        return renderGrey(m, params);
    cv::Mat rgb = to8bit(m);
    if (frame.photometric.rfind("YBR", 0) == 0) {
        // DICOM orders Y, Cb, Cr; OpenCV's YCrCb wants Y, Cr, Cb.
        std::vector<cv::Mat> ch;
        cv::split(rgb, ch);
        std::swap(ch[1], ch[2]);
        cv::Mat ycrcb;
        cv::merge(ch, ycrcb);
        cv::cvtColor(ycrcb, rgb, cv::COLOR_YCrCb2RGB);
    }
    return rgb;
}

} // namespace veil
