// findBlobs against OpenCV's pixel labelling on masks of every kind (random speckle at
// several densities, strokes that meet only at a corner, a view of a larger mask, empty and
// full masks): the same components, with the same boxes and areas, in the same order, and
// each blob's own mask is its pixels.
#include "ocr/Blobs.h"
#include "ocr/TextCandidates.h"

#include <QTest>

#include <opencv2/imgproc.hpp>

#include <random>

using namespace veil;

namespace {

void compareWithOpenCv(const cv::Mat& mask, const char* what) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    const Blobs blobs = findBlobs(mask);
    QVERIFY2(int(blobs.blobs.size()) == n - 1,
             qPrintable(
                 QString("%1: %2 blobs, OpenCV %3").arg(what).arg(blobs.blobs.size()).arg(n - 1)));
    for (int i = 1; i < n; ++i) {
        const int* s = stats.ptr<int>(i);
        const Blob& b = blobs.blobs[std::size_t(i - 1)];
        const cv::Rect box(s[cv::CC_STAT_LEFT], s[cv::CC_STAT_TOP], s[cv::CC_STAT_WIDTH],
                           s[cv::CC_STAT_HEIGHT]);
        QVERIFY2(b.box == box && b.area == s[cv::CC_STAT_AREA],
                 qPrintable(QString("%1: blob %2").arg(what).arg(i)));
        // Its own mask: exactly the pixels OpenCV gave that label.
        const cv::Mat own = blobMask(blobs, i - 1);
        const cv::Mat want = labels(box) == i;
        QVERIFY2(cv::countNonZero(own != want) == 0,
                 qPrintable(QString("%1: mask of blob %2").arg(what).arg(i)));
    }
}

} // namespace

class TestBlobs : public QObject {
    Q_OBJECT
private slots:
    // boundsAbove (the stroke region's box, and where a view is enlarged) is
    // cv::boundingRect(grey > level): random levels at several thresholds, a single pixel in
    // each corner, a view of a larger image, nothing above the level.
    void boundsAboveIsBoundingRect() {
        std::mt19937 rng(5);
        cv::Mat img(97, 131, CV_8U, cv::Scalar(0));
        for (int i = 0; i < 40; ++i)
            img.at<uchar>(int(rng() % 80) + 8, int(rng() % 100) + 15) = uchar(rng() % 256);
        for (int level : {0, 50, 128, 200, 254, 255})
            QCOMPARE(boundsAbove(img, level), cv::boundingRect(img > level));
        for (const cv::Point p :
             {cv::Point(0, 0), cv::Point(130, 0), cv::Point(0, 96), cv::Point(130, 96)}) {
            cv::Mat one(97, 131, CV_8U, cv::Scalar(3));
            one.at<uchar>(p) = 9;
            QCOMPARE(boundsAbove(one, 3), cv::Rect(p.x, p.y, 1, 1));
        }
        const cv::Mat view = img(cv::Rect(20, 10, 60, 50));
        QCOMPARE(boundsAbove(view, 10), cv::boundingRect(view > 10));
        QVERIFY(boundsAbove(cv::Mat(20, 20, CV_8U, cv::Scalar(7)), 7).empty());
    }
    // The stroke masks take the background's low (light strokes) from the erosion that makes
    // the opening, and its high (dark strokes) from the dilation that makes the closing:
    // erode(open(g)) == erode(g) and dilate(close(g)) == dilate(g) for OpenCV's filters, at
    // the frame's edges too, and on a region of a view whose surroundings are at the view's
    // minimum (strokeRegion's pad), where the filters read past the region's edge.
    void openingsKeepTheirErosion() {
        std::mt19937 rng(11);
        cv::Mat img(83, 121, CV_8U);
        for (int y = 0; y < img.rows; ++y)
            for (int x = 0; x < img.cols; ++x)
                img.at<uchar>(y, x) = uchar(rng() % 256);
        cv::Mat framed(143, 181, CV_8U, cv::Scalar(0));
        img.copyTo(framed(cv::Rect(30, 30, img.cols, img.rows)));
        const cv::Mat region = framed(cv::Rect(8, 9, 165, 125)); // 22 or more of 0 around img
        for (const cv::Mat& g : {img, region}) {
            for (int k : {5, 11, 15}) {
                const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {k, k});
                cv::Mat eroded, opened, openedEroded, dilated, closed, closedDilated;
                cv::erode(g, eroded, kernel);
                cv::morphologyEx(g, opened, cv::MORPH_OPEN, kernel);
                cv::erode(opened, openedEroded, kernel);
                QCOMPARE(cv::countNonZero(openedEroded != eroded), 0);
                cv::dilate(g, dilated, kernel);
                cv::morphologyEx(g, closed, cv::MORPH_CLOSE, kernel);
                cv::dilate(closed, closedDilated, kernel);
                QCOMPARE(cv::countNonZero(closedDilated != dilated), 0);
            }
        }
    }
    void sameAsPixelLabelling_data() {
        QTest::addColumn<double>("density");
        QTest::addColumn<int>("seed");
        for (double d : {0.01, 0.05, 0.2, 0.5, 0.8})
            for (int seed : {1, 2})
                QTest::newRow(qPrintable(QString("density %1 seed %2").arg(d).arg(seed)))
                    << d << seed;
    }
    void sameAsPixelLabelling() {
        QFETCH(double, density);
        QFETCH(int, seed);
        std::mt19937 rng{static_cast<unsigned>(seed)};
        std::bernoulli_distribution on(density);
        cv::Mat mask(97, 131, CV_8U); // widths not a multiple of 8: the word skip's tail
        for (int y = 0; y < mask.rows; ++y)
            for (int x = 0; x < mask.cols; ++x)
                mask.at<uchar>(y, x) = on(rng) ? uchar(1 + rng() % 255) : 0;
        compareWithOpenCv(mask, "speckle");
    }

    void cornersAndViews() {
        cv::Mat mask = cv::Mat::zeros(64, 80, CV_8U);
        // Diagonal strokes meet only at corners (8-connected: one blob each way).
        for (int i = 0; i < 20; ++i) {
            mask.at<uchar>(5 + i, 5 + i) = 255;
            mask.at<uchar>(5 + i, 40 - i) = 255;
        }
        cv::putText(mask, "Ag 7", {30, 55}, cv::FONT_HERSHEY_SIMPLEX, 0.9, 255, 2);
        cv::rectangle(mask, {60, 2, 18, 10}, 255, cv::FILLED);
        mask.row(63).setTo(255); // a run to the last column
        compareWithOpenCv(mask, "strokes");
        // A view into the middle of it: rows are not continuous.
        compareWithOpenCv(mask(cv::Rect(3, 4, 61, 50)), "view");
        compareWithOpenCv(cv::Mat::zeros(10, 10, CV_8U), "empty");
        compareWithOpenCv(cv::Mat(9, 17, CV_8U, cv::Scalar(255)), "full");
    }
};

QTEST_MAIN(TestBlobs)
#include "tst_ocr_blobs.moc"
