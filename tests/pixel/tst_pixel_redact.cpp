// Redaction on every generated combination: box pixels become the image's true black on every
// frame asked for, every other pixel keeps its decoded value exactly, the output is written in
// the expected syntax and decodes again.
#include "PixelTestFiles.h"
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "pixel/Burn.h"
#include "pixel/Redact.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::test;

class TestPixelRedact : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_dir.setAutoRemove(!qEnvironmentVariableIsSet("VEIL_KEEP_TEST_FILES")); }
    void redacts_data();
    void redacts();

private:
    void check();
    QTemporaryDir m_dir;
};

namespace {

std::string expectedSyntax(const std::string& source) {
    if (isLossy(source))
        return uid::ExplicitLE;
    return source;
}

// The black the issue asks for, worked out here from the spec rather than from trueBlack().
cv::Scalar expectedBlack(const ImageSpec& s, const TestImage& img, const std::string& framePi) {
    const long lo = s.pixelRepresentation ? -(1L << (s.bitsStored - 1)) : 0;
    const long hi =
        s.pixelRepresentation ? (1L << (s.bitsStored - 1)) - 1 : (1L << s.bitsStored) - 1;
    if (framePi == "MONOCHROME2")
        return cv::Scalar::all(storedAsMatValue(lo, s.bitsAllocated));
    if (framePi == "MONOCHROME1")
        return cv::Scalar::all(storedAsMatValue(hi, s.bitsAllocated));
    if (framePi == "PALETTE COLOR")
        return cv::Scalar::all(img.darkestPaletteIndex);
    if (framePi == "RGB")
        return cv::Scalar::all(0);
    return cv::Scalar(0, 128, 128); // YBR_FULL, YBR_FULL_422 at 8 bits
}

std::vector<RedactionRegion> boxesFor(const ImageSpec& s) {
    std::vector<RedactionRegion> r = {{0, 3, 4, 11, 7}, {-1, s.columns - 6, s.rows - 5, 20, 20}};
    if (s.frames > 1)
        r.push_back({s.frames - 1, 1, 20, 5, 3});
    return r;
}

cv::Mat insideMask(const std::vector<cv::Rect>& rects, cv::Size size) {
    cv::Mat mask = cv::Mat::zeros(size, CV_8U);
    for (const cv::Rect& r : rects)
        mask(r).setTo(255);
    return mask;
}

void expectFrame(const Frame& got, const Frame& before, const cv::Mat& inside,
                 const cv::Scalar& black, const QString& where) {
    for (int y = 0; y < got.pixels.rows; ++y)
        for (int x = 0; x < got.pixels.cols; ++x) {
            cv::Mat g = got.pixels(cv::Rect(x, y, 1, 1)), b = before.pixels(cv::Rect(x, y, 1, 1));
            cv::Mat want = inside.at<uchar>(y, x) ? cv::Mat(1, 1, got.pixels.type(), black) : b;
            if (cv::norm(g.reshape(1), want.reshape(1), cv::NORM_INF) != 0)
                QFAIL(qPrintable(QString("%1 pixel (%2,%3) is %4 (inside box: %5)")
                                     .arg(where)
                                     .arg(x)
                                     .arg(y)
                                     .arg(cv::sum(g)[0])
                                     .arg(inside.at<uchar>(y, x) != 0)));
        }
}

} // namespace

void TestPixelRedact::redacts_data() {
    QTest::addColumn<int>("index");
    const auto all = allCombinations();
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(describe(all[i]).c_str()) << int(i);
}

void TestPixelRedact::redacts() {
    try {
        check();
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
}

void TestPixelRedact::check() {
    QFETCH(int, index);
    const ImageSpec spec = allCombinations()[std::size_t(index)];
    const std::string in = m_dir.filePath(QString("in%1.dcm").arg(index)).toStdString();
    const std::string out = m_dir.filePath(QString("out%1.dcm").arg(index)).toStdString();
    const TestImage written = writeTestImage(in, spec);
    std::vector<Frame> before;
    const auto boxes = boxesFor(spec);
    {
        DicomFile file = DicomFile::open(in);
        for (int k = 0; k < spec.frames; ++k)
            before.push_back(file.frame(k));
        const RedactResult result = redactPixels(file, boxes);
        QCOMPARE(result.writtenTransferSyntaxUid, expectedSyntax(spec.syntax));
        QCOMPARE(result.framesTouched, spec.frames);
        QCOMPARE(result.lossyInput, isLossy(spec.syntax));
        QVERIFY(result.pixelsChanged > 0);
        file.save(out);
    }
    const DicomFile redacted = DicomFile::open(out);
    QCOMPARE(redacted.info().transferSyntaxUid, expectedSyntax(spec.syntax));
    QCOMPARE(redacted.frameCount(), spec.frames);
    if (isLossy(spec.syntax))
        QCOMPARE(redacted.string(Tag(0x0028, 0x2110)), std::string("01"));
    for (int k = 0; k < spec.frames; ++k) {
        const Frame got = redacted.frame(k);
        QCOMPARE(got.photometric, before[std::size_t(k)].photometric);
        const auto rects = rectsForFrame(boxes, k, got.pixels.size(), got.photometric);
        expectFrame(got, before[std::size_t(k)], insideMask(rects, got.pixels.size()),
                    expectedBlack(spec, written, got.photometric), QString("frame %1").arg(k));
    }
}

QTEST_GUILESS_MAIN(TestPixelRedact)
#include "tst_pixel_redact.moc"
