#pragma once
// Test helper: burns a line of text into a cv::Mat with Qt's TrueType rendering, the way
// scanners do (antialiased glyphs blended at a fixed ink value, optionally on a plate), and
// returns the exact ink box. Needs a QGuiApplication.
#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QString>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

namespace veil::test {

struct DrawnText {
    std::string text;
    cv::Rect ink; // tight ink box in image pixels
};

struct TextStyle {
    QString family = "DejaVu Sans";
    int sizePx = 14;
    double ink = 255;  // value written where glyphs are fully covered
    double plate = -1; // < 0: no plate; else the plate's value behind the text
    bool bold = false;
    bool antialias = true; // false: glyph edges are hard, as older devices write them
};

inline DrawnText drawText(cv::Mat& image, const std::string& text, int x, int y,
                          const TextStyle& s) {
    QFont font(s.family);
    font.setPixelSize(s.sizePx);
    font.setBold(s.bold);
    font.setHintingPreference(QFont::PreferNoHinting);
    if (!s.antialias)
        font.setStyleStrategy(QFont::NoAntialias);
    const QFontMetrics fm(font);
    const QString qt = QString::fromStdString(text);
    const int w = fm.horizontalAdvance(qt) + 4, h = fm.height() + 4;
    QImage glyphs(w, h, QImage::Format_Grayscale8);
    glyphs.fill(0);
    {
        QPainter p(&glyphs);
        p.setRenderHint(QPainter::TextAntialiasing, s.antialias);
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(2, 2 + fm.ascent(), qt);
    }
    cv::Mat alpha(h, w, CV_8U, const_cast<uchar*>(glyphs.constBits()),
                  std::size_t(glyphs.bytesPerLine()));
    cv::Mat nz;
    cv::findNonZero(alpha, nz);
    const cv::Rect inkLocal = cv::boundingRect(nz);
    const cv::Rect target = cv::Rect(x, y, w, h) & cv::Rect(0, 0, image.cols, image.rows);
    cv::Mat region = image(target);
    cv::Mat a;
    alpha(cv::Rect(0, 0, target.width, target.height)).convertTo(a, CV_32F, 1 / 255.0);
    if (image.channels() == 3)
        cv::cvtColor(a, a, cv::COLOR_GRAY2BGR);
    cv::Mat values;
    region.convertTo(values, CV_32F);
    if (s.plate >= 0) {
        const int pad = std::max(2, s.sizePx / 5);
        const cv::Rect plate = (cv::Rect(inkLocal.x - pad, inkLocal.y - pad,
                                         inkLocal.width + 2 * pad, inkLocal.height + 2 * pad) &
                                cv::Rect(0, 0, target.width, target.height));
        values(plate).setTo(cv::Scalar::all(s.plate));
    }
    const cv::Mat inkValues(values.size(), values.type(), cv::Scalar::all(s.ink));
    cv::Mat blended = values.mul(cv::Scalar::all(1.0) - a) + inkValues.mul(a);
    blended.convertTo(region, image.type());
    return {text, (inkLocal + cv::Point(x, y)) & cv::Rect(0, 0, image.cols, image.rows)};
}

// Backgrounds the detector must see through.
inline cv::Mat noisyBackground(int rows, int cols, int type, double mean, double sigma,
                               unsigned seed) {
    cv::Mat f(rows, cols, CV_32F);
    cv::RNG rng(seed);
    rng.fill(f, cv::RNG::NORMAL, mean, sigma);
    cv::Mat out;
    f.convertTo(out, type);
    return out;
}

// Grey "anatomy": overlapping ellipses with soft edges, plus noise, 8-bit.
inline cv::Mat anatomy8(int rows, int cols, unsigned seed) {
    cv::Mat m(rows, cols, CV_32F, cv::Scalar(20));
    cv::RNG rng(seed);
    cv::ellipse(m, {cols / 2, rows / 2}, {cols * 2 / 5, rows * 2 / 5}, 0, 0, 360, cv::Scalar(110),
                cv::FILLED);
    for (int i = 0; i < 12; ++i)
        cv::ellipse(m, {rng.uniform(cols / 5, cols * 4 / 5), rng.uniform(rows / 5, rows * 4 / 5)},
                    {rng.uniform(8, 60), rng.uniform(8, 60)}, rng.uniform(0, 180), 0, 360,
                    cv::Scalar(rng.uniform(60, 170)), cv::FILLED);
    cv::GaussianBlur(m, m, {0, 0}, 2.0);
    cv::Mat noise(rows, cols, CV_32F);
    rng.fill(noise, cv::RNG::NORMAL, 0, 6);
    m += noise;
    cv::Mat out;
    m.convertTo(out, CV_8U);
    return out;
}

} // namespace veil::test
