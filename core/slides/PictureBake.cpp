#include "slides/PictureBake.h"

#include <opencv2/imgproc.hpp>

namespace veil {

void fillBox(cv::Mat& image, const cv::Rect& box, unsigned rgb) {
    const cv::Rect r = box & cv::Rect(0, 0, image.cols, image.rows);
    if (r.empty())
        return;
    const double red = (rgb >> 16) & 0xFF, green = (rgb >> 8) & 0xFF, blue = rgb & 0xFF;
    cv::Scalar colour;
    if (image.channels() == 1)
        colour = cv::Scalar(std::round(0.299 * red + 0.587 * green + 0.114 * blue));
    else
        colour = cv::Scalar(blue, green, red, 255);
    image(r).setTo(colour);
}

BakedPicture bakePicture(const cv::Mat& image, const cv::Rect& visible,
                         const std::vector<PictureGeometry::Cover>& covers,
                         const std::vector<PixelBox>& redact, bool crop) {
    cv::Mat work = image.clone();
    for (const PictureGeometry::Cover& c : covers)
        fillBox(work, c.rect, c.solid ? c.rgb : 0x000000);
    for (const PixelBox& b : redact)
        fillBox(work, {b.x, b.y, b.w, b.h}, 0x000000);
    BakedPicture out;
    if (!crop) {
        out.pixels = work;
        return out;
    }
    const cv::Rect all(0, 0, work.cols, work.rows);
    const cv::Rect shown = visible & all;
    if (shown == visible) {
        out.pixels = work(visible).clone();
        return out;
    }
    out.padded = true;
    cv::Mat bgra;
    if (work.channels() == 1)
        cv::cvtColor(work, bgra, cv::COLOR_GRAY2BGRA);
    else if (work.channels() == 3)
        cv::cvtColor(work, bgra, cv::COLOR_BGR2BGRA);
    else
        bgra = work;
    out.pixels = cv::Mat(visible.height, visible.width, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    if (!shown.empty())
        bgra(shown).copyTo(out.pixels(shown - visible.tl()));
    return out;
}

} // namespace veil
