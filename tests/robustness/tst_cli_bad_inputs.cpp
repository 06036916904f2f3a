// veil-cli over a folder holding one malformed RLE file among good ones, as a user runs it:
// the bad file is a named error, every good file is still scanned or written and verified,
// and the exit code says that an input failed.
#include "Malformed.h"
#include "PixelTestFiles.h"

#include "dicom/DicomFile.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace veil;
using namespace veil::test;

namespace {
using Run = veil::test::CliRun;

Run veilCli(const QStringList& args) {
    return veil::test::runProgram(VEIL_CLI, args, 300000);
}

int readableDicomFilesUnder(const fs::path& dir) {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file())
            continue;
        try {
            DicomFile f = DicomFile::open(e.path());
            f.frame(0);
            ++n;
        } catch (const std::exception&) {
        }
    }
    return n;
}
} // namespace

class TestCliBadInputs : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_in;
    fs::path m_bad;

private slots:
    void initTestCase() {
        m_in = m_tmp.filePath("in");
        const fs::path in = m_in.toStdString();
        fs::create_directories(in);
        ImageSpec grey;
        grey.rows = 64;
        grey.columns = 80;
        writeTestImage(in / "good-native.dcm", grey);
        ImageSpec rle = grey;
        rle.syntax = uid::Rle;
        rle.seed = 2;
        writeTestImage(in / "good-rle.dcm", rle);
        ImageSpec colour = rle;
        colour.photometric = "RGB";
        colour.bitsAllocated = colour.bitsStored = 8;
        colour.seed = 3;
        writeTestImage(in / "good-rle-rgb.dcm", colour);
        // The report's file: a valid RLE image whose second segment offset points past its
        // fragment (DCMTK's decoder read past the buffer and the whole batch died).
        m_bad = in / "bad-rle.dcm";
        rle.seed = 4;
        writeTestImage(m_bad, rle);
        editFragment(m_bad, 1, [](auto& d) { setRleWord(d, 2, 0x40000000u); });
        // Names the gate can look for without meeting the words of the de-identification record
        // ("Pixel" is in "Clean Pixel Data").
        int n = 0;
        for (const char* f : {"good-native.dcm", "good-rle.dcm", "good-rle-rgb.dcm", "bad-rle.dcm"})
            editFile(in / f, [&](DcmDataset& ds, DcmMetaInfo&) {
                ds.putAndInsertString(DCM_PatientName,
                                      ("Hargreaves^Ottilie" + std::to_string(++n)).c_str());
            });
    }

    void scanNamesTheBadFileAndScansTheOthers() {
        const Run r = veilCli({"scan", "--json", "-", m_in});
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad-rle.dcm") && r.err.contains("segment"), r.err.constData());
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY2(doc.isObject(), r.out.left(400).constData());
        const QByteArray json = r.out;
        for (const char* good : {"good-native.dcm", "good-rle.dcm", "good-rle-rgb.dcm"})
            QVERIFY2(json.contains(good), good);
    }

    void deidWithBoxesWritesAndVerifiesTheOthers() {
        const fs::path boxes = m_tmp.filePath("boxes.json").toStdString();
        QJsonArray entries;
        for (const fs::path& f : {m_bad, fs::path(m_in.toStdString()) / "good-rle.dcm"})
            entries.append(QJsonObject{{"file", QString::fromStdString(f.string())},
                                       {"frame", "all"},
                                       {"x", 0},
                                       {"y", 0},
                                       {"w", 10},
                                       {"h", 10}});
        std::ofstream(boxes) << QJsonDocument(entries).toJson().toStdString();
        const QString out = m_tmp.filePath("out");
        const Run r =
            veilCli({"deid", "--out", out, "--key-file", m_tmp.filePath("key.veilkey"), "--new-key",
                     "--boxes", QString::fromStdString(boxes.string()), m_in});
        QVERIFY2(!r.crashed, r.err.constData());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("bad-rle.dcm") && r.err.contains("segment"), r.err.constData());
        QVERIFY2(r.out.contains("3 written"), r.out.constData());
        QVERIFY2(r.out.contains("verification passed"), r.out.constData());
        QCOMPARE(readableDicomFilesUnder(out.toStdString()), 3);
    }
};

QTEST_GUILESS_MAIN(TestCliBadInputs)
#include "tst_cli_bad_inputs.moc"
