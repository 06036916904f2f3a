#include "pixel/Burn.h"

namespace veil {

double storedAsMatValue(long value, int bitsAllocated) {
    if (bitsAllocated == 32 && value > 0x7FFFFFFFL)
        return double(value - 0x100000000L);
    return double(value);
}

namespace {

bool startsWith(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

// The stored value that shows darkest (dark = true) or brightest on a grey image.
long greyEnd(const PixelDescription& d, bool dark) {
    bool low = dark;
    if (d.photometric == "MONOCHROME1")
        low = !low;
    if (d.modalityLut && !d.modalityLut->empty()) {
        const auto& t = d.modalityLut->data;
        const auto it =
            low ? std::min_element(t.begin(), t.end()) : std::max_element(t.begin(), t.end());
        return d.modalityLut->firstMapped + long(it - t.begin());
    }
    if (d.slope < 0)
        low = !low;
    return low ? d.minStored() : d.maxStored();
}

long paletteEnd(const PixelDescription& d, bool dark) {
    if (!d.palette)
        return dark ? d.minStored() : d.maxStored();
    if (dark)
        return d.palette->darkestIndex();
    const PaletteLut& p = *d.palette;
    std::size_t best = 0;
    double bestY = -1;
    for (std::size_t i = 0;
         i < p.red.data.size() && i < p.green.data.size() && i < p.blue.data.size(); ++i) {
        const double y = 0.299 * p.red.data[i] + 0.587 * p.green.data[i] + 0.114 * p.blue.data[i];
        if (y > bestY) {
            bestY = y;
            best = i;
        }
    }
    return p.red.firstMapped + long(best);
}

cv::Scalar colourEnd(const PixelDescription& d, const std::string& pi, bool dark) {
    const int bits = d.bitsStored > 0 ? d.bitsStored : 8;
    const double full = double((1L << bits) - 1);
    if (pi == "RGB" || pi == "YBR_RCT")
        return dark ? cv::Scalar::all(0) : cv::Scalar::all(full);
    const double neutral = double(1L << (bits - 1));
    if (startsWith(pi, "YBR_PARTIAL")) {
        const double scale = double(1L << std::max(0, bits - 8));
        return cv::Scalar(dark ? 16 * scale : 235 * scale, neutral, neutral);
    }
    return cv::Scalar(dark ? 0 : full, neutral, neutral); // YBR_FULL, YBR_FULL_422, YBR_ICT
}

cv::Scalar end(const PixelDescription& d, const std::string& pi, bool dark) {
    if (pi == "PALETTE COLOR")
        return cv::Scalar::all(storedAsMatValue(paletteEnd(d, dark), d.bitsAllocated));
    if (startsWith(pi, "MONOCHROME") || pi.empty())
        return cv::Scalar::all(storedAsMatValue(greyEnd(d, dark), d.bitsAllocated));
    return colourEnd(d, pi, dark);
}

long countDifferent(const cv::Mat& roi, const cv::Scalar& value) {
    cv::Mat any = cv::Mat::zeros(roi.size(), CV_8U);
    std::vector<cv::Mat> channels;
    cv::split(roi, channels);
    for (int c = 0; c < int(channels.size()); ++c) {
        cv::Mat ne;
        cv::compare(channels[std::size_t(c)], value[c], ne, cv::CMP_NE);
        any |= ne;
    }
    return cv::countNonZero(any);
}

} // namespace

cv::Scalar trueBlack(const PixelDescription& pixels, const std::string& framePhotometric) {
    return end(pixels, framePhotometric, true);
}

cv::Scalar trueWhite(const PixelDescription& pixels, const std::string& framePhotometric) {
    return end(pixels, framePhotometric, false);
}

std::vector<cv::Rect> rectsForFrame(const std::vector<RedactionRegion>& regions, int index,
                                    cv::Size size, const std::string& framePhotometric) {
    const bool pairs = framePhotometric == "YBR_FULL_422" || framePhotometric == "YBR_PARTIAL_422";
    const cv::Rect image(0, 0, size.width, size.height);
    std::vector<cv::Rect> out;
    for (const RedactionRegion& r : regions) {
        if (!r.appliesTo(index) || r.w <= 0 || r.h <= 0 || r.inOverlay())
            continue;
        cv::Rect rect = cv::Rect(r.x, r.y, r.w, r.h) & image;
        if (pairs && !rect.empty()) {
            const int left = rect.x & ~1;
            const int right = std::min(size.width, (rect.x + rect.width + 1) & ~1);
            rect = cv::Rect(left, rect.y, right - left, rect.height);
        }
        if (!rect.empty())
            out.push_back(rect);
    }
    return out;
}

long burnRegions(Frame& frame, int index, const PixelDescription& pixels,
                 const std::vector<RedactionRegion>& regions) {
    const cv::Scalar black = trueBlack(pixels, frame.photometric);
    long changed = 0;
    for (const cv::Rect& rect :
         rectsForFrame(regions, index, frame.pixels.size(), frame.photometric)) {
        cv::Mat roi = frame.pixels(rect);
        changed += countDifferent(roi, black); // overlapping boxes: counted once, already black
        roi.setTo(black);
    }
    return changed;
}

Frame previewRedaction(const Frame& frame, int index, const PixelDescription& pixels,
                       const std::vector<RedactionRegion>& regions) {
    Frame out{frame.pixels.clone(), frame.photometric};
    burnRegions(out, index, pixels, regions);
    return out;
}

} // namespace veil
