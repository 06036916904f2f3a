// Overlay planes decoded for the viewer, the scan and the gate (pixel/Overlays.h): OverlayData
// with origin and frames, the retired form in unused bits of Pixel Data (native and inside
// compressed frames), the real samples; the bits above BitsStored of compressed frames found
// and cleared; a plane with accepted text blanked without touching the pixels or other planes.
#include "OverlayTestFiles.h"
#include "PixelTestFiles.h"

#include "deid/Profile.h"
#include "export/PixelRedactionStep.h"
#include "pixel/Overlays.h"
#include "pixel/Redact.h"
#include "verify/Verifier.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

using namespace veil;
using namespace veil::test;
namespace fs = std::filesystem;

namespace {

fs::path sample(const char* name) {
    return fs::path(VEIL_SAMPLES_DIR) / name;
}

cv::Mat box(int rows, int columns, cv::Rect r) {
    cv::Mat m = cv::Mat::zeros(rows, columns, CV_8U);
    m(r).setTo(255);
    return m;
}

bool same(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

const OverlayLayer* layerOf(const std::vector<OverlayLayer>& layers, int group) {
    for (const OverlayLayer& l : layers)
        if (l.plane.group == group)
            return &l;
    return nullptr;
}

} // namespace

class TestPixelOverlays : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

private slots:
    // Two overlay frames at an origin, on image frames 2 and 3 of 3.
    void overlayDataWithOriginAndFrames() {
        const cv::Mat a = box(20, 30, {2, 3, 10, 5}), b = box(20, 30, {15, 10, 12, 8});
        ImageSpec s;
        s.rows = 64;
        s.columns = 80;
        s.frames = 3;
        s.edit = [&](DcmDataset& ds, std::vector<std::uint8_t>&) {
            putOverlayData(ds, 0x6000, {a, b}, 5, 7, true, 2);
        };
        writeTestImage(path("data.dcm"), s);
        const DicomFile f = DicomFile::open(path("data.dcm"));
        const std::vector<OverlayInfo> planes = overlayPlanes(f);
        QCOMPARE(int(planes.size()), 1);
        QCOMPARE(planes[0].group, 0x6000);
        QVERIFY(!planes[0].inPixelData);
        QCOMPARE(planes[0].frames, 2);
        QCOMPARE(planes[0].firstFrame, 2);
        QVERIFY(!planes[0].everyFrame);
        QVERIFY(overlaysOnFrame(f, 0).empty());
        const std::vector<OverlayLayer> on1 = overlaysOnFrame(f, 1), on2 = overlaysOnFrame(f, 2);
        QCOMPARE(int(on1.size()), 1);
        QCOMPARE(on1[0].mask.size(), cv::Size(80, 64));
        cv::Mat expected = cv::Mat::zeros(64, 80, CV_8U);
        a.copyTo(expected(cv::Rect(6, 4, 30, 20))); // origin row 5, column 7 (1-based)
        QVERIFY(same(on1[0].mask, expected));
        expected.setTo(0);
        b.copyTo(expected(cv::Rect(6, 4, 30, 20)));
        QVERIFY(same(on2.at(0).mask, expected));
        const std::vector<OverlayLayer> bitmaps = overlayBitmaps(f);
        QCOMPARE(int(bitmaps.size()), 2);
        QCOMPARE(bitmaps[0].imageFrame, 1);
        QCOMPARE(bitmaps[1].imageFrame, 2);
    }

    // No NumberOfFramesInOverlay on a multi-frame image: the one overlay frame is on all.
    void oneOverlayFrameLiesOnEveryFrame() {
        const cv::Mat a = box(32, 40, {4, 4, 20, 6});
        ImageSpec s;
        s.rows = 32;
        s.columns = 40;
        s.frames = 4;
        s.edit = [&](DcmDataset& ds, std::vector<std::uint8_t>&) {
            putOverlayData(ds, 0x6002, {a});
        };
        writeTestImage(path("every.dcm"), s);
        const DicomFile f = DicomFile::open(path("every.dcm"));
        QVERIFY(overlayPlanes(f).at(0).everyFrame);
        for (int k = 0; k < 4; ++k)
            QVERIFY(same(overlaysOnFrame(f, k).at(0).mask, a));
        const std::vector<OverlayLayer> bitmaps = overlayBitmaps(f);
        QCOMPARE(int(bitmaps.size()), 1); // read once for OCR
        QCOMPARE(bitmaps[0].imageFrame, -1);
    }

