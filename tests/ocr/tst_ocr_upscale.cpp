// upscaleCubic by two against cv::resize(INTER_CUBIC) on random levels, hard black and white
// edges (where the bicubic overshoots and is clipped), small text, images of one to five
// pixels a side and a view into a larger image: the same to the pixel, or for random levels
// within one level in a few pixels (see compare). Scales other than two are OpenCV's own.
// bench/ocr_stages counts the pixels that differ on the real samples' views.
#include "ocr/Upscale.h"

#include <QTest>

#include <opencv2/imgproc.hpp>

#include <random>

using namespace veil;

namespace {

// OpenCV sums the last pixels of a row in integers and the rest in single precision (with
// fused multiply-adds where the processor has them); this sums in single precision
// throughout, so a sum that falls within a rounding error of a half can round the other way:
// one level, in a few pixels in a hundred thousand, never more.
void compare(const cv::Mat& src, const QString& what, long* differing = nullptr) {
    cv::Mat want, got;
    cv::resize(src, want, {}, 2, 2, cv::INTER_CUBIC);
    upscaleCubic(src, got, 2);
    QVERIFY2(want.size() == got.size(), qPrintable(what + ": size"));
    cv::Mat diff;
    cv::absdiff(want, got, diff);
    double most = 0;
    cv::minMaxLoc(diff, nullptr, &most);
    QVERIFY2(most <= 1, qPrintable(QString("%1 (%2x%3): %4 levels apart")
                                       .arg(what)
                                       .arg(src.cols)
                                       .arg(src.rows)
                                       .arg(most)));
    if (differing)
        *differing += cv::countNonZero(diff);
    else
        QVERIFY2(cv::countNonZero(diff) == 0, qPrintable(what + ": differs"));
}

} // namespace

class TestOcrUpscale : public QObject {
    Q_OBJECT
private slots:
    void randomLevels() {
        std::mt19937 rng(17);
        long differing = 0, pixels = 0;
        for (int t = 0; t < 40; ++t) {
            cv::Mat img(5 + int(rng() % 300), 5 + int(rng() % 300), CV_8U);
            for (int y = 0; y < img.rows; ++y)
                for (int x = 0; x < img.cols; ++x)
                    img.at<uchar>(y, x) = uchar(rng() % 256);
            compare(img, QString("random %1").arg(t), &differing);
            pixels += long(img.total()) * 4;
        }
        QVERIFY2(differing * 20000 <= pixels,
                 qPrintable(QString("%1 of %2 pixels differ").arg(differing).arg(pixels)));
    }
    void hardEdges() {
        for (const cv::Size size : {cv::Size(256, 256), cv::Size(128, 77)}) {
            cv::Mat img(size, CV_8U);
            for (int y = 0; y < img.rows; ++y)
                for (int x = 0; x < img.cols; ++x)
                    img.at<uchar>(y, x) = ((x / 3 + y / 2) % 2) * 255;
            compare(img, "checks");
            cv::Mat text(size, CV_8U, cv::Scalar(0));
            cv::putText(text, "Name: SMITH^JOHN 12/03/1961", {2, size.height / 2},
                        cv::FONT_HERSHEY_PLAIN, 0.6, cv::Scalar(255), 1, cv::LINE_8);
            compare(text, "text");
        }
    }
    void tinyImagesAndViews() {
        std::mt19937 rng(23);
        cv::Mat big(60, 70, CV_8U);
        for (int y = 0; y < big.rows; ++y)
            for (int x = 0; x < big.cols; ++x)
                big.at<uchar>(y, x) = uchar(rng() % 256);
        for (int w = 1; w <= 5; ++w)
            for (int h = 1; h <= 5; ++h)
                compare(big(cv::Rect(0, 0, w, h)).clone(), "tiny");
        compare(big(cv::Rect(7, 9, 41, 33)), "view");
        // Written in place into a view of a larger image of the right size.
        cv::Mat canvas(200, 200, CV_8U, cv::Scalar(9));
        cv::Mat part = canvas(cv::Rect(10, 20, 82, 66));
        upscaleCubic(big(cv::Rect(7, 9, 41, 33)), part, 2);
        QCOMPARE(part.data, canvas.ptr<uchar>(20) + 10);
        QCOMPARE(int(canvas.at<uchar>(0, 0)), 9);
        cv::Mat want;
        cv::resize(big(cv::Rect(7, 9, 41, 33)), want, {}, 2, 2, cv::INTER_CUBIC);
        QCOMPARE(cv::countNonZero(part != want), 0);
    }
    void otherScalesAreOpenCvs() {
        cv::Mat img(31, 29, CV_8U, cv::Scalar(100));
        img(cv::Rect(5, 5, 10, 3)).setTo(250);
        cv::Mat want, got;
        cv::resize(img, want, {}, 3, 3, cv::INTER_CUBIC);
        upscaleCubic(img, got, 3);
        QCOMPARE(cv::countNonZero(want != got), 0);
    }
};

QTEST_APPLESS_MAIN(TestOcrUpscale)
#include "tst_ocr_upscale.moc"
