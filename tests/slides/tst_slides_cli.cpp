// veil-cli slides check/clean: exit 1 with findings, 0 for a clean deck, 2 for an unreadable
// file (named in the error); --json lists the findings; clean writes the copy, reports the
// changes and the copy then checks clean.
#include "Deck.h"

#include "CliRun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = veil::test::CliRun;

Run cli(const QStringList& args) {
    return veil::test::runProgram(VEIL_CLI, args, 300000);
}

} // namespace

class TestSlidesCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_leaky, m_plain;

private slots:
    void initTestCase() {
        m_leaky = m_dir.filePath("leaky.pptx");
        m_plain = m_dir.filePath("plain.pptx");
        veil::fixtures::writeLeakyDeck(m_leaky);
        veil::fixtures::writeCleanDeck(m_plain);
    }

    void checkExitCodes() {
        const Run leaky = cli({"slides", "check", "--json", m_dir.filePath("f.json"), m_leaky});
        QCOMPARE(leaky.exitCode, 1);
        QVERIFY(leaky.out.contains("notes"));
        QFile f(m_dir.filePath("f.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(json["visibleSlides"].toInt(), 4);
        QVERIFY(json["findings"].toArray().size() > 20);
        const QJsonObject first = json["findings"].toArray().first().toObject();
        for (const char* k : {"slide", "kind", "part", "text"})
            QVERIFY2(first.contains(k), k);

        QCOMPARE(cli({"slides", "check", m_plain}).exitCode, 0);

        const QString broken = m_dir.filePath("broken.pptx");
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("not a zip");
        b.close();
        const Run bad = cli({"slides", "check", broken});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(broken.toUtf8()), bad.err.constData());
        QCOMPARE(cli({"slides", "check"}).exitCode, 2);
        QCOMPARE(cli({"slides", "frobnicate", m_leaky}).exitCode, 2);
    }

    void cleanWritesAndReports() {
        const QString out = m_dir.filePath("out.pptx");
        const Run r = cli({"slides", "clean", "--out", out, "--json", "-", m_leaky});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out).object();
        QVERIFY(json["changes"].toArray().size() > 15);
        QVERIFY(json["after"].toObject()["clean"].toBool());
        QCOMPARE(cli({"slides", "check", out}).exitCode, 0);
        QCOMPARE(cli({"slides", "clean", m_leaky}).exitCode, 2);                   // no --out
        QCOMPARE(cli({"slides", "clean", "--out", m_leaky, m_leaky}).exitCode, 2); // its source
    }
};

QTEST_MAIN(TestSlidesCli)
#include "tst_slides_cli.moc"
