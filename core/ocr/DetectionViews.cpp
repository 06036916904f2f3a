#include "ocr/DetectionViews.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

// Stored values in [lo, hi] → 0..255, clipped outside.
cv::Mat window8(const cv::Mat& stored, double lo, double hi, bool invert) {
    if (hi <= lo)
        hi = lo + 1;
    cv::Mat out;
    stored.convertTo(out, CV_8U, 255.0 / (hi - lo), -lo * 255.0 / (hi - lo));
    if (invert)
        cv::bitwise_not(out, out);
    return out;
}

// The brightest few levels of an 8-bit image: text written at full white over speckle or
// bright anatomy, which the texture around it hides in the full view.
DetectionView brightest(const cv::Mat& grey) {
    double hi = 0;
    cv::minMaxLoc(grey, nullptr, &hi);
    return {DetectionView::Kind::TopOfRange, window8(grey, std::max(0.0, hi - 48), hi, false)};
}

std::vector<DetectionView> greyViews(const cv::Mat& stored, bool invert) {
    if (stored.depth() == CV_8U) {
        const cv::Mat grey = invert ? ~stored : stored;
        return {{DetectionView::Kind::Grey, grey}, brightest(grey)};
    }
    // The data's own range, not BitsStored's nor the header window's: 8-bit values in a
    // 16-bit container, 12 bits in 16, signed CT with padding all come out the same.
    double lo = 0, hi = 0;
    cv::minMaxLoc(stored, &lo, &hi);
    std::vector<DetectionView> views;
    views.push_back({DetectionView::Kind::FullRange, window8(stored, lo, hi, invert)});
    const double range = hi - lo;
    if (range <= 0)
        return views;
    // Burned-in text is usually written white in any window: the highest stored value, or
    // the lowest under MONOCHROME1. A narrow window at that end of the range shows it alone,
    // even over bone or contrast: the top 48 of 256 levels, at most a sixteenth of a wide range.
    const double span = range > 1020 ? std::max(64.0, range / 16) : range * 48 / 255;
    views.push_back({DetectionView::Kind::TopOfRange, invert
                                                          ? window8(stored, lo, lo + span, true)
                                                          : window8(stored, hi - span, hi, false)});
    return views;
}

bool hasColour(const cv::Mat& rgb) {
    std::vector<cv::Mat> ch;
    cv::split(rgb, ch);
    cv::Mat hi = cv::max(cv::max(ch[0], ch[1]), ch[2]);
    cv::Mat lo = cv::min(cv::min(ch[0], ch[1]), ch[2]);
    cv::Mat chroma = hi - lo;
    return cv::countNonZero(chroma > 64) > 0;
}

cv::Mat maxChannel(const cv::Mat& rgb) {
    std::vector<cv::Mat> ch;
    cv::split(rgb, ch);
    return cv::max(cv::max(ch[0], ch[1]), ch[2]);
}

cv::Mat minChannel(const cv::Mat& rgb) {
    std::vector<cv::Mat> ch;
    cv::split(rgb, ch);
    return cv::min(cv::min(ch[0], ch[1]), ch[2]);
}

} // namespace

std::vector<DetectionView> detectionViews(const Frame& frame, const RenderParams& params) {
    const cv::Mat& m = frame.pixels;
    if (m.empty())
        return {};
    if (m.channels() == 1 && !params.palette)
        return greyViews(m, params.invert);
    const cv::Mat rgb = renderForDisplay(frame, params); // colour, or palette indices expanded
    if (rgb.channels() == 1)
        return greyViews(rgb, false);
    cv::Mat luma;
    cv::cvtColor(rgb, luma, cv::COLOR_RGB2GRAY);
    std::vector<DetectionView> views{{DetectionView::Kind::Luma, luma}};
    if (!hasColour(rgb)) {
        views.push_back(brightest(luma));
        return views;
    }
    const cv::Mat brightestChannel = maxChannel(rgb); // blue or red text on black, yellow text
    views.push_back({DetectionView::Kind::MaxChannel, brightestChannel});
    views.push_back(brightest(brightestChannel));
    // White text over a colour overlay (Doppler flow): the brightest levels of the dullest
    // channel hold it alone, the overlay being dark there and grey speckle rarely that bright.
    views.push_back({DetectionView::Kind::MinChannel, brightest(minChannel(rgb)).grey});
    return views;
}

const char* viewName(DetectionView::Kind kind) {
    switch (kind) {
    case DetectionView::Kind::Grey:
        return "grey";
    case DetectionView::Kind::FullRange:
        return "full-range";
    case DetectionView::Kind::TopOfRange:
        return "top-of-range";
    case DetectionView::Kind::Luma:
        return "luma";
    case DetectionView::Kind::MaxChannel:
        return "max-channel";
    case DetectionView::Kind::MinChannel:
        return "min-channel";
    }
    return "?";
}

} // namespace veil
