// Text in overlay planes goes through the same detector and matcher as pixel text: the scan
// finds a name written into OverlayData or into unused bits of Pixel Data (RLE), says which
// overlay group it is in (finding, text and JSON reports); redacting it at the limited level
// blanks that plane, and the gate's PixelChecker reports a name left in an overlay.
#include "../pixel/OverlayTestFiles.h"
#include "../pixel/PixelTestFiles.h"

#include "ocr/RedactionPolicy.h"
#include "ocr/ScanJob.h"
#include "ocr/ScanReport.h"
#include "pixel/Overlays.h"
#include "pixel/Redact.h"
#include "study/StudyIndexer.h"
#include "verify/OcrPixelChecker.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using namespace veil::test;
namespace fs = std::filesystem;

namespace {

const char* kName = "OYELARAN^TUNDE";
const char* kWritten = "OYELARAN, TUNDE";

// A smooth 16/12 image whose overlay carries the patient's name; the pixels carry no text.
void writeImage(const fs::path& p, bool inPixelData, const std::string& syntax) {
    ImageSpec s;
    s.syntax = syntax;
    s.rows = 192;
    s.columns = 320;
    s.smooth = true;
    const cv::Mat name = textMask(192, 320, kWritten, 20, 30, 22);
    s.edit = [=](DcmDataset& ds, std::vector<std::uint8_t>& raw) {
        ds.putAndInsertString(DCM_PatientName, kName);
        if (inPixelData)
            putOverlayInPixelData(ds, raw, 0x6002, 15, {name});
        else
            putOverlayData(ds, 0x6002, {name});
    };
    writeTestImage(p, s);
}

const Finding* nameFinding(const std::vector<Finding>& findings) {
    for (const Finding& f : findings)
        if (f.phi && f.matched == "PatientName")
            return &f;
    return nullptr;
}

} // namespace

class TestOcrOverlays : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

private slots:
    void scanFindsNameInOverlay_data() {
        QTest::addColumn<bool>("inPixelData");
        QTest::addColumn<QString>("syntax");
        QTest::newRow("OverlayData") << false << QString::fromStdString(uid::ExplicitLE);
        QTest::newRow("bit 15 of RLE Pixel Data") << true << QString::fromStdString(uid::Rle);
    }
    void scanFindsNameInOverlay() {
        QFETCH(bool, inPixelData);
        QFETCH(QString, syntax);
        const fs::path p = path(inPixelData ? "bits.dcm" : "data.dcm");
        writeImage(p, inPixelData, syntax.toStdString());
        const InstanceInfo info = DicomFile::open(p).info();
        const ScanJob scan;
        const std::vector<Finding> found = scan.scanInstance(info);
        const Finding* f = nameFinding(found);
        QVERIFY2(f, scanReportText({{{info.path, info.sopInstanceUid, 1, found, {}}}, {}, 1, false})
                        .c_str());
        QCOMPARE(f->overlayGroup, 0x6002);
        QCOMPARE(QString::fromStdString(overlayLabel(*f)), QString("overlay 6002"));
        QVERIFY(f->box.x >= 10 && f->box.x <= 30 && f->box.y >= 20 && f->box.y <= 40);
        for (const Finding& x : found) // the pixels themselves carry no name
            QVERIFY(x.overlayGroup == 0x6002 || !x.phi);

        // limited level, the finding accepted: the plane is blanked and the gate reads clean
        // the gate, as it is: the name in the overlay is a hit naming file, group, box, text
        OcrPixelChecker checker;
        SourceEvidence evidence;
        evidence.addSource(DicomFile::open(p));
        const FileVerification v = Verifier(evidence, &checker).verifyFile(p);
        bool reported = false;
        for (const VerificationHit& h : v.hits)
            reported =
                reported || (h.where.rfind("overlay 6002 frame 1 box", 0) == 0 && h.inPixels &&
                             h.file == p.string() && h.attribute == "PatientName" &&
                             h.value.find("OYELARAN") != std::string::npos);
        QVERIFY(reported);
        const IdentifierSet ids = IdentifierSet::fromFile(DicomFile::open(p));
        const std::vector<RedactionRegion> regions = redactionRegions(found, RedactPolicy::Auto, 1);
        QVERIFY(std::any_of(regions.begin(), regions.end(),
                            [](const RedactionRegion& r) { return r.overlayGroup == 0x6002; }));
        DicomFile file = DicomFile::open(p);
        const RedactResult r = redactPixels(file, regions, {});
        QCOMPARE(r.pixelsChanged, 0L);
        file.save(path("out.dcm"));
        const DicomFile out = DicomFile::open(path("out.dcm"));
        QVERIFY(overlayBitmaps(out).empty());
        for (const VerificationHit& h : OcrPixelChecker().check(out, ids).hits)
            QVERIFY2(h.where.find("overlay") == std::string::npos, h.where.c_str());
        QVERIFY(!nameFinding(ScanJob().scanInstance(out.info())));
    }

    // `veil-cli scan`'s reports (text and JSON) name the overlay group; the job reads each
    // instance's planes once.
    void reportsNameTheOverlayGroup() {
        fs::create_directories(path("study"));
        writeImage(path("study/data.dcm"), false, uid::ExplicitLE);
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run({path("study").string()}, progress, cancel);
        const ScanResult result = ScanJob().run(index, progress, cancel);
        QCOMPARE(int(result.instances.size()), 1);
        int inOverlay = 0;
        for (const Finding& f : result.instances[0].findings)
            inOverlay += f.phi && f.overlayGroup == 0x6002;
        QCOMPARE(inOverlay, 1);
        const std::string text = scanReportText(result), json = scanReportJson(result);
        QVERIFY2(text.find("(in overlay 6002)") != std::string::npos, text.c_str());
        QVERIFY2(json.find("\"overlayGroup\": \"6002\"") != std::string::npos, json.c_str());
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestOcrOverlays t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_ocr_overlays.moc"
