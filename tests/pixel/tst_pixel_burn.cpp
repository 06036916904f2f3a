// The burn routine: true black per pixel format, box clipping and frame selection, and the
// GUI preview showing exactly what redactPixels writes.
#include "PixelTestFiles.h"
#include "dicom/DicomFile.h"
#include "pixel/Burn.h"
#include "pixel/Redact.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::test;

class TestBurn : public QObject {
    Q_OBJECT
private slots:
    void trueBlack_data();
    void trueBlack();
    void paletteBlackIsTheDarkestEntry();
    void boxesAreClippedAndSelectedByFrame();
    void ybr422BoxesCoverWholePairs();
    void previewEqualsWhatIsWritten();
};

namespace {
PixelDescription grey(const char* pi, int allocated, int stored, int sign, double slope = 1) {
    PixelDescription d;
    d.photometric = pi;
    d.bitsAllocated = allocated;
    d.bitsStored = stored;
    d.pixelRepresentation = sign;
    d.slope = slope;
    return d;
}
} // namespace

void TestBurn::trueBlack_data() {
    QTest::addColumn<QString>("pi");
    QTest::addColumn<int>("allocated");
    QTest::addColumn<int>("stored");
    QTest::addColumn<int>("sign");
    QTest::addColumn<double>("slope");
    QTest::addColumn<double>("c0");
    QTest::addColumn<double>("c1");
    QTest::newRow("MONO2 12u") << "MONOCHROME2" << 16 << 12 << 0 << 1.0 << 0.0 << 0.0;
    QTest::newRow("MONO2 12s") << "MONOCHROME2" << 16 << 12 << 1 << 1.0 << -2048.0 << -2048.0;
    QTest::newRow("MONO2 16s") << "MONOCHROME2" << 16 << 16 << 1 << 1.0 << -32768.0 << -32768.0;
    QTest::newRow("MONO1 12u") << "MONOCHROME1" << 16 << 12 << 0 << 1.0 << 4095.0 << 4095.0;
    QTest::newRow("MONO1 8u") << "MONOCHROME1" << 8 << 8 << 0 << 1.0 << 255.0 << 255.0;
    QTest::newRow("MONO1 16s") << "MONOCHROME1" << 16 << 16 << 1 << 1.0 << 32767.0 << 32767.0;
    QTest::newRow("MONO2 negative slope")
        << "MONOCHROME2" << 16 << 12 << 0 << -1.0 << 4095.0 << 4095.0;
    QTest::newRow("MONO1 32u") << "MONOCHROME1" << 32 << 32 << 0 << 1.0 << -1.0
                               << -1.0; // 0xFFFFFFFF in CV_32S
    QTest::newRow("RGB") << "RGB" << 8 << 8 << 0 << 1.0 << 0.0 << 0.0;
    QTest::newRow("YBR_FULL") << "YBR_FULL" << 8 << 8 << 0 << 1.0 << 0.0 << 128.0;
    QTest::newRow("YBR_FULL_422") << "YBR_FULL_422" << 8 << 8 << 0 << 1.0 << 0.0 << 128.0;
    QTest::newRow("YBR_PARTIAL_422") << "YBR_PARTIAL_422" << 8 << 8 << 0 << 1.0 << 16.0 << 128.0;
    QTest::newRow("YBR_RCT") << "YBR_RCT" << 8 << 8 << 0 << 1.0 << 0.0 << 0.0;
}

void TestBurn::trueBlack() {
    QFETCH(QString, pi);
    QFETCH(int, allocated);
    QFETCH(int, stored);
    QFETCH(int, sign);
    QFETCH(double, slope);
    QFETCH(double, c0);
    QFETCH(double, c1);
    const auto d = grey(qPrintable(pi), allocated, stored, sign, slope);
    const cv::Scalar black = veil::trueBlack(d, pi.toStdString());
    QCOMPARE(black[0], c0);
    QCOMPARE(black[1], c1);
}

void TestBurn::paletteBlackIsTheDarkestEntry() {
    PixelDescription d = grey("PALETTE COLOR", 8, 8, 0);
    PaletteLut p;
    p.red.data = {500, 90, 0, 700};
    p.green.data = {500, 90, 900, 700};
    p.blue.data = {500, 90, 0, 700};
    p.red.firstMapped = p.green.firstMapped = p.blue.firstMapped = 10;
    d.palette = p;
    QCOMPARE(veil::trueBlack(d, "PALETTE COLOR")[0],
             11.0); // entry 1 is darkest: stored value 10 + 1
}

void TestBurn::boxesAreClippedAndSelectedByFrame() {
    const std::vector<RedactionRegion> regions = {
        {-1, -5, -5, 10, 10}, {2, 90, 40, 50, 50}, {1, 200, 200, 5, 5}};
    const auto f0 = rectsForFrame(regions, 0, cv::Size(100, 60), "MONOCHROME2");
    QCOMPARE(f0.size(), std::size_t(1));
    QCOMPARE(f0[0], cv::Rect(0, 0, 5, 5));
    const auto f2 = rectsForFrame(regions, 2, cv::Size(100, 60), "MONOCHROME2");
    QCOMPARE(f2.size(), std::size_t(2));
    QCOMPARE(f2[1], cv::Rect(90, 40, 10, 20));
    QVERIFY(rectsForFrame(regions, 1, cv::Size(100, 60), "MONOCHROME2").size() ==
            1); // off-image box dropped
}

void TestBurn::ybr422BoxesCoverWholePairs() {
    const auto r = rectsForFrame({{-1, 3, 0, 4, 2}}, 0, cv::Size(10, 4), "YBR_FULL_422");
    QCOMPARE(r[0], cv::Rect(2, 0, 6, 2));
}

void TestBurn::previewEqualsWhatIsWritten() {
    QTemporaryDir dir;
    ImageSpec s;
    s.photometric = "RGB";
    s.bitsAllocated = s.bitsStored = 8;
    s.frames = 2;
    s.syntax = uid::Rle;
    const std::string in = dir.filePath("in.dcm").toStdString(),
                      out = dir.filePath("out.dcm").toStdString();
    writeTestImage(in, s);
    const std::vector<RedactionRegion> boxes = {{-1, 2, 3, 9, 8}, {1, 20, 10, 30, 30}};
    DicomFile file = DicomFile::open(in);
    const PixelDescription d = describePixels(file);
    std::vector<Frame> previews;
    for (int k = 0; k < 2; ++k)
        previews.push_back(previewRedaction(file.frame(k), k, d, boxes));
    redactPixels(file, boxes);
    file.save(out);
    const DicomFile written = DicomFile::open(out);
    for (int k = 0; k < 2; ++k)
        QCOMPARE(cv::norm(written.frame(k).pixels.reshape(1),
                          previews[std::size_t(k)].pixels.reshape(1), cv::NORM_INF),
                 0.0);
}

QTEST_GUILESS_MAIN(TestBurn)
#include "tst_pixel_burn.moc"
