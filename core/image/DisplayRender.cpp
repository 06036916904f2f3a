#include "image/DisplayRender.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace veil {

RenderParams renderParamsFor(const DicomFile& file) {
    RenderParams p;
    p.slope = file.decimal(tags::RescaleSlope).value_or(1.0);
    if (p.slope == 0)
        p.slope = 1;
    p.intercept = file.decimal(tags::RescaleIntercept).value_or(0.0);
    const auto c = file.decimal(tags::WindowCenter);
    const auto w = file.decimal(tags::WindowWidth);
    if (c && w && *w >= 1)
        p.window = Window{*c, *w};
    p.invert = file.string(tags::PhotometricInterpretation) == "MONOCHROME1";
    return p;
}

namespace {

cv::Mat renderGrey(const cv::Mat& stored, const RenderParams& p) {
    cv::Mat values;
    stored.convertTo(values, CV_32F, p.slope, p.intercept);
    double lo = 0, hi = 0;
    if (p.window) {
        // PS3.3 C.11.2.1.2: linear window.
        lo = p.window->center - 0.5 - (p.window->width - 1) / 2;
        hi = p.window->center - 0.5 + (p.window->width - 1) / 2;
    } else {
        cv::minMaxLoc(values, &lo, &hi);
    }
    if (hi <= lo)
        hi = lo + 1;
    cv::Mat out;
    values.convertTo(out, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
    if (p.invert)
        cv::bitwise_not(out, out);
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

cv::Mat renderForDisplay(const Frame& frame, const RenderParams& params) {
    const cv::Mat& m = frame.pixels;
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
