// End to end through veil-cli as a user runs it, on the fixtures corpus: export (folder, zip
// with DICOMDIR) from a review file with sign-offs, verify, the gate blocking a kept
// PatientName until the approver overrides, deid as an audited unreviewed batch with boxes,
// a process killed mid-export leaving nothing finished-looking, an edited audit line caught.
#include "E2eData.h"

#include "deid/ProjectKey.h"
#include "export/Archive.h"
#include "export/Certificate.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

QProcess* start(const QStringList& args) {
    auto* p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("VEIL_PASSPHRASE", "ci-test-passphrase");
    p->setProcessEnvironment(env);
    p->setStandardInputFile(QProcess::nullDevice());
    p->start(VEIL_CLI, args);
    return p;
}

Run cli(const QStringList& args) {
    std::unique_ptr<QProcess> p(start(args));
    p->waitForFinished(300000);
    return {p->exitCode(), QString::fromUtf8(p->readAllStandardOutput()),
            QString::fromUtf8(p->readAllStandardError())};
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray boxesJson(const fixtures::CorpusKey& key) {
    QJsonArray list;
    for (const fixtures::FileEntry& f : key.files)
        for (const fixtures::TextBox& t : f.boxes)
            if (t.phi)
                list.append(
                    QJsonObject{{"sopInstanceUid", QString::fromStdString(f.sopInstanceUid)},
                                {"frame", t.frame < 0 ? QJsonValue("all") : QJsonValue(t.frame)},
                                {"x", t.x},
                                {"y", t.y},
                                {"w", t.w},
                                {"h", t.h}});
    return QJsonDocument(list).toJson();
}

bool anyFileBelow(const fs::path& dir) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().filename() != ".lock")
            return true;
    return false;
}

} // namespace

