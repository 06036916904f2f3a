// The gate's look at pixels: text left in a frame is found again; redacted text is not; every
// frame is read, and a frame equal to one already read clean in the run is not read twice
// (also when the batch's text detector read it on the source, through a shared cache); a frame
// whose pixels changed is always read.
#include "Fixtures.h"
#include "common/Progress.h"
#include "dicom/DicomFile.h"
#include "dicom/PixelStore.h"
#include "dicom/Tag.h"
#include "export/OcrRegions.h"
#include "image/DisplayRender.h"
#include "pixel/Redact.h"
#include "verify/OcrPixelChecker.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

namespace fs = std::filesystem;
using namespace veil;

class TestOcrPixelChecker : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void findsWhatIsLeftAndNotWhatIsBurned() {
        fixtures::Variant v;
        v.photometric = "MONOCHROME2";
        v.bitsAllocated = 8;
        v.bitsStored = 8;
        v.rows = 240;
        v.columns = 320;
        fixtures::TextBox name;
        name.text = "SMITH, JOHN";
        name.x = 12;
        name.y = 10;
        name.sizePx = 18;
        name.phi = true;
        v.text = {name};
        const fs::path file = fs::path(m_tmp.path().toStdString()) / "text.dcm";
        const fixtures::FileEntry entry = fixtures::writeVariant(file, v);
        QCOMPARE(int(entry.boxes.size()), 1);

        IdentifierSet ids;
        ids.add(Identifier::Kind::Name, "PatientName", "SMITH^JOHN");
        OcrPixelChecker checker;
        const PixelCheck before = checker.check(DicomFile::open(file), ids);
        QVERIFY2(!before.hits.empty(), "the unredacted name was not found");
        QCOMPARE(QString::fromStdString(before.hits.front().attribute), QString("PatientName"));
        QVERIFY(before.hits.front().inPixels);
        QCOMPARE(before.framesRead, 1);

        DicomFile f = DicomFile::open(file);
        const auto& b = entry.boxes.front();
        redactPixels(f, {RedactionRegion{-1, b.x - 3, b.y - 3, b.w + 6, b.h + 6}});
        const fs::path redacted = fs::path(m_tmp.path().toStdString()) / "redacted.dcm";
        f.save(redacted);
        const PixelCheck after = checker.check(DicomFile::open(redacted), ids);
        QVERIFY2(after.hits.empty(),
                 after.hits.empty() ? ""
                                    : (after.hits.front().where + " '" + after.hits.front().value +
                                       "' " + after.hits.front().attribute)
                                          .c_str());
    }

    void identicalCleanFramesAreReadOnce() {
        fixtures::Variant v;
        v.bitsAllocated = v.bitsStored = 8;
        v.rows = v.columns = 128;
        v.frames = 3;
        const fs::path file = fs::path(m_tmp.path().toStdString()) / "plain.dcm";
        fixtures::writeVariant(file, v);
        OcrPixelChecker checker;
        const PixelCheck first = checker.check(DicomFile::open(file), {});
        QVERIFY(first.hits.empty());
        QCOMPARE(first.framesRead + first.framesSame, 3);
        QCOMPARE(first.framesFailed, 0);
        // the same pixels again (as in a second output of the run): frames read with no line
        // at all are not read twice (a frame where noise gave a candidate line is read again)
        const PixelCheck second = checker.check(DicomFile::open(file), {});
        QVERIFY(second.framesSame >= 1);
        QCOMPARE(second.framesRead + second.framesSame, 3);
        const PixelCheck third = checker.check(DicomFile::open(file), {});
        QCOMPARE(third.framesSame, second.framesSame);
        // a fresh checker (another run) reads them again
        OcrPixelChecker other;
        QVERIFY(other.check(DicomFile::open(file), {}).framesRead >= 1);
    }

    void framesTheDetectorReadUnchangedAreNotReadAgain() {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "ct";
        fixtures::writeCtSeries(dir, 4, 1, 256);
        auto cache = std::make_shared<OcrCache>();
        const RegionFinder finder = ocrRegionFinder(RedactPolicy::Auto, {}, cache);
        OcrPixelChecker checker({}, cache);
        std::vector<fs::path> sources;
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.path().extension() == ".dcm")
                sources.push_back(e.path());
        const fs::path outs = fs::path(m_tmp.path().toStdString()) / "outs";
        fs::create_directories(outs);
        int reused = 0, n = 0;
        for (const fs::path& src : sources) {
            const DicomFile source = DicomFile::open(src);
            finder(source, source.info()); // the batch's detector reads the source
            const auto lines = cache->frame(frameKeyFor(source.frame(0), renderParamsFor(source)));
            QVERIFY2(lines.has_value(), "the detector's reading is not in the shared cache");
            // The output: another instance with the same pixels.
            DicomFile out = DicomFile::open(src);
            pixelstore::setString(out, tags::SOPInstanceUID, "2.25.1234" + std::to_string(n));
            const fs::path same = outs / ("same-" + std::to_string(n) + ".dcm");
            out.save(same);
            const PixelCheck c = checker.check(DicomFile::open(same), {});
            QCOMPARE(c.framesRead + c.framesSame, 1);
            QCOMPARE(c.framesFailed, 0);
            if (lines->empty()) { // read clean on the source: not read again, counted as such
                QCOMPARE(c.framesSame, 1);
                ++reused;
            } else { // lines to judge: judged again for the output
                QCOMPARE(c.framesRead, 1);
            }
            // An output whose pixels changed is read, never taken from the source's reading.
            DicomFile burned = DicomFile::open(src);
            redactPixels(burned, {RedactionRegion{-1, 10 + n, 10, 40, 20}});
            const fs::path changed = outs / ("burned-" + std::to_string(n) + ".dcm");
            burned.save(changed);
            const PixelCheck b = checker.check(DicomFile::open(changed), {});
            QCOMPARE(b.framesRead, 1);
            QCOMPARE(b.framesSame, 0);
            ++n;
        }
        QCOMPARE(n, 4);
        QVERIFY2(reused >= 1, "no blank CT slice was taken from the detector's reading");
        // Without the shared cache the same output is read.
        OcrPixelChecker own;
        QCOMPARE(own.check(DicomFile::open(outs / "same-0.dcm"), {}).framesRead, 1);
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestOcrPixelChecker t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_ocr_pixelchecker.moc"
