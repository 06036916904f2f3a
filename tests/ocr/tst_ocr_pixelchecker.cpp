// The gate's second look: text left in a frame is found again; redacted text is not.
#include "Fixtures.h"
#include "common/Progress.h"
#include "dicom/DicomFile.h"
#include "ocr/OcrPixelChecker.h"
#include "pixel/Redact.h"

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
        const auto before = checker.check(DicomFile::open(file), ids, {0});
        QVERIFY2(!before.empty(), "the unredacted name was not found");
        QCOMPARE(QString::fromStdString(before.front().attribute), QString("PatientName"));

        DicomFile f = DicomFile::open(file);
        const auto& b = entry.boxes.front();
        redactPixels(f, {RedactionRegion{-1, b.x - 3, b.y - 3, b.w + 6, b.h + 6}});
        const fs::path redacted = fs::path(m_tmp.path().toStdString()) / "redacted.dcm";
        f.save(redacted);
        QVERIFY(checker.check(DicomFile::open(redacted), ids, {0}).empty());
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestOcrPixelChecker t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_ocr_pixelchecker.moc"