class TestCliE2e : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    e2e::Corpus m_corpus;

    QString path(const QString& name) const { return m_tmp.filePath(name); }
    fs::path fpath(const QString& name) const { return path(name).toStdString(); }

    QStringList exportArgs(const QString& dest) const {
        return {"export",
                "--out",
                path(dest),
                "--review",
                path("review.json"),
                "--key-file",
                path("key.veilkey"),
                "--person",
                "cli test",
                path("corpus")};
    }

    void checkCertificate(const QString& dest, const std::map<std::string, std::string>& actual) {
        const Certificate c = Certificate::load(fpath(dest + ".certificate.json"));
        QCOMPARE(int(c.files.size()), int(actual.size()));
        for (const CertificateFile& f : c.files)
            QCOMPARE(QString::fromStdString(f.sha256), QString::fromStdString(actual.at(f.path)));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_corpus = e2e::makeCorpus(fpath("corpus"), 12, 6);
        ReviewSession review = e2e::acceptedReview(m_corpus);
        for (const SignOff& s : e2e::signOffs(ReleaseLevel::Publication))
            review.addSignOff(s);
        writeFile(path("review.json"), QJsonDocument(review.toJson()).toJson());
        writeFile(path("boxes.json"), boxesJson(m_corpus.key));
        writeFile(path("keep-name.json"),
                  R"({"overrides":[{"keyword":"PatientName","action":"K"}]})");
        // --key-file must name an existing key (or come with --new-key): made here, once.
        keyfile::write(fpath("key.veilkey"), ProjectKey::generate(),
                       Passphrase(qEnvironmentVariable("VEIL_PASSPHRASE").toStdString()));
    }

    void exportFolderThenVerify() {
        const Run r = cli(exportArgs("release"));
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("verification passed"), qPrintable(r.out));
        checkCertificate("release", e2e::sha256Below(fpath("release")));
        const Run v = cli({"verify", "--source", path("corpus"), "--output", path("release"),
                           "--json", path("verify.json")});
        QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
        QVERIFY(QFile::exists(path("verify.json")));
        QCOMPARE(cli({"audit", "verify", path("release.audit.jsonl")}).code, 0);
    }

    void exportZipWithDicomdirThenVerify() {
        QStringList args = exportArgs("release.zip");
        args << "--zip"
             << "--dicomdir";
        const Run r = cli(args);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        checkCertificate("release.zip", zipEntrySha256(fpath("release.zip")));
        const Run v = cli({"verify", "--source", path("corpus"), "--output", path("release.zip")});
        QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
    }

    void keptNameBlocksUntilTheApproverOverrides() {
        QStringList args = exportArgs("leaky");
        args << "--profile" << path("keep-name.json");
        const Run blocked = cli(args);
        QCOMPARE(blocked.code, 1);
        QVERIFY2(blocked.out.contains("VERIFICATION FAILED") && blocked.out.contains("PatientName"),
                 qPrintable(blocked.out));
        QVERIFY(blocked.out.contains("export blocked"));
        QVERIFY(!QFileInfo::exists(path("leaky")));
        QVERIFY(e2e::partialFolders(fpath("")).empty());

        args << "--approver" << e2e::kApprover << "--override-reason"
             << "the case report publishes this name with written consent";
        const Run through = cli(args);
        QVERIFY2(through.code == 0, qPrintable(through.out + through.err));
        QVERIFY(through.out.contains("overridden by Grace Approver"));
        const std::string audit = e2e::slurp(fpath("leaky.audit.jsonl"));
        QVERIFY(audit.find("\"event\":\"export-blocked\"") != std::string::npos);
        QVERIFY(audit.find("\"event\":\"gate-override\"") != std::string::npos);
        QVERIFY(audit.find("written consent") != std::string::npos);
        const Run v = cli({"verify", "--source", path("corpus"), "--output", path("leaky")});
        QCOMPARE(v.code, 1);
        QVERIFY(v.out.contains("(0010,0010)"));
    }

    void deidIsAnAuditedUnreviewedBatch() {
        const Run r = cli({"deid", "--out", path("batch"), "--boxes", path("boxes.json"),
                           "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("redacted: burned boxes into"), qPrintable(r.out));
        QVERIFY(r.out.contains("verification passed"));
        const std::string audit = e2e::slurp(fpath("batch.audit.jsonl"));
        QVERIFY(audit.find("\"event\":\"batch-release\"") != std::string::npos);
        QVERIFY(audit.find("\"reviewed\":false") != std::string::npos);
        QVERIFY(audit.find("\"event\":\"boxes-file\"") != std::string::npos);
        QCOMPARE(cli({"audit", "verify", path("batch.audit.jsonl")}).code, 0);
    }

    void deidGateFailureKeepsOutputsAndExitsOne() {
        const Run r =
            cli({"deid", "--out", path("batch-leaky"), "--profile", path("keep-name.json"),
                 "--key-file", path("key.veilkey"), path("corpus")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("VERIFICATION FAILED") && r.out.contains("PatientName"),
                 qPrintable(r.out));
        QVERIFY(anyFileBelow(fpath("batch-leaky")));
        const Run skipped =
            cli({"deid", "--out", path("batch-unchecked"), "--profile", path("keep-name.json"),
                 "--no-verify", "--key-file", path("key.veilkey"), path("corpus")});
        QCOMPARE(skipped.code, 0);
        QVERIFY(skipped.out.contains("verification: skipped"));
    }

    // Burned-in text: without redaction the header-clean batch still shows names in its
    // pixels and `verify` (which reads every frame again) fails; `--redact auto` burns the
    // patient's text and the same check passes.
    void redactAutoClearsBurnedInText() {
        const Run none = cli({"deid", "--out", path("ocr-none"), "--redact", "none", "--key-file",
                              path("key.veilkey"), path("corpus")});
        QCOMPARE(none.code, 0);
        const Run leaky = cli({"verify", "--source", path("corpus"), "--output", path("ocr-none")});
        QCOMPARE(leaky.code, 1);
        QVERIFY2(leaky.out.contains("frame"), qPrintable(leaky.out));

        const Run redacted = cli({"deid", "--out", path("ocr-auto"), "--redact", "auto", "--key-file",
                                  path("key.veilkey"), path("corpus")});
        QCOMPARE(redacted.code, 0);
        QVERIFY2(redacted.out.contains("redacted: burned boxes into"), qPrintable(redacted.out));
        const Run clean = cli({"verify", "--source", path("corpus"), "--output", path("ocr-auto")});
        QVERIFY2(clean.code == 0, qPrintable(clean.out));

        const Run bad = cli({"deid", "--out", path("x"), "--redact", "sometimes", path("corpus")});
        QCOMPARE(bad.code, 2);
    }

    void killedExportLeavesNothingFinished() {
        QStringList args = exportArgs("killed");
        args << "--threads"
             << "1";
        std::unique_ptr<QProcess> p(start(args));
        QVERIFY(p->waitForStarted());
        fs::path partial;
        for (int i = 0; i < 60000 && partial.empty() && p->state() == QProcess::Running; ++i) {
            for (const fs::path& d : e2e::partialFolders(fpath("")))
                if (d.filename().string().rfind("killed.veil-partial-", 0) == 0 && anyFileBelow(d))
                    partial = d;
            if (partial.empty())
                QThread::usleep(500);
        }
        QVERIFY2(!partial.empty(), "no file appeared in a partial folder before the export ended");
        p->kill();
        p->waitForFinished();
        QVERIFY(!QFileInfo::exists(path("killed")));
        QVERIFY(!QFileInfo::exists(path("killed.certificate.json")));
        QVERIFY(fs::exists(partial)); // unfinished, and named so
        const Run again = cli(exportArgs("killed"));
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QVERIFY(!fs::exists(partial)); // the stale partial folder was cleaned
        QVERIFY(e2e::partialFolders(fpath("")).empty());
    }

    void editedAuditLineIsDetected() {
        QFile f(path("release.audit.jsonl"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray log = f.readAll();
        f.close();
        QVERIFY(log.contains("Dr Ada Reviewer"));
        log.replace("Dr Ada Reviewer", "Dr Eve Impostor");
        writeFile(path("edited.audit.jsonl"), log);
        const Run r = cli({"audit", "verify", path("edited.audit.jsonl")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("was edited") && r.out.contains("BROKEN"), qPrintable(r.out));
    }

    void verifyUsage() {
        QCOMPARE(cli({"verify"}).code, 2);
        QCOMPARE(cli({"verify", "--source", path("corpus"), "--output", path("nowhere")}).code, 2);
        QCOMPARE(cli({"export", "--out", path("x"), path("corpus")}).code, 2); // no --review
    }
};

QTEST_MAIN(TestCliE2e)
#include "tst_cli_e2e.moc"
