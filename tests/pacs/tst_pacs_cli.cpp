// veil-cli pacs echo|find|get|send against the fixture's Orthanc: output, files and exit codes
// (0 done, 1 failed, 2 usage) as the other subcommands have them.
#include "OrthancFixture.h"

#include "dicom/DicomFile.h"

#include <Fixtures.h>

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args) {
    QProcess p;
    p.start(VEIL_CLI, QStringList{"pacs"} + args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestPacsCli : public QObject {
    Q_OBJECT
    test::OrthancFixture fx;
    QString node, aet, port;

    QStringList common() const { return {"--node", node, "--aet", aet}; }

private slots:
    void initTestCase() {
        fx = test::OrthancFixture::load();
        node = QString::fromStdString(fx.node.toString());
        aet = QString::fromStdString(fx.veilAet);
        port = QString::number(fx.movePort);
    }

    void usageErrors() {
        QCOMPARE(cli({"echo"}).code, 2);                              // no --node
        QCOMPARE(cli({"ping", "--node", "A@h:1"}).code, 2);           // unknown action
        const Run bad = cli({"echo", "--node", "ORTHANC@localhost"}); // no port
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("ORTHANC@localhost"), qPrintable(bad.err));
        QCOMPARE(cli({"find", "--node", "A@h:1", "--level", "patient", "--accession", "X"}).code,
                 2);
        QCOMPARE(cli({"find", "--node", "A@h:1", "--study-date", "2024"}).code, 2);
        QCOMPARE(cli({"get", "--node", "A@h:1", "--out", "x"}).code, 2); // no --study
        QCOMPARE(cli({"send", "--node", "A@h:1"}).code, 2);              // no input
        QCOMPARE(cli({"echo", "--node", "A@h:1", "--aet", "SEVENTEEN_CHARS_X"}).code, 2);
    }

    void echo() {
        VEIL_REQUIRE_ORTHANC(fx);
        const Run r = cli(QStringList{"echo"} + common());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(node + ": C-ECHO answered"), qPrintable(r.out));
    }

    void errorsNameTheNode() {
        VEIL_REQUIRE_ORTHANC(fx);
        const QString wrong = "NOTORTHANC@127.0.0.1:" + QString::number(fx.node.port);
        Run r = cli({"echo", "--node", wrong, "--aet", aet});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(wrong) && r.err.contains("rejected") &&
                     r.err.contains("called AE title 'NOTORTHANC'"),
                 qPrintable(r.err));
        // The fixture's C-MOVE port: nothing listens there between moves.
        const QString closed = "ORTHANC@127.0.0.1:" + port;
        r = cli({"find", "--node", closed, "--aet", aet});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(closed) && r.err.contains("connection refused"), qPrintable(r.err));
    }

    void findJson() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir dir;
        const InstanceInfo& first = fx.seeded.front();
        const QString json = dir.filePath("m.json");
        const Run r = cli(QStringList{"find", "--patient-id",
                                      QString::fromStdString(first.patientId), "--json", json} +
                          common());
        QCOMPARE(r.code, 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        std::vector<std::string> uids;
        for (const auto& v : QJsonDocument::fromJson(f.readAll()).array()) {
            QCOMPARE(v.toObject().value("level").toString(), QString("study"));
            QCOMPARE(v.toObject().value("patientId").toString().toStdString(), first.patientId);
            uids.push_back(v.toObject().value("studyInstanceUid").toString().toStdString());
            QVERIFY(r.out.contains(v.toObject().value("studyInstanceUid").toString()));
        }
        std::sort(uids.begin(), uids.end());
        QCOMPARE(uids, fx.distinct(&InstanceInfo::studyInstanceUid, [&](const InstanceInfo& i) {
            return i.patientId == first.patientId;
        }));
        const Run series =
            cli(QStringList{"find", "--level", "series", "--modality", "DX"} + common());
        QCOMPARE(series.code, 0);
        const auto dx = fx.distinct(&InstanceInfo::seriesInstanceUid,
                                    [](const InstanceInfo& i) { return i.modality == "DX"; });
        QCOMPARE(series.out.count('\n'), qsizetype(dx.size()));
        QVERIFY(series.out.contains(QString::fromStdString(dx.front())));
    }

    void getAndMove_data() {
        QTest::addColumn<QString>("how");
        QTest::newRow("get") << "get";
        QTest::newRow("move") << "move";
    }
    void getAndMove() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(QString, how);
        QTemporaryDir dir;
        const auto studies =
            fx.distinct(&InstanceInfo::studyInstanceUid, [](const InstanceInfo&) { return true; });
        QStringList args{"get", "--out", dir.path(), "--retrieve", how, "--port", port};
        for (const auto& s : studies)
            args << "--study" << QString::fromStdString(s);
        const Run r = cli(args + common());
        QCOMPARE(r.code, 0);
        for (const auto& s : studies) {
            const auto seeded =
                fx.distinct(&InstanceInfo::sopInstanceUid,
                            [&](const InstanceInfo& i) { return i.studyInstanceUid == s; });
            const QDir got(dir.filePath(QString::fromStdString(s)));
            QCOMPARE(got.entryList(QDir::Files).size(), qsizetype(seeded.size()));
            QVERIFY2(r.out.contains(QString::fromStdString(s) + ": " +
                                    QString::number(seeded.size()) + " files"),
                     qPrintable(r.out));
        }
        // Again into the same folder: refused, nothing replaced.
        const Run again = cli(args + common());
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));
    }

    void noSuchStudy() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir dir;
        const Run r =
            cli(QStringList{"get", "--study", "1.2.3.999", "--out", dir.path()} + common());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no such study: 1.2.3.999") && r.err.contains(node),
                 qPrintable(r.err));
    }

    void send() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir dir;
        fixtures::Variant v;
        v.seed = 7714;
        const auto file = dir.filePath("one.dcm").toStdString();
        fixtures::writeVariant(file, v);
        const std::string sop =
            DicomFile::open(file, DicomFile::Load::HeaderOnly).info().sopInstanceUid;
        const std::string study =
            DicomFile::open(file, DicomFile::Load::HeaderOnly).info().studyInstanceUid;
        QVERIFY(!fx.hasInstance(sop));
        const Run r = cli(QStringList{"send", QString::fromStdString(file)} + common());
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("sent 1 of 1 files to " + node), qPrintable(r.out));
        QVERIFY(fx.hasInstance(sop));
        QVERIFY(fx.restDelete("/studies/" + fx.orthancId(study, "Study")));
        // A batch with a bad file: the good one still goes, the exit code says one failed.
        QFile bad(dir.filePath("bad.dcm"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(QByteArray(300, 'x'));
        bad.close();
        const Run mixed =
            cli(QStringList{"send", QString::fromStdString(file), bad.fileName()} + common());
        QCOMPARE(mixed.code, 1);
        QVERIFY2(mixed.err.contains("FAILED " + bad.fileName()), qPrintable(mixed.err));
        QVERIFY2(mixed.out.contains("sent 1 of 2 files"), qPrintable(mixed.out));
        QVERIFY(fx.hasInstance(sop));
        QVERIFY(fx.restDelete("/studies/" + fx.orthancId(study, "Study")));
    }

    void sendAnExportWritesItsReceipt() {
        VEIL_REQUIRE_ORTHANC(fx);
        // A folder with DEST.certificate.json beside it is an export: its send is recorded.
        QTemporaryDir dir;
        const QString dest = dir.filePath("release");
        fixtures::Variant v;
        v.seed = 7716;
        fixtures::writeVariant((dest + "/DICOM/IM0001").toStdString(), v);
        const InstanceInfo i =
            DicomFile::open((dest + "/DICOM/IM0001").toStdString(), DicomFile::Load::HeaderOnly)
                .info();
        QFile cert(dest + ".certificate.json");
        QVERIFY(cert.open(QIODevice::WriteOnly));
        cert.write("{}\n");
        cert.close();
        const Run r = cli(QStringList{"send", dest, "--person", "Ada Sender"} + common());
        QCOMPARE(r.code, 0);
        QVERIFY2(
            r.out.contains("receipt: " + dest + ".sent-" + QString::fromStdString(fx.node.aet)),
            qPrintable(r.out));
        const QString receiptPath = r.out.section("receipt: ", 1).trimmed();
        QFile receipt(receiptPath);
        QVERIFY(receipt.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(receipt.readAll()).object();
        QCOMPARE(o.value("person").toString(), QString("Ada Sender"));
        QCOMPARE(o.value("sent").toInt(), 1);
        QCOMPARE(o.value("files").toArray().at(0).toObject().value("path").toString(),
                 QString("DICOM/IM0001"));
        QFile log(dest + ".audit.jsonl");
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QJsonObject last =
            QJsonDocument::fromJson(log.readAll().trimmed().split('\n').last()).object();
        QCOMPARE(last.value("event").toString(), QString("pacs-send"));
        QCOMPARE(last.value("person").toString(), QString("Ada Sender"));
        QVERIFY(fx.hasInstance(i.sopInstanceUid));
        QVERIFY(fx.restDelete("/studies/" + fx.orthancId(i.studyInstanceUid, "Study")));
    }
};

QTEST_MAIN(TestPacsCli)
#include "tst_pacs_cli.moc"