    // The retired form, native and inside RLE frames: the plane comes from the bit, the stored
    // values stay what was written.
    void overlayInPixelData_data() {
        QTest::addColumn<QString>("syntax");
        QTest::newRow("explicit little endian") << QString::fromStdString(uid::ExplicitLE);
        QTest::newRow("RLE lossless") << QString::fromStdString(uid::Rle);
    }
    void overlayInPixelData() {
        QFETCH(QString, syntax);
        const cv::Mat m0 = textMask(48, 120, "SMITH", 4, 8), m1 = box(48, 120, {10, 30, 50, 6});
        ImageSpec s;
        s.syntax = syntax.toStdString();
        s.rows = 48;
        s.columns = 120;
        s.frames = 2;
        s.edit = [&](DcmDataset& ds, std::vector<std::uint8_t>& raw) {
            putOverlayInPixelData(ds, raw, 0x6000, 14, {m0, m1});
        };
        const fs::path p = path("bits-" + std::to_string(qHash(syntax)) + ".dcm");
        const TestImage written = writeTestImage(p, s);
        DicomFile f = DicomFile::open(p);
        const std::vector<OverlayInfo> planes = overlayPlanes(f);
        QCOMPARE(int(planes.size()), 1);
        QVERIFY(planes[0].inPixelData);
        QCOMPARE(planes[0].bitPosition, 14);
        QVERIFY(same(overlaysOnFrame(f, 0).at(0).mask, m0));
        QVERIFY(same(overlaysOnFrame(f, 1).at(0).mask, m1));
        QCOMPARE(int(overlayBitmaps(f).size()), 2);
        QVERIFY(same(f.frame(0).pixels, written.frames[0])); // stored values: no overlay bit
        QCOMPARE(samplesWithBitsOutsideStored(f),
                 long(cv::countNonZero(m0) + cv::countNonZero(m1)));

        // Clean Graphics clears them, compressed frames included, the image unchanged.
        RedactOptions o;
        o.clearBitsOutsideStored = true;
        const long before = samplesWithBitsOutsideStored(f);
        const RedactResult r = redactPixels(f, {}, o);
        QCOMPARE(r.samplesBitsCleared, before);
        f.save(path("cleared.dcm"));
        DicomFile out = DicomFile::open(path("cleared.dcm"));
        QCOMPARE(samplesWithBitsOutsideStored(out), 0L);
        QVERIFY(overlayBitmaps(out).empty());
        QVERIFY(same(out.frame(0).pixels, written.frames[0]));
        QVERIFY(same(out.frame(1).pixels, written.frames[1]));
        if (s.syntax == uid::Rle)
            QCOMPARE(QString::fromStdString(out.info().transferSyntaxUid), syntax); // lossless kept
    }

    // A compressed frame with stray bits above BitsStored (no overlay group): the gate's
    // graphics check sees them after decoding, and the publication pixel options clear them.
    void strayBitsInCompressedFrames() {
        ImageSpec s;
        s.syntax = uid::Rle;
        s.edit = [](DcmDataset&, std::vector<std::uint8_t>& raw) { setBitEverywhere(raw, 15); };
        writeTestImage(path("stray-rle.dcm"), s);
        SourceEvidence evidence;
        evidence.checkUids = false;
        evidence.checkGraphics = true;
        bool hit = false;
        for (const VerificationHit& h : Verifier(evidence).verifyFile(path("stray-rle.dcm")).hits)
            hit = hit || h.attribute == "overlay bits in Pixel Data";
        QVERIFY(hit);
        DicomFile f = DicomFile::open(path("stray-rle.dcm"));
        QCOMPARE(samplesWithBitsOutsideStored(f), long(s.rows * s.columns));
        redactPixels(f, {}, pixelOptionsFor(Profile::standard(ReleaseLevel::Publication)));
        f.save(path("stray-rle-out.dcm"));
        for (const VerificationHit& h :
             Verifier(evidence).verifyFile(path("stray-rle-out.dcm")).hits)
            QVERIFY2(h.attribute != "overlay bits in Pixel Data", h.value.c_str());
    }

