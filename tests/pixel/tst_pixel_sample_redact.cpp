// Redaction on real equipment output from shared/samples: RLE planar YBR_FULL, the 87-frame
// JPEG baseline cine, palettes, JPEG 2000; and the overlay samples.
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "image/DisplayRender.h"
#include "pixel/Burn.h"
#include "pixel/Redact.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestSampleRedact : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!std::filesystem::exists(VEIL_SAMPLES_DIR))
            QSKIP("../shared/samples is not beside this checkout");
    }
    void redacts_data();
    void redacts();
    void overlaysAreBurnedThenRemoved_data();
    void overlaysAreBurnedThenRemoved();

private:
    QTemporaryDir m_dir;
};

namespace {

std::string sample(const QString& rel) {
    return std::string(VEIL_SAMPLES_DIR) + "/" + rel.toStdString();
}

// Every frame: box pixels equal `black`, all others equal the frame before redaction.
void compareFrames(const DicomFile& before, const DicomFile& after,
                   const std::vector<RedactionRegion>& boxes) {
    const PixelDescription d = describePixels(after);
    for (int k = 0; k < before.frameCount(); ++k) {
        const Frame was = before.frame(k), now = after.frame(k);
        QCOMPARE(now.photometric, was.photometric);
        cv::Mat expected = was.pixels.clone();
        Frame burned{expected, was.photometric};
        burnRegions(burned, k, d, boxes);
        QVERIFY2(cv::norm(now.pixels.reshape(1), burned.pixels.reshape(1), cv::NORM_INF) == 0,
                 qPrintable(QString("frame %1 differs").arg(k)));
        for (const cv::Rect& r : rectsForFrame(boxes, k, now.pixels.size(), now.photometric)) {
            const cv::Scalar black = trueBlack(d, now.photometric);
            cv::Mat box = now.pixels(r).clone().reshape(1, int(r.area()));
            for (int c = 0; c < now.pixels.channels(); ++c)
                QCOMPARE(cv::norm(box.col(c), cv::NORM_INF), std::abs(black[c]));
        }
    }
}

} // namespace

void TestSampleRedact::redacts_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("frame");
    QTest::addColumn<QRect>("box");
    QTest::addColumn<QString>("syntax");
    QTest::addColumn<QString>("photometric");
    QTest::newRow("RLE planar YBR_FULL")
        << "orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm" << -1
        << QRect(0, 0, 700, 75) << "1.2.840.10008.1.2.5"
        << "YBR_FULL";
    QTest::newRow("RLE YBR_FULL Acuson")
        << "dcm4che/YBR_FULL-RLE.dcm" << -1 << QRect(0, 0, 300, 32) << "1.2.840.10008.1.2.5"
        << "YBR_FULL";
    QTest::newRow("JPEG baseline 87 frames")
        << "orthanc-tests/Issue164.dcm" << -1 << QRect(60, 10, 340, 60) << "1.2.840.10008.1.2.1"
        << "RGB";
    QTest::newRow("palette explicit LE")
        << "pydicom-data/OBXXXX1A.dcm" << 0 << QRect(0, 0, 400, 40) << "1.2.840.10008.1.2.1"
        << "PALETTE COLOR";
    QTest::newRow("palette big endian")
        << "pydicom-data/OBXXXX1A_expb.dcm" << 0 << QRect(0, 0, 400, 40) << "1.2.840.10008.1.2.2"
        << "PALETTE COLOR";
    QTest::newRow("palette RLE 10 frames")
        << "dcm4che/US-PAL-8-10x-echo.dcm" << -1 << QRect(0, 0, 120, 60) << "1.2.840.10008.1.2.5"
        << "PALETTE COLOR";
    QTest::newRow("palette 16-bit")
        << "pydicom-data/gdcm-US-ALOKA-16.dcm" << 0 << QRect(60, 0, 580, 22) << "1.2.840.10008.1.2"
        << "PALETTE COLOR";
    QTest::newRow("native YBR_FULL_422")
        << "dcm4che/YBR_422.dcm" << 0 << QRect(101, 0, 250, 90) << "1.2.840.10008.1.2.1"
        << "YBR_FULL_422";
    QTest::newRow("JPEG lossless SV1") << "pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm" << 0
                                       << QRect(0, 0, 300, 50) << "1.2.840.10008.1.2.4.70"
                                       << "MONOCHROME2";
    QTest::newRow("J2K lossless YBR_RCT")
        << "pydicom-data/US1_J2KR.dcm" << 0 << QRect(0, 0, 200, 40) << "1.2.840.10008.1.2.1"
        << "RGB";
    QTest::newRow("J2K lossy YBR_ICT")
        << "orthanc-tests/jp2k91YBR-ICT.dcm" << 0 << QRect(0, 0, 600, 80) << "1.2.840.10008.1.2.1"
        << "RGB";
    QTest::newRow("JPEG baseline YBR_FULL")
        << "fo-dicom/GH538-jpeg1.dcm" << 0 << QRect(200, 150, 100, 100) << "1.2.840.10008.1.2.1"
        << "RGB";
}

