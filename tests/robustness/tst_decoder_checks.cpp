// Every encapsulated frame is checked before DCMTK's decoders or OpenJPEG see it: a valid
// file made in code, then broken the way real malformed files are (an RLE segment offset past
// its fragment was a segfault in DCMTK's RLE decoder). Each must be a veil::Error naming the
// file and the problem, and the valid original must still decode.
#include "Malformed.h"
#include "PixelTestFiles.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <functional>

namespace fs = std::filesystem;
using namespace veil;
using namespace veil::test;

Q_DECLARE_METATYPE(std::function<void(const fs::path&)>)

namespace {
using Breaker = std::function<void(const fs::path&)>;

// The error frame(0) throws, or "" when it decodes.
QString decodeError(const fs::path& path, int frame = 0) {
    try {
        DicomFile f = DicomFile::open(path);
        f.frame(frame);
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
}

ImageSpec rleSpec(int samples, int frames = 1) {
    ImageSpec s;
    s.syntax = uid::Rle;
    s.photometric = samples == 3 ? "RGB" : "MONOCHROME2";
    s.bitsAllocated = samples == 3 ? 8 : 16;
    s.bitsStored = samples == 3 ? 8 : 12;
    s.frames = frames;
    s.rows = 40;
    s.columns = 48;
    return s;
}
} // namespace

class TestDecoderChecks : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    fs::path fresh(const QString& name, const ImageSpec& spec) {
        const fs::path p = m_tmp.filePath(name).toStdString();
        writeTestImage(p, spec);
        return p;
    }

private slots:
    void validFilesDecode() {
        QVERIFY(decodeError(fresh("rle-grey.dcm", rleSpec(1))).isEmpty());
        QVERIFY(decodeError(fresh("rle-rgb.dcm", rleSpec(3))).isEmpty());
        const fs::path multi = fresh("rle-multi.dcm", rleSpec(1, 3));
        for (int f = 0; f < 3; ++f)
            QVERIFY2(decodeError(multi, f).isEmpty(), qPrintable(decodeError(multi, f)));
        ImageSpec jls;
        jls.syntax = uid::JpegLsLossless;
        QVERIFY(decodeError(fresh("jls.dcm", jls)).isEmpty());
    }

    void malformedFrameIsANamedError_data() {
        QTest::addColumn<int>("samples");
        QTest::addColumn<Breaker>("breakIt");
        QTest::addColumn<QString>("expected");
        auto rle = [](std::function<void(std::vector<std::uint8_t>&)> edit) {
            return Breaker([edit](const fs::path& p) { editFragment(p, 1, edit); });
        };
        // The file of the report: a segment offset pointing past its fragment.
        QTest::newRow("RLE segment offset past the fragment")
            << 1 << rle([](auto& d) { setRleWord(d, 2, 0x40000000u); }) << "segment 1 ends at byte";
        QTest::newRow("RLE last segment offset past the fragment")
            << 3 << rle([](auto& d) { setRleWord(d, 3, std::uint32_t(d.size()) + 1); })
            << "segment 2 ends at byte";
        QTest::newRow("RLE first segment offset inside the header")
            << 1 << rle([](auto& d) { setRleWord(d, 1, 12); }) << "segment 1 starts at byte 12";
        QTest::newRow("RLE offsets going backwards")
            << 3 << rle([](auto& d) { setRleWord(d, 2, rleWord(d, 3) + 1); })
            << "segment 2 ends at byte";
        QTest::newRow("RLE segment count wrong")
            << 1 << rle([](auto& d) { setRleWord(d, 0, 7); }) << "7 segments";
        QTest::newRow("RLE fragment shorter than its header")
            << 1 << rle([](auto& d) { d.resize(20); }) << "64-byte RLE header";
        QTest::newRow("RLE empty segment")
            << 3 << rle([](auto& d) { setRleWord(d, 2, rleWord(d, 3)); }) << "segment 2 is empty";
        QTest::newRow("RLE segment decoding to nothing") << 1 << rle([](auto& d) {
            // the second segment becomes one no-op byte (-128)
            const std::uint32_t at = rleWord(d, 2);
            d.resize(at + 1);
            d[at] = 0x80;
        }) << "decodes to no pixels";
        QTest::newRow("more frames announced than fragments")
            << 1 << Breaker([](const fs::path& p) {
                   editFile(p, [](DcmDataset& ds, DcmMetaInfo&) {
                       ds.putAndInsertString(DCM_NumberOfFrames, "9000");
                   });
               })
            << "Number of Frames";
        QTest::newRow("frame larger than Veil decodes") << 3 << Breaker([](const fs::path& p) {
            editFile(p, [](DcmDataset& ds, DcmMetaInfo&) {
                ds.putAndInsertUint16(DCM_Rows, 65535);
                ds.putAndInsertUint16(DCM_Columns, 65535);
                ds.putAndInsertUint16(DCM_BitsAllocated, 32);
            });
        }) << "more than Veil decodes";
    }

    void malformedFrameIsANamedError() {
        QFETCH(int, samples);
        QFETCH(Breaker, breakIt);
        QFETCH(QString, expected);
        const fs::path p = fresh(
            QString("bad-%1.dcm").arg(QTest::currentDataTag()).replace(' ', '-'), rleSpec(samples));
        QVERIFY(decodeError(p).isEmpty());
        breakIt(p);
        const QString err = decodeError(p);
        QVERIFY2(err.contains(QString::fromStdString(p.string())), qPrintable(err));
        QVERIFY2(err.contains(expected), qPrintable(err));
    }

    void jpegHeaderDisagreeingWithRowsIsRefused() {
        ImageSpec s;
        s.syntax = uid::JpegLsLossless;
        const fs::path p = fresh("jls-rows.dcm", s);
        editFile(p, [](DcmDataset& ds, DcmMetaInfo&) { ds.putAndInsertUint16(DCM_Rows, 400); });
        const QString err = decodeError(p);
        QVERIFY2(err.contains("JPEG frame 1") && err.contains("400"), qPrintable(err));
        ImageSpec j = s;
        j.syntax = uid::JpegLosslessSV1;
        const fs::path q = fresh("jpeg-samples.dcm", j);
        editFile(q, [](DcmDataset& ds, DcmMetaInfo&) {
            ds.putAndInsertUint16(DCM_SamplesPerPixel, 3);
            ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
        });
        const QString err2 = decodeError(q);
        QVERIFY2(err2.contains("components"), qPrintable(err2));
    }

    // Found with the archive tests: a file of zero bytes sniffed as a data set of millions of
    // empty (0000,0000) elements and took DCMTK half a minute to refuse.
    void zeroBytesAreNotADataSet() {
        const fs::path p = m_tmp.filePath("zeros.dcm").toStdString();
        std::ofstream(p, std::ios::binary) << std::string(1 << 20, '\0');
        std::string reason;
        QCOMPARE(sniffDicom(p, &reason), Sniff::NotDicom);
        QVERIFY(decodeError(p).contains("not a DICOM file"));
    }

    void jpegWithoutStartOfImageIsRefused() {
        ImageSpec s;
        s.syntax = uid::JpegLsLossless;
        const fs::path p = fresh("jls-soi.dcm", s);
        editFragment(p, 1, [](auto& d) { d[1] = 0x00; });
        const QString err = decodeError(p);
        QVERIFY2(err.contains("start-of-image"), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestDecoderChecks)
#include "tst_decoder_checks.moc"
