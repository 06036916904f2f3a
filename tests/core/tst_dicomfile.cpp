// The DCMTK adapter: headers, elements at every depth, frames of every encoding.
#include "Fixtures.h"
#include "common/Error.h"
#include "dicom/DicomFile.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <opencv2/core.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace veil;

namespace {
bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type())
        return false;
    cv::Mat diff;
    cv::compare(a.reshape(1), b.reshape(1), diff, cv::CMP_NE);
    return cv::countNonZero(diff) == 0;
}
} // namespace

class TestDicomFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_corpus;
    fixtures::CorpusKey m_key;

private slots:
    void initTestCase() {
        m_corpus = fs::path(m_tmp.path().toStdString()) / "corpus";
        m_key = fixtures::writeCorpus(m_corpus);
    }

    void headerOnlyOpenReadsSummary() {
        const auto& f = m_key.files.front();
        const DicomFile file =
            DicomFile::open(m_corpus / f.relativePath, DicomFile::Load::HeaderOnly);
        const InstanceInfo info = file.info();
        QCOMPARE(info.sopInstanceUid, f.sopInstanceUid);
        QCOMPARE(info.rows, f.rows);
        QCOMPARE(info.bitsStored, f.bitsStored);
        QCOMPARE(info.photometric, f.photometric);
        QVERIFY_THROWS_EXCEPTION(Error, file.frame(0));
    }

    // A header-only open (parsed from the file's first bytes, or streamed when the header goes
    // on past them) sees what a full open (parsed from memory) sees, up to Pixel Data.
    void headerOnlyAgreesWithFullOpen() {
        int compared = 0;
        for (const auto& f : m_key.files) {
            const fs::path p = m_corpus / f.relativePath;
            const std::vector<ElementValue> header =
                DicomFile::open(p, DicomFile::Load::HeaderOnly).elements();
            const std::vector<ElementValue> full = DicomFile::open(p).elements();
            QVERIFY2(!header.empty() && header.size() <= full.size(), p.c_str());
            for (std::size_t i = 0; i < header.size(); ++i) {
                QCOMPARE(header[i].path.toString(), full[i].path.toString());
                QCOMPARE(header[i].vr, full[i].vr);
                QCOMPARE(header[i].value, full[i].value);
                QCOMPARE(header[i].length, full[i].length);
            }
            QCOMPARE(DicomFile::open(p, DicomFile::Load::HeaderOnly).info().frames,
                     DicomFile::open(p).info().frames);
            ++compared;
        }
        QVERIFY(compared > 10);
    }

    void elementsReachEveryDepth() {
        for (const auto& f : m_key.files) {
            if (f.kind != "private")
                continue;
            const DicomFile file = DicomFile::open(m_corpus / f.relativePath);
            const auto elements = file.elements();
            int deepest = 0;
            bool privateWithCreator = false, meta = false;
            for (const ElementValue& e : elements) {
                deepest = std::max(deepest, e.path.depth());
                privateWithCreator |= e.path.leaf().isPrivate() &&
                                      !e.path.leaf().isPrivateCreator() &&
                                      !e.privateCreator.empty();
                meta |= e.path.leaf().group == 0x0002;
            }
            QVERIFY(deepest >= 2);
            QVERIFY(privateWithCreator);
            QVERIFY(meta);
            return;
        }
        QSKIP("no private fixture");
    }

    // Every lossless encoding decodes to exactly the pixels it was made from.
    void losslessDecodesEqualOriginal() {
        int compared = 0;
        for (const auto& f : m_key.files) {
            if (f.derivedFrom.empty() || f.lossy)
                continue;
            const DicomFile enc = DicomFile::open(m_corpus / f.relativePath);
            const DicomFile src = DicomFile::open(m_corpus / f.derivedFrom);
            QCOMPARE(enc.frameCount(), src.frameCount());
            for (int i = 0; i < enc.frameCount(); ++i) {
                const Frame a = enc.frame(i), b = src.frame(i);
                QVERIFY2(samePixels(a.pixels, b.pixels),
                         (f.kind + " frame " + std::to_string(i)).c_str());
            }
            ++compared;
        }
        QVERIFY2(compared >= 5, std::to_string(compared).c_str());
    }

    void lossyDecodesCloseToOriginal() {
        for (const auto& f : m_key.files) {
            if (f.derivedFrom.empty() || !f.lossy)
                continue;
            const DicomFile enc = DicomFile::open(m_corpus / f.relativePath);
            const Frame a = enc.frame(0);
            QCOMPARE(a.pixels.rows, f.rows);
            QCOMPARE(a.pixels.cols, f.columns);
        }
    }

    void framesAreStoredValues() {
        for (const auto& f : m_key.files) {
            if (f.kind != "ct")
                continue;
            const DicomFile file = DicomFile::open(m_corpus / f.relativePath);
            const Frame fr = file.frame(0);
            QCOMPARE(fr.pixels.type(), f.pixelRepresentation ? CV_16SC1 : CV_16UC1);
            double lo = 0, hi = 0;
            cv::minMaxLoc(fr.pixels, &lo, &hi);
            QVERIFY(hi <= (1 << f.bitsStored)); // no bits above BitsStored
            QVERIFY_THROWS_EXCEPTION(Error, file.frame(f.frames));
            return;
        }
    }

    void realSamplesDecode_data() {
        QTest::addColumn<QString>("file");
        for (const char* s :
             {"pydicom-data/OBXXXX1A.dcm", "pydicom-data/OBXXXX1A_expb.dcm",
              "pydicom-data/OBXXXX1A_rle_2frame.dcm", "pydicom-data/US1_J2KR.dcm",
              "pydicom-data/US1_J2KI.dcm", "pydicom-data/gdcm-US-ALOKA-16.dcm",
              "pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm", "pydicom-data/OT-PAL-8-face.dcm",
              "pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm", "dcm4che/YBR_FULL-RLE.dcm",
              "dcm4che/YBR_422.dcm", "dcm4che/US-PAL-8-10x-echo.dcm", "dcm4che/ovly_p01.dcm",
              "orthanc-tests/Issue164.dcm",
              "orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm",
              "orthanc-tests/jp2k91YBR-ICT.dcm", "fo-dicom/GH538-jpeg1.dcm",
              "dicognito/burned_in_yes.dcm"})
            QTest::newRow(s) << s;
    }
    void realSamplesDecode() {
        QFETCH(QString, file);
        const fs::path p = fs::path(VEIL_SAMPLES_DIR) / file.toStdString();
        if (!fs::exists(p))
            QSKIP("sample not present");
        const DicomFile f = DicomFile::open(p);
        const InstanceInfo info = f.info();
        QVERIFY(f.frameCount() >= 1);
        for (int i : {0, f.frameCount() - 1}) {
            const Frame fr = f.frame(i);
            QCOMPARE(fr.pixels.rows, info.rows);
            QCOMPARE(fr.pixels.cols, info.columns);
            QCOMPARE(fr.pixels.channels(), info.samplesPerPixel);
        }
    }

    void pathologicalSampleFailsCleanly() {
        const fs::path p =
            fs::path(VEIL_SAMPLES_DIR) / "orthanc-tests/2026-05-06-Deeply-Nested-Sequence.dcm";
        if (!fs::exists(p))
            QSKIP("sample not present");
        try {
            DicomFile::open(p);
            QFAIL("opened a pathologically nested file");
        } catch (const Error& e) {
            QCOMPARE(e.file(), p.string());
            QVERIFY(QString(e.what()).contains("nested"));
        }
    }

    void unsupportedSyntaxIsNamed() {
        // An MPEG-2 object: Veil cannot decode video and must say so by name.
        const fs::path p = fs::path(m_tmp.path().toStdString()) / "video.dcm";
        DcmFileFormat ff;
        DcmDataset* ds = ff.getDataset();
        ds->putAndInsertString(DCM_SOPClassUID, UID_VideoEndoscopicImageStorage);
        ds->putAndInsertString(DCM_SOPInstanceUID, "1.2.3.4.5.6.7");
        ds->putAndInsertUint16(DCM_Rows, 16);
        ds->putAndInsertUint16(DCM_Columns, 16);
        ds->putAndInsertUint16(DCM_SamplesPerPixel, 3);
        ds->putAndInsertString(DCM_PhotometricInterpretation, "YBR_PARTIAL_420");
        ds->putAndInsertUint16(DCM_BitsAllocated, 8);
        ds->putAndInsertUint16(DCM_BitsStored, 8);
        ds->putAndInsertUint16(DCM_HighBit, 7);
        ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
        auto* seq = new DcmPixelSequence(DCM_PixelSequenceTag);
        seq->insert(new DcmPixelItem(DCM_PixelItemTag));
        auto* frag = new DcmPixelItem(DCM_PixelItemTag);
        Uint8 junk[8] = {0, 0, 1, 0xB3, 0, 0, 0, 0};
        frag->putUint8Array(junk, 8);
        seq->insert(frag);
        auto* pd = new DcmPixelData(DCM_PixelData);
        pd->putOriginalRepresentation(EXS_MPEG2MainProfileAtMainLevel, nullptr, seq);
        ds->insert(pd);
        QVERIFY(ff.saveFile(p.c_str(), EXS_MPEG2MainProfileAtMainLevel).good());
        const DicomFile f = DicomFile::open(p);
        try {
            f.frame(0);
            QFAIL("decoded MPEG-2");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("MPEG2"), e.what());
            QVERIFY(QString(e.what()).contains("video.dcm"));
        }
    }

    // Sequences nested 100 deep are refused before DCMTK parses them, also when they start
    // past the nesting guard's first read (8 KiB) behind a long value.
    void deepNestingRefusedWhereverItStarts_data() {
        QTest::addColumn<int>("padding");
        QTest::newRow("at the front") << 0;
        QTest::newRow("after 20 KB") << 20000;
    }
    void deepNestingRefusedWhereverItStarts() {
        QFETCH(int, padding);
        std::string b(128, '\0');
        b += "DICM";
        const auto u16 = [&](unsigned v) {
            b += char(v & 0xFF);
            b += char(v >> 8);
        };
        const auto u32 = [&](std::uint32_t v) {
            u16(v & 0xFFFF);
            u16(v >> 16);
        };
        const auto shortEl = [&](unsigned g, unsigned e, const char* vr, std::string v) {
            if (v.size() % 2)
                v += '\0';
            u16(g);
            u16(e);
            b += vr;
            u16(unsigned(v.size()));
            b += v;
        };
        const std::string syntax = "1.2.840.10008.1.2.1";
        // (0002,0000) group length: 2 elements of 8 + their values
        std::string sop = "1.2.840.10008.5.1.4.1.1.7";
        const std::size_t metaLength =
            8 + sop.size() + (sop.size() % 2) + 8 + syntax.size() + (syntax.size() % 2);
        shortEl(0x0002, 0x0000, "UL", std::string(4, '\0'));
        for (int i = 0; i < 4; ++i)
            b[b.size() - 4 + std::size_t(i)] = char((metaLength >> (8 * i)) & 0xFF);
        shortEl(0x0002, 0x0002, "UI", sop);
        shortEl(0x0002, 0x0010, "UI", syntax);
        shortEl(0x0008, 0x0016, "UI", sop);
        shortEl(0x0008, 0x0018, "UI", "1.2.3.4.5");
        if (padding > 0) {
            shortEl(0x0009, 0x0010, "LO", "VEIL");
            u16(0x0009);
            u16(0x1001);
            b += "OB";
            u16(0);
            u32(std::uint32_t(padding));
            b += std::string(std::size_t(padding), 'x');
        }
        for (int level = 0; level < 100; ++level) { // sequence, item, sequence, item ...
            u16(0x0040);
            u16(0xA730);
            b += "SQ";
            u16(0);
            u32(0xFFFFFFFF);
            u16(0xFFFE);
            u16(0xE000);
            u32(0xFFFFFFFF);
        }
        for (int level = 0; level < 100; ++level) {
            u16(0xFFFE);
            u16(0xE00D);
            u32(0);
            u16(0xFFFE);
            u16(0xE0DD);
            u32(0);
        }
        const fs::path p =
            fs::path(m_tmp.path().toStdString()) / ("deep-" + std::to_string(padding) + ".dcm");
        std::ofstream(p, std::ios::binary).write(b.data(), std::streamsize(b.size()));
        // Whole from memory, and header-only: from the first 16 KiB (at the front), or
        // streamed when the header goes on past them (after 20 KB).
        for (const DicomFile::Load load : {DicomFile::Load::Full, DicomFile::Load::HeaderOnly})
            try {
                DicomFile::open(p, load);
                QFAIL("a file nested 100 levels deep was opened");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains("nested more than 64 levels"), e.what());
            }
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestDicomFile t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_dicomfile.moc"
