// veil-cli info as a user runs it: exit codes, text and JSON.
#include "Fixtures.h"

#include "CliRun.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
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
using Run = veil::test::CliRun;

Run veilCli(const QStringList& args) {
    return veil::test::runProgram(VEIL_CLI, args, 120000);
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

    // MR: refused (not written) unless --accept-mr-face-plane, which needs the option.
    void mrFacePlaneOnTheCommandLine() {
        const QString mr = m_tmp.filePath("mr");
        veil::fixtures::HeadPhantom phantom;
        phantom.seed = 8;
        phantom.modality = "MR";
        phantom.studyDescription = "MR BRAIN";
        veil::fixtures::writeHeadCtSeries(mr.toStdString(), phantom);
        const QStringList common{"--redact", "none", "--no-ocr", "--option",
                                 "clean-recognizable-visual-features"};
        const Run refused = veilCli(QStringList{"deid", "--out", m_tmp.filePath("mr-refused")} +
                                    common + QStringList{mr});
        QVERIFY2(refused.exitCode != 0, refused.out.constData());
        QVERIFY2(refused.out.contains("refused"), (refused.out + refused.err).constData());
        const Run accepted = veilCli(QStringList{"deid", "--out", m_tmp.filePath("mr-plane")} +
                                     common + QStringList{"--accept-mr-face-plane", mr});
        QVERIFY2(accepted.exitCode == 0, (accepted.out + accepted.err).constData());
        QVERIFY2(accepted.out.contains("defaced (MR face plane"), accepted.out.constData());
        const Run usage =
            veilCli({"deid", "--out", m_tmp.filePath("mr-usage"), "--accept-mr-face-plane", mr});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("needs --option clean-recognizable-visual-features"));
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

    // The studies' inputs without the root's cut.dcm and notes.txt: every input loads.
    QStringList cleanInputs() const {
        QStringList out;
        for (const QString& d : QDir(m_corpus).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            out << QDir(m_corpus).filePath(d);
        return out;
    }

    std::vector<std::pair<QString, QString>> studies() { // (UID, accession)
        const Run r = veilCli(QStringList{"info", "--json"} + cleanInputs());
        std::vector<std::pair<QString, QString>> out;
        for (const auto p : QJsonDocument::fromJson(r.out)["patients"].toArray())
            for (const auto s : p.toObject()["studies"].toArray())
                out.emplace_back(s.toObject()["studyInstanceUid"].toString(),
                                 s.toObject()["accessionNumber"].toString());
        return out;
    }

    QString writeList(const QString& name, const QByteArray& bytes) {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

    void expectedAccessionsMatch() {
        const auto all = studies();
        QVERIFY(all.size() >= 3);
        QByteArray plain = "\xEF\xBB\xBF\n";
        for (const auto& [uid, acc] : all)
            plain += "  " + acc.toUtf8() + "  \r\n\n";
        const Run r =
            veilCli(QStringList{"info", "--expect-accessions", writeList("all.txt", plain)} +
                    cleanInputs());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("the release is complete"), r.out.constData());
    }

    void oneMissingOneExtraPlainList() {
        const auto all = studies();
        // The list leaves out the first study and names one that is not in the inputs.
        QByteArray plain;
        for (std::size_t i = 1; i < all.size(); ++i)
            plain += all[i].second.toUtf8() + "\n";
        plain += "ACC-NOT-THERE-1\n";
        const QString list = writeList("short.txt", plain);
        const Run r = veilCli(QStringList{"info", "--expect-accessions", list} + cleanInputs());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("ACC-NOT-THERE-1"), r.err.constData());
        QVERIFY2(r.err.contains(all[0].first.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains(all[0].second.toUtf8()), r.err.constData());
        QVERIFY(!r.err.contains(all[1].first.toUtf8()));

        const Run j =
            veilCli(QStringList{"info", "--json", "--expect-accessions", list} + cleanInputs());
        QCOMPARE(j.exitCode, 1);
        const QJsonObject c = QJsonDocument::fromJson(j.out)["accessionCheck"].toObject();
        QCOMPARE(c["complete"].toBool(true), false);
        QCOMPARE(c["missing"].toArray().size(), 1);
        QCOMPARE(c["missing"].toArray()[0].toString(), QString("ACC-NOT-THERE-1"));
        QCOMPARE(c["notOnList"].toArray().size(), 1);
        QCOMPARE(c["notOnList"].toArray()[0].toObject()["studyInstanceUid"].toString(),
                 all[0].first);
        QCOMPARE(c["notOnList"].toArray()[0].toObject()["accessionNumber"].toString(),
                 all[0].second);
        QCOMPARE(c["found"].toArray().size(), int(all.size()) - 1);
        QCOMPARE(c["listSha256"].toString().size(), 64);
    }

    void oneMissingOneExtraCsv() {
        const auto all = studies();
        QByteArray csv = "\xEF\xBB\xBFPatient ref,\"Accession Number\",Note\n";
        for (std::size_t i = 0; i + 1 < all.size(); ++i)
            csv +=
                "P" + QByteArray::number(int(i)) + ",\"" + all[i].second.toUtf8() + "\",\"a, b\"\n";
        csv += "PX, ACC-NOT-THERE-2 ,\n\n";
        const Run r = veilCli(
            QStringList{"info", "--json", "--expect-accessions", writeList("list.csv", csv)} +
            cleanInputs());
        QCOMPARE(r.exitCode, 1);
        const QJsonObject c = QJsonDocument::fromJson(r.out)["accessionCheck"].toObject();
        QCOMPARE(c["expected"].toInt(), int(all.size()));
        QCOMPARE(c["missing"].toArray().size(), 1);
        QCOMPARE(c["missing"].toArray()[0].toString(), QString("ACC-NOT-THERE-2"));
        QCOMPARE(c["notOnList"].toArray().size(), 1);
        QCOMPARE(c["notOnList"].toArray()[0].toObject()["studyInstanceUid"].toString(),
                 all.back().first);
    }

    // veil-cli deid --expect-accessions: one study left off the list and one accession on it
    // that no study carries: exit 1 naming both, nothing written or published (no OUT, no
    // partial or failed folder, no certificate), the check in the audit. A complete list:
    // the release is made and its certificate records the list's SHA-256 and the result.
    void deidChecksExpectedAccessions() {
        const auto all = studies();
        QByteArray plain;
        for (std::size_t i = 1; i < all.size(); ++i)
            plain += all[i].second.toUtf8() + "\n";
        plain += "ACC-NOT-THERE-3\n";
        const QString shortList = writeList("deid-short.txt", plain);
        const QString out = m_tmp.filePath("deid-accessions-refused");
        const Run r = veilCli(QStringList{"deid", "--out", out, "--redact", "none", "--no-ocr",
                                          "--expect-accessions", shortList} +
                              cleanInputs());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("expected accession ACC-NOT-THERE-3 is missing"),
                 r.err.constData());
        QVERIFY2(r.err.contains("study " + all[0].first.toUtf8() + " (accession " +
                                all[0].second.toUtf8() + ") is not on the list"),
                 r.err.constData());
        QVERIFY(!r.err.contains(all[1].first.toUtf8())); // a study on the list is no problem
        QVERIFY2(r.err.contains("nothing was written"), r.err.constData());
        QVERIFY(!fs::exists(out.toStdString()));
        const QString name = QFileInfo(out).fileName();
        for (const QString& f :
             QDir(m_tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
            QVERIFY2(!f.startsWith(name) || f == name + ".audit.jsonl", qPrintable(f));
        QFile audit(out + ".audit.jsonl");
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QByteArray log = audit.readAll();
        QVERIFY2(log.contains("accession-check") && log.contains("batch-release-refused"),
                 log.constData());

        QByteArray full;
        for (const auto& [uid, acc] : all)
            full += acc.toUtf8() + "\n";
        const QString fullList = writeList("deid-full.txt", full);
        const QString made = m_tmp.filePath("deid-accessions-complete");
        const Run ok = veilCli(QStringList{"deid", "--out", made, "--redact", "none", "--no-ocr",
                                           "--expect-accessions", fullList} +
                               cleanInputs());
        QVERIFY2(ok.exitCode == 0, (ok.out + ok.err).constData());
        QVERIFY2(ok.out.contains("the release is complete"), ok.out.constData());
        const QStringList certificates =
            QDir(m_tmp.path())
                .entryList({QFileInfo(made).fileName() + ".*.certificate.json"}, QDir::Files);
        QCOMPARE(certificates.size(), 1);
        QFile cert(QDir(m_tmp.path()).filePath(certificates.front()));
        QVERIFY(cert.open(QIODevice::ReadOnly));
        const QJsonObject c = QJsonDocument::fromJson(cert.readAll())["accessionCheck"].toObject();
        QFile list(fullList);
        QVERIFY(list.open(QIODevice::ReadOnly));
        QCOMPARE(
            c["listSha256"].toString(),
            QString(QCryptographicHash::hash(list.readAll(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(c["complete"].toBool(), true);
        QCOMPARE(c["expected"].toInt(), int(all.size()));
        QCOMPARE(c["found"].toInt(), int(all.size()));
    }

    void badListIsNamed() {
        const QString missing = m_tmp.filePath("no-such-list.csv");
        Run r = veilCli(QStringList{"info", "--expect-accessions", missing} + cleanInputs());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no-such-list.csv") && r.err.contains("does not exist"),
                 r.err.constData());
        const QString empty = writeList("empty.txt", "\xEF\xBB\xBF\n  \n");
        r = veilCli(QStringList{"info", "--expect-accessions", empty} + cleanInputs());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("empty.txt") && r.err.contains("empty"), r.err.constData());
        const QString binary = writeList("binary.txt", QByteArray("ACC1\0\x01\x02", 7));
        r = veilCli(QStringList{"info", "--expect-accessions", binary} + cleanInputs());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("binary.txt") && r.err.contains("not a text file"),
                 r.err.constData());
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
