// Exit codes and failure messages as a user meets them: 1 whenever an input failed (info,
// scan, deid), every failure naming the file and the problem; a mistyped --key-file is an
// error, never a new key; two different files with one SOP Instance UID are a conflict.
#include "PixelTestFiles.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>

#include "CliRun.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace veil::test;

namespace {
using Run = veil::test::CliRun;

Run veilCli(const QStringList& args) {
    return veil::test::runProgram(VEIL_CLI, args, 300000);
}
} // namespace

class TestCliExitCodes : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString path(const QString& name) const { return m_tmp.filePath(name); }
    fs::path fpath(const QString& name) const { return path(name).toStdString(); }

private slots:
    void initTestCase() {
        QDir().mkpath(path("in/x.dcm")); // a folder named like a DICOM file, holding nothing
        ImageSpec s;
        writeTestImage(fpath("in/good.dcm"), s);
        std::ofstream(fpath("in/empty.dcm"), std::ios::binary); // zero bytes
        std::ofstream(fpath("in/readme.txt")) << "not dicom, skipped in passing";
    }

    void infoAndScanExitOneNamingEveryFailedInput_data() {
        QTest::addColumn<QString>("command");
        QTest::newRow("info") << "info";
        QTest::newRow("scan") << "scan";
    }
    void infoAndScanExitOneNamingEveryFailedInput() {
        QFETCH(QString, command);
        const Run r = veilCli({command, path("in")});
        QCOMPARE(r.exitCode, 1);
        const QByteArray all = r.out + r.err;
        QVERIFY2(all.contains("empty.dcm: the file is empty"), all.constData());
        QVERIFY2(all.contains("x.dcm: is a folder holding no files"), all.constData());
        // the good file is still reported
        const Run good = veilCli({command, path("in/good.dcm")});
        QVERIFY2(good.exitCode == 0, (good.out + good.err).constData());
    }

    void missingInputFailsAndEmptyFolderIsSaid() {
        QDir().mkpath(path("nothing"));
        const Run empty = veilCli({"info", path("nothing")});
        QCOMPARE(empty.exitCode, 2); // nothing failed, nothing found
        QVERIFY2(empty.out.contains("is a folder holding no files"), empty.out.constData());
        const Run missing = veilCli({"scan", path("no-such-file.dcm")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("no-such-file.dcm: does not exist"), missing.err.constData());
    }

    void deidOnAnEmptyFileNamesIt() {
        const Run r = veilCli({"deid", "--out", path("out-empty"), "--key-file", path("k1.veilkey"),
                               "--new-key", "--redact", "none", path("in/empty.dcm")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("FAILED") && r.err.contains("empty.dcm: the file is empty"),
                 r.err.constData());
    }

    void mistypedKeyFileIsAnError() {
        const Run r = veilCli({"deid", "--out", path("out-typo"), "--key-file",
                               path("typo.veilkey"), "--redact", "none", path("in/good.dcm")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("typo.veilkey") && r.err.contains("--new-key"), r.err.constData());
        QVERIFY(!QFile::exists(path("typo.veilkey")));
        QVERIFY(!QFile::exists(path("out-typo")));

        const Run made =
            veilCli({"deid", "--out", path("out-new"), "--key-file", path("new.veilkey"),
                     "--new-key", "--redact", "none", path("in/good.dcm")});
        QVERIFY2(made.exitCode == 0, (made.out + made.err).constData());
        QVERIFY(made.err.contains("created project key"));
        QVERIFY(QFile::exists(path("new.veilkey")));

        const Run again =
            veilCli({"deid", "--out", path("out-again"), "--key-file", path("new.veilkey"),
                     "--new-key", "--redact", "none", path("in/good.dcm")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());

        const Run reuse = veilCli({"deid", "--out", path("out-reuse"), "--key-file",
                                   path("new.veilkey"), "--redact", "none", path("in/good.dcm")});
        QVERIFY2(reuse.exitCode == 0, (reuse.out + reuse.err).constData());
        QVERIFY(!reuse.err.contains("created project key"));
    }

    void sameUidDifferentContentIsAConflict() {
        QDir().mkpath(path("dup"));
        ImageSpec s;
        writeTestImage(fpath("dup/a.dcm"), s);
        fs::copy_file(fpath("dup/a.dcm"), fpath("dup/a-copy.dcm"));
        fs::copy_file(fpath("dup/a.dcm"), fpath("dup/b.dcm"));
        // b.dcm: the same SOP Instance UID, another patient name
        editFile(fpath("dup/b.dcm"), [](DcmDataset& ds, DcmMetaInfo&) {
            ds.putAndInsertString(DCM_PatientName, "Other^Person");
        });
        const Run r = veilCli({"info", path("dup")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("conflict"), r.out.constData());
        for (const char* name : {"a.dcm", "a-copy.dcm", "b.dcm"})
            QVERIFY2(r.out.contains(QByteArray("ERROR   ") + path("dup").toUtf8() + "/" + name),
                     r.out.constData());
        QVERIFY2(r.out.contains("0 instances"), r.out.constData());

        // Byte-identical copies stay one instance, the copy skipped.
        fs::remove(fpath("dup/b.dcm"));
        const Run same = veilCli({"info", path("dup")});
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(same.out.contains("1 instances") && same.out.contains("skipped"),
                 same.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliExitCodes)
#include "tst_cli_exitcodes.moc"
