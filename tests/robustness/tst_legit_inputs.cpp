// Legitimate files that Veil used to refuse or change: standard elements encoded as UN, 1-bit
// images (decode, display, scan, redact), RLE colour with Planar Configuration 1 written
// back as it was.
#include "PixelTestFiles.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "pixel/Redact.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrobow.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace veil;
using namespace veil::test;

namespace {
const std::string kPydicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files/";

// Replaces `key` by the same value encoded with VR UN.
void rewriteAsUn(DcmDataset& ds, const DcmTagKey& key) {
    OFString value;
    ds.findAndGetOFStringArray(key, value);
    ds.findAndDeleteElement(key);
    std::string bytes = value.c_str();
    if (bytes.size() & 1)
        bytes += ' ';
    DcmTag tag(key);
    tag.setVR(DcmVR(EVR_UN));
    auto* el = new DcmOtherByteOtherWord(tag);
    el->putUint8Array(reinterpret_cast<const Uint8*>(bytes.data()), Uint32(bytes.size()));
    ds.insert(el, true);
}

// A 1-bit multi-frame image whose frames do not start on byte boundaries (21 x 30 = 630 bits).
std::vector<cv::Mat> writeOneBit(const fs::path& path, int frames) {
    const int rows = 21, cols = 30;
    std::vector<cv::Mat> pattern;
    std::vector<Uint8> packed(std::size_t((rows * cols * frames + 7) / 8 + 1) & ~std::size_t(1), 0);
    std::size_t n = 0;
    for (int f = 0; f < frames; ++f) {
        cv::Mat m(rows, cols, CV_8U);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x, ++n) {
                m.at<uchar>(y, x) = uchar(((x + 2 * y + 5 * f) % 3) == 0);
                if (m.at<uchar>(y, x))
                    packed[n / 8] |= Uint8(1u << (n % 8));
            }
        pattern.push_back(m);
    }
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    char uid[100];
    ds.putAndInsertString(DCM_SOPClassUID, UID_MultiframeSingleBitSecondaryCaptureImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid));
    ds.putAndInsertString(DCM_StudyInstanceUID, dcmGenerateUniqueIdentifier(uid));
    ds.putAndInsertString(DCM_SeriesInstanceUID, dcmGenerateUniqueIdentifier(uid));
    ds.putAndInsertString(DCM_PatientName, "Bitwise^Beatrix");
    ds.putAndInsertString(DCM_Modality, "OT");
    ds.putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds.putAndInsertUint16(DCM_Rows, rows);
    ds.putAndInsertUint16(DCM_Columns, cols);
    ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    ds.putAndInsertUint16(DCM_BitsAllocated, 1);
    ds.putAndInsertUint16(DCM_BitsStored, 1);
    ds.putAndInsertUint16(DCM_HighBit, 0);
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds.putAndInsertUint8Array(DCM_PixelData, packed.data(), unsigned(packed.size()));
    if (ff.saveFile(path.c_str(), EXS_LittleEndianExplicit).bad())
        throw std::runtime_error("cannot write " + path.string());
    return pattern;
}

bool equal(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() &&
           cv::countNonZero(a.reshape(1) != b.reshape(1)) == 0;
}
} // namespace

class TestLegitInputs : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const char* name) const { return m_tmp.filePath(name).toStdString(); }

