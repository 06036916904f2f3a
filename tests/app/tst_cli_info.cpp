// veil-cli info as a user runs it: exit codes, text and JSON.
#include "Fixtures.h"

#include <QDir>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {
struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run veilCli(const QStringList& args) {
    QProcess p;
    p.start(VEIL_CLI, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}
} // namespace

class TestCliInfo : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;
    veil::fixtures::CorpusKey m_key;

private slots:
    void initTestCase() {
        m_corpus = m_tmp.filePath("corpus");
        veil::fixtures::CorpusOptions o;
        o.compressedVariants = false;
        m_key = veil::fixtures::writeCorpus(m_corpus.toStdString(), o);
        std::ofstream(m_tmp.filePath("corpus/notes.txt").toStdString()) << "not dicom";
        std::ofstream(m_tmp.filePath("corpus/cut.dcm").toStdString(), std::ios::binary)
            << std::string(128, '\0') << "DICM\x02\x00\x00\x00UL\x04\x00";
    }

    void jsonListsEveryInstanceAndProblem() {
        const Run r = veilCli({"info", "--json", m_corpus});
        QCOMPARE(r.exitCode, 1); // cut.dcm failed
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonObject counts = doc["counts"].toObject();
        QCOMPARE(counts["instances"].toInt(), int(m_key.files.size()));
        QCOMPARE(counts["errors"].toInt(), 1);
        QCOMPARE(counts["skipped"].toInt(), 2); // notes.txt, key.json
        const QJsonArray errors = doc["errors"].toArray();
        QVERIFY(errors[0].toObject()["file"].toString().endsWith("cut.dcm"));
        QVERIFY(!errors[0].toObject()["reason"].toString().isEmpty());
        int instances = 0;
        for (const auto p : doc["patients"].toArray())
            for (const auto s : p.toObject()["studies"].toArray())
                for (const auto se : s.toObject()["series"].toArray())
                    instances += se.toObject()["instances"].toArray().size();
        QCOMPARE(instances, int(m_key.files.size()));
    }

    // The face warning per series, and `deid` with Clean Recognizable Visual Features: the
    // head CT phantom is flagged and defaced, the corpus's chest CT is neither.
    void facesPerSeries() {
        const QString head = m_tmp.filePath("head");
        veil::fixtures::HeadPhantom phantom;
        phantom.seed = 7; // UIDs of its own, apart from the corpus's
        veil::fixtures::writeHeadCtSeries(head.toStdString(), phantom);
        const Run r = veilCli({"info", "--json", head, m_corpus});
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        int flagged = 0, series = 0;
        for (const auto p : doc["patients"].toArray())
            for (const auto s : p.toObject()["studies"].toArray())
                for (const auto se : s.toObject()["series"].toArray()) {
                    ++series;
                    QVERIFY(se.toObject().contains("mayShowFace"));
                    if (se.toObject()["mayShowFace"].toBool()) {
                        ++flagged;
                        QCOMPARE(se.toObject()["description"].toString(),
                                 QString("HEAD 4.0 STANDARD"));
                    }
                }
        QCOMPARE(flagged, 1);
        QVERIFY(series > 3);
        const Run text = veilCli({"info", head});
        QVERIFY(text.out.contains("MAY SHOW A FACE"));

        const QString out = m_tmp.filePath("deid-faces");
        const Run d = veilCli({"deid", "--out", out, "--redact", "none", "--no-ocr", "--option",
                               "clean-recognizable-visual-features", head});
        QVERIFY2(d.exitCode == 0, (d.out + d.err).constData());
        QVERIFY2(d.out.contains("faces: series 3 CT \"HEAD 4.0 STANDARD\" (60 images): defaced"),
                 d.out.constData());
        const Run without = veilCli({"deid", "--out", m_tmp.filePath("deid-no-faces"), "--redact",
                                     "none", "--no-ocr", head});
        QVERIFY2(without.out.contains("WARNING faces: series 3"), without.out.constData());
    }

    void textSummary() {
        const Run r = veilCli({"info", m_corpus});
        QCOMPARE(r.exitCode, 1); // cut.dcm failed
        QVERIFY(r.out.contains("instances"));
        QVERIFY(r.out.contains("cut.dcm"));
    }

    void nothingLoadedExitsTwo() {
        QDir().mkpath(m_tmp.filePath("texts"));
        std::ofstream(m_tmp.filePath("texts/notes.txt").toStdString()) << "not dicom";
        const Run r = veilCli({"info", m_tmp.filePath("texts")});
        QCOMPARE(r.exitCode, 2);
        // A file given by name that is not DICOM is a failed input, not one skipped in passing.
        const Run named = veilCli({"info", m_tmp.filePath("corpus/notes.txt")});
        QCOMPARE(named.exitCode, 1);
        QVERIFY2(named.out.contains("ERROR") && named.out.contains("notes.txt"),
                 named.out.constData());
    }

    void usageErrors() {
        QCOMPARE(veilCli({"info"}).exitCode, 2);
        QCOMPARE(veilCli({"info", "--bogus", m_corpus}).exitCode, 2);
        QCOMPARE(veilCli({"frobnicate"}).exitCode, 2);
        QCOMPARE(veilCli({}).exitCode, 2);
        QCOMPARE(veilCli({"--help"}).exitCode, 0);
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestCliInfo t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_cli_info.moc"
