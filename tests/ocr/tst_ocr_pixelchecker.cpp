// The gate's look at pixels: text left in a frame is found again; redacted text is not; every
// frame is read, and a frame equal to one already read clean in the run is not read twice.
#include "Fixtures.h"
#include "common/Progress.h"
#include "dicom/DicomFile.h"
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
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestOcrPixelChecker t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_ocr_pixelchecker.moc"