    // A bit position inside the stored bits names no overlay: nothing is drawn from it.
    void bitInsideStoredIsNoOverlay() {
        ImageSpec s;
        s.edit = [](DcmDataset& ds, std::vector<std::uint8_t>& raw) {
            putOverlayInPixelData(ds, raw, 0x6000, 5, {cv::Mat::zeros(37, 42, CV_8U)});
        };
        writeTestImage(path("inside.dcm"), s);
        std::vector<std::string> notes;
        QVERIFY(overlayPlanes(DicomFile::open(path("inside.dcm")), &notes).empty());
        QCOMPARE(int(notes.size()), 1);
    }

    // Limited level, no Clean Graphics: an accepted finding in one plane blanks that plane
    // only; the pixels and the other planes stay as they were.
    void acceptedOverlayTextBlanksThatPlane() {
        const cv::Mat name = textMask(64, 96, "SMITH", 4, 4), other = box(64, 96, {5, 40, 30, 4});
        ImageSpec s;
        s.rows = 64;
        s.columns = 96;
        s.edit = [&](DcmDataset& ds, std::vector<std::uint8_t>& raw) {
            putOverlayData(ds, 0x6000, {other});
            putOverlayData(ds, 0x6002, {name});
            putOverlayInPixelData(ds, raw, 0x6004, 14, {name});
            putOverlayInPixelData(ds, raw, 0x6006, 15, {other});
        };
        const TestImage written = writeTestImage(path("planes.dcm"), s);
        DicomFile f = DicomFile::open(path("planes.dcm"));
        QCOMPARE(int(overlayPlanes(f).size()), 4);
        const std::vector<RedactionRegion> regions = {{0, 4, 4, 80, 24, 0x6002},
                                                      {0, 4, 4, 80, 24, 0x6004}};
        const RedactResult r = redactPixels(f, regions, {});
        QCOMPARE(r.pixelsChanged, 0L); // nothing burned into the image
        f.save(path("planes-out.dcm"));
        const DicomFile out = DicomFile::open(path("planes-out.dcm"));
        const std::vector<OverlayLayer> layers = overlaysOnFrame(out, 0);
        QCOMPARE(int(layers.size()), 4); // the groups stay (the plan acts on their elements)
        QCOMPARE(overlayPixels(*layerOf(layers, 0x6002)), 0L);
        QCOMPARE(overlayPixels(*layerOf(layers, 0x6004)), 0L);
        QVERIFY(same(layerOf(layers, 0x6000)->mask, other));
        QVERIFY(same(layerOf(layers, 0x6006)->mask, other));
        QVERIFY(same(out.frame(0).pixels, written.frames[0]));
        QCOMPARE(int(overlayBitmaps(out).size()), 2); // only the planes without the name
    }

    // The dcm4che sample: 12 bits stored, planes at bits 15 and 14 of Pixel Data, two with
    // OverlayData; the Siemens MR: one plane of OverlayData.
    void realSamples() {
        const fs::path ovly = sample("dcm4che/ovly_p01.dcm");
        const fs::path mr = sample("pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm");
        if (!fs::exists(ovly) || !fs::exists(mr))
            QSKIP("the overlay samples are not in ../shared/samples");
        const DicomFile f = DicomFile::open(ovly);
        const std::vector<OverlayInfo> planes = overlayPlanes(f);
        QCOMPARE(int(planes.size()), 4);
        QVERIFY(planes[0].inPixelData && planes[0].bitPosition == 15);
        QVERIFY(planes[1].inPixelData && planes[1].bitPosition == 14);
        QVERIFY(!planes[2].inPixelData && !planes[3].inPixelData);
        const std::vector<OverlayLayer> layers = overlaysOnFrame(f, 0);
        QCOMPARE(int(layers.size()), 4);
        long inBits = 0;
        for (const OverlayLayer& l : layers) {
            QCOMPARE(l.mask.size(), cv::Size(512, 512));
            if (l.plane.inPixelData)
                inBits += overlayPixels(l);
        }
        QVERIFY2(inBits > 1000, std::to_string(inBits).c_str());
        const DicomFile m = DicomFile::open(mr);
        QCOMPARE(int(overlayPlanes(m).size()), 1);
        QVERIFY(overlayPixels(overlaysOnFrame(m, 0).at(0)) > 100);
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv); // text masks are drawn with Qt
    TestPixelOverlays t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_pixel_overlays.moc"