void TestSampleRedact::redacts() {
    QFETCH(QString, file);
    QFETCH(int, frame);
    QFETCH(QRect, box);
    QFETCH(QString, syntax);
    QFETCH(QString, photometric);
    const std::vector<RedactionRegion> boxes = {
        {frame, box.x(), box.y(), box.width(), box.height()}};
    const std::string out = m_dir.filePath(QFileInfo(file).fileName()).toStdString();
    try {
        const DicomFile before = DicomFile::open(sample(file));
        DicomFile work = DicomFile::open(sample(file));
        const RedactResult r = redactPixels(work, boxes);
        QCOMPARE(QString::fromStdString(r.writtenTransferSyntaxUid), syntax);
        QVERIFY(r.pixelsChanged > 0);
        work.save(out);
        const DicomFile after = DicomFile::open(out);
        QCOMPARE(QString::fromStdString(after.info().transferSyntaxUid), syntax);
        QCOMPARE(QString::fromStdString(after.string(tags::PhotometricInterpretation)),
                 photometric);
        QCOMPARE(after.frameCount(), before.frameCount());
        if (r.lossyInput)
            QCOMPARE(after.string(Tag(0x0028, 0x2110)), std::string("01"));
        QVERIFY(!after.has(Tag(0x0088, 0x0200)));
        compareFrames(before, after, boxes);
        // Rendered for display, pixels outside the box keep their colours.
        const cv::Mat a = renderForDisplay(before.frame(0), renderParamsFor(before));
        const cv::Mat b = renderForDisplay(after.frame(0), renderParamsFor(after));
        const cv::Point outside(before.info().columns - 2, before.info().rows - 2);
        QCOMPARE(cv::norm(a(cv::Rect(outside, cv::Size(1, 1))),
                          b(cv::Rect(outside, cv::Size(1, 1))), cv::NORM_INF),
                 0.0);
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
}

void TestSampleRedact::overlaysAreBurnedThenRemoved_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("overlay data (60xx,3000)") << "pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm";
    QTest::newRow("overlays in unused pixel bits") << "dcm4che/ovly_p01.dcm";
}

void TestSampleRedact::overlaysAreBurnedThenRemoved() {
    QFETCH(QString, file);
    const std::string out = m_dir.filePath("ovl-" + QFileInfo(file).fileName()).toStdString();
    try {
        DicomFile work = DicomFile::open(sample(file));
        RedactOptions o;
        o.burnOverlays = o.removeOverlays = true;
        o.markBurnedInAnnotationNo = true;
        const RedactResult r = redactPixels(work, {}, o);
        QVERIFY2(r.pixelsChanged > 100, qPrintable(QString::number(r.pixelsChanged)));
        work.save(out);
        const DicomFile after = DicomFile::open(out);
        for (const ElementValue& e : after.elements())
            QVERIFY2(e.path.leaf().group < 0x6000 || e.path.leaf().group > 0x60FF,
                     e.path.toString().c_str());
        QCOMPARE(after.string(tags::BurnedInAnnotation), std::string("NO"));
        const PixelDescription d = describePixels(after);
        double lo = 0, hi = 0;
        cv::minMaxLoc(after.frame(0).pixels, &lo, &hi);
        QCOMPARE(hi, double(d.maxStored())); // the graphics are white now
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
}

QTEST_GUILESS_MAIN(TestSampleRedact)
#include "tst_pixel_sample_redact.moc"
