// veil-cli scan as a user runs it: JSON to a file or standard output, text, exit codes.
#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = veil::test::CliRun;

Run veilCli(const QStringList& args) {
    return veil::test::runProgram(VEIL_CLI, args, 120000);
}

const QString kAcuson = QString(VEIL_SAMPLES_DIR) + "/dcm4che/YBR_FULL-RLE.dcm";

} // namespace

class TestCliScan : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!QFileInfo::exists(kAcuson))
            QSKIP("public samples not available");
    }

    void jsonToFile() {
        QTemporaryDir dir;
        const QString out = dir.filePath("findings.json");
        const Run r = veilCli({"scan", "--json", out, kAcuson});
        QCOMPARE(r.exitCode, 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
        const QJsonArray instances = doc["instances"].toArray();
        QCOMPARE(instances.size(), 1);
        const QJsonObject i = instances[0].toObject();
        QCOMPARE(i["file"].toString(), kAcuson);
        QVERIFY(!i["sopInstanceUid"].toString().isEmpty());
        bool name = false;
        for (const auto f : i["findings"].toArray())
            name |=
                f.toObject()["matched"].toString() == "PatientName" && f.toObject()["phi"].toBool();
        QVERIFY(name);
    }

    void jsonToStandardOutput() {
        const Run r = veilCli({"scan", "--json", "-", "--no-templates", kAcuson});
        QCOMPARE(r.exitCode, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY(doc.isObject());
        QVERIFY(!r.out.contains("\"template\""));
    }

    void textForPeople() {
        const Run r = veilCli({"scan", kAcuson});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("DOE, JOHN"));
        QVERIFY(r.out.contains("PatientName"));
    }

    void usage() {
        QCOMPARE(veilCli({"scan"}).exitCode, 2);
        QCOMPARE(veilCli({"scan", "--bogus", kAcuson}).exitCode, 2);
        const Run help = veilCli({"scan", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--json"));
        QVERIFY(veilCli({"--help"}).out.contains("scan"));
    }

    void nothingToScanExitsTwo() {
        QTemporaryDir empty;
        QCOMPARE(veilCli({"scan", empty.path()}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliScan)
#include "tst_ocr_cli_scan.moc"