private slots:
    void standardElementsAsUnAreReadByTheirDictionaryVr() {
        ImageSpec s;
        writeTestImage(path("un.dcm"), s);
        editFile(path("un.dcm"), [](DcmDataset& ds, DcmMetaInfo&) {
            ds.putAndInsertString(DCM_PatientName, "Unwin^Una");
            ds.putAndInsertString(DCM_PatientID, "UN-4711");
            rewriteAsUn(ds, DCM_PatientName);
            rewriteAsUn(ds, DCM_PatientID);
            rewriteAsUn(ds, DCM_SOPInstanceUID);
        });
        const DicomFile f = DicomFile::open(path("un.dcm"));
        QCOMPARE(f.string(tags::PatientName), std::string("Unwin^Una"));
        QCOMPARE(f.info().patientId, std::string("UN-4711"));
        QVERIFY(f.info().sopInstanceUid.find('\\') == std::string::npos);
        bool seen = false;
        for (const ElementValue& e : f.elements())
            if (e.keyword == "PatientName") {
                QCOMPARE(e.vr, std::string("PN"));
                QCOMPARE(e.value, std::string("Unwin^Una"));
                seen = true;
            }
        QVERIFY(seen);
    }

    void pydicomRtdoseRle() {
        const fs::path p = kPydicom + "rtdose_rle.dcm";
        if (!fs::exists(p))
            QSKIP("pydicom's test files are not installed (apt-get install python3-pydicom)");
        const DicomFile f = DicomFile::open(p);
        QVERIFY2(f.info().sopInstanceUid.find('\\') == std::string::npos,
                 f.info().sopInstanceUid.c_str());
        QVERIFY(f.info().sopInstanceUid.rfind("1.", 0) == 0);
        for (int k = 0; k < f.frameCount(); ++k)
            QVERIFY(!f.frame(k).pixels.empty());
    }

    void oneBitImageDecodesRendersAndRedacts() {
        const auto pattern = writeOneBit(path("bits.dcm"), 3);
        {
            const DicomFile f = DicomFile::open(path("bits.dcm"));
            QCOMPARE(f.frameCount(), 3);
            for (int k = 0; k < 3; ++k)
                QVERIFY2(equal(f.frame(k).pixels, pattern[std::size_t(k)]),
                         qPrintable(QString("frame %1").arg(k)));
            const cv::Mat shown = renderForDisplay(f.frame(0), renderParamsFor(f));
            QCOMPARE(shown.type(), CV_8UC1);
            for (int y = 0; y < shown.rows; ++y)
                for (int x = 0; x < shown.cols; ++x)
                    QCOMPARE(int(shown.at<uchar>(y, x)), pattern[0].at<uchar>(y, x) ? 255 : 0);
        }
        DicomFile f = DicomFile::open(path("bits.dcm"));
        const RedactResult r =
            redactPixels(f, {{1, 4, 3, 9, 6}}, RedactOptions{false, false, false, true});
        QCOMPARE(r.framesTouched, 1);
        QVERIFY(r.pixelsChanged > 0);
        f.save(path("bits-redacted.dcm"));
        const DicomFile out = DicomFile::open(path("bits-redacted.dcm"));
        QCOMPARE(out.info().bitsAllocated, 1);
        for (int k = 0; k < 3; ++k) {
            cv::Mat expected = pattern[std::size_t(k)].clone();
            if (k == 1)
                expected(cv::Rect(4, 3, 9, 6)).setTo(0);
            QVERIFY2(equal(out.frame(k).pixels, expected), qPrintable(QString("frame %1").arg(k)));
        }
    }

    void oneBitImageScans() {
        writeOneBit(path("scan-bits.dcm"), 2);
        QProcess p;
        p.start(VEIL_CLI, {"scan", m_tmp.filePath("scan-bits.dcm")});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0,
                 (p.readAllStandardOutput() + p.readAllStandardError()).constData());
    }

    void pydicomLiverSegmentation() {
        const fs::path p = kPydicom + "liver_1frame.dcm";
        if (!fs::exists(p))
            QSKIP("pydicom's test files are not installed (apt-get install python3-pydicom)");
        DicomFile f = DicomFile::open(p);
        QCOMPARE(f.info().bitsAllocated, 1);
        const cv::Mat before = f.frame(0).pixels;
        const int ones = cv::countNonZero(before);
        QVERIFY2(ones > 0 && ones < before.rows * before.cols, qPrintable(QString::number(ones)));
        // Black out the whole frame: every set bit goes.
        redactPixels(f, {{0, 0, 0, before.cols, before.rows}});
        f.save(path("liver-redacted.dcm"));
        QCOMPARE(cv::countNonZero(DicomFile::open(path("liver-redacted.dcm")).frame(0).pixels), 0);
    }

    void rlePlanarConfigurationIsKept_data() {
        QTest::addColumn<int>("planar");
        QTest::addColumn<QString>("photometric");
        QTest::newRow("RGB planar 1") << 1 << "RGB";
        QTest::newRow("YBR_FULL planar 1") << 1 << "YBR_FULL";
        QTest::newRow("RGB planar 0") << 0 << "RGB";
    }
    void rlePlanarConfigurationIsKept() {
        QFETCH(int, planar);
        QFETCH(QString, photometric);
        ImageSpec s;
        s.syntax = uid::Rle;
        s.photometric = photometric.toStdString();
        s.bitsAllocated = s.bitsStored = 8;
        s.planar = planar;
        const fs::path src = path("rle-planar.dcm"), dst = path("rle-planar-redacted.dcm");
        const TestImage written = writeTestImage(src, s);
        DicomFile f = DicomFile::open(src);
        QCOMPARE(f.info().planarConfiguration, planar);
        const RedactResult r = redactPixels(f, {{-1, 2, 2, 10, 5}});
        QVERIFY(r.reencoded);
        QCOMPARE(r.writtenTransferSyntaxUid, uid::Rle);
        f.save(dst);
        const DicomFile out = DicomFile::open(dst);
        QCOMPARE(out.info().planarConfiguration, planar);
        QCOMPARE(out.info().transferSyntaxUid, uid::Rle);
        const cv::Mat got = out.frame(0).pixels;
        cv::Mat expected = written.frames[0].clone();
        const cv::Scalar black =
            photometric == "RGB" ? cv::Scalar(0, 0, 0) : cv::Scalar(0, 128, 128);
        expected(cv::Rect(2, 2, 10, 5)).setTo(black);
        QVERIFY(equal(got, expected));
    }
};

QTEST_GUILESS_MAIN(TestLegitInputs)
#include "tst_legit_inputs.moc"
