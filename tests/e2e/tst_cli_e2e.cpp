// End to end through veil-cli as a user runs it, on the fixtures corpus: export (folder, zip
// with DICOMDIR) from a review file with sign-offs, verify, the gate blocking a kept
// PatientName until the approver overrides, deid as an audited unreviewed batch with boxes,
// a process killed mid-export leaving nothing finished-looking, an edited audit line caught.
#include "E2eData.h"

#include "audit/AuditLog.h"
#include "deid/ProjectKey.h"
#include "export/Archive.h"
#include "export/Certificate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <fstream>
#include <set>

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

    // Header-only unless `pixels`: most of these tests are about the export's flow; the first
    // export reads every frame (text detector and gate) as a user's default run does.
    QStringList exportArgs(const QString& dest, bool pixels = false) const {
        QStringList args = {"export",
                            "--out",
                            path(dest),
                            "--review",
                            path("review.json"),
                            "--key-file",
                            path("key.veilkey"),
                            "--person",
                            "cli test"};
        if (!pixels)
            args << "--redact"
                 << "none"
                 << "--no-ocr";
        return args << path("corpus");
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
        const Run r = cli(exportArgs("release", true));
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
        const Run v = cli(
            {"verify", "--no-ocr", "--source", path("corpus"), "--output", path("release.zip")});
        QVERIFY2(v.code == 0, qPrintable(v.out + v.err));
    }

    // veil-cli export --expect-accessions: one study left off the list and one accession no
    // study carries refuse the export (nothing at DEST, exit 1, both named); the complete list
    // is recorded in the certificate with its SHA-256.
    void exportChecksExpectedAccessions() {
        std::vector<std::pair<std::string, std::string>> studies; // (UID, accession)
        for (const PatientNode& p : m_corpus.index.patients)
            for (const StudyNode& st : p.studies)
                studies.emplace_back(st.uid, st.accessionNumber);
        QVERIFY(studies.size() >= 2);
        QByteArray shortList, full;
        for (std::size_t i = 0; i < studies.size(); ++i) {
            full += QByteArray::fromStdString(studies[i].second) + "\n";
            if (i > 0)
                shortList += QByteArray::fromStdString(studies[i].second) + "\n";
        }
        shortList += "ACC-CLI-MISSING\n";
        writeFile(path("short-list.txt"), shortList);
        writeFile(path("full-list.txt"), full);
        QStringList args = exportArgs("acc-refused");
        args.insert(args.size() - 1, "--expect-accessions");
        args.insert(args.size() - 1, path("short-list.txt"));
        const Run refused = cli(args);
        QCOMPARE(refused.code, 1);
        const QString said = refused.out + refused.err;
        QVERIFY2(said.contains("refused") && said.contains("ACC-CLI-MISSING") &&
                     said.contains(QString::fromStdString(studies[0].first)),
                 qPrintable(said));
        QVERIFY(!fs::exists(fpath("acc-refused")));
        QVERIFY(!fs::exists(fpath("acc-refused.certificate.json")));

        args = exportArgs("acc-complete");
        args.insert(args.size() - 1, "--expect-accessions");
        args.insert(args.size() - 1, path("full-list.txt"));
        const Run ok = cli(args);
        QVERIFY2(ok.code == 0, qPrintable(ok.out + ok.err));
        const Certificate c = Certificate::load(fpath("acc-complete.certificate.json"));
        QVERIFY(c.accessions && c.accessions->complete());
        QCOMPARE(QString::fromStdString(c.accessions->listSha256),
                 QString(QCryptographicHash::hash(full, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(c.accessions->found, int(studies.size()));
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
        const Run v =
            cli({"verify", "--no-ocr", "--source", path("corpus"), "--output", path("leaky")});
        QCOMPARE(v.code, 1);
        QVERIFY(v.out.contains("(0010,0010)"));
    }

    void deidIsAnAuditedUnreviewedBatch() {
        const Run r =
            cli({"deid", "--out", path("batch"), "--boxes", path("boxes.json"), "--redact", "none",
                 "--no-ocr", "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("redacted: burned boxes into"), qPrintable(r.out));
        QVERIFY(r.out.contains("verification passed"));
        const std::string audit = e2e::slurp(fpath("batch.audit.jsonl"));
        QVERIFY(audit.find("\"event\":\"batch-release\"") != std::string::npos);
        QVERIFY(audit.find("\"reviewed\":false") != std::string::npos);
        QVERIFY(audit.find("\"event\":\"boxes-file\"") != std::string::npos);
        QCOMPARE(cli({"audit", "verify", path("batch.audit.jsonl")}).code, 0);
    }

    // A batch that fails the gate adds nothing to OUT: its outputs are kept, under a name
    // that says so, beside it.
    void deidGateFailureKeepsOutputsAsideAndExitsOne() {
        const Run r = cli({"deid", "--out", path("batch-leaky"), "--profile",
                           path("keep-name.json"), "--redact", "none", "--no-ocr", "--key-file",
                           path("key.veilkey"), path("corpus")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("VERIFICATION FAILED") && r.out.contains("PatientName"),
                 qPrintable(r.out));
        QVERIFY(!fs::exists(fpath("batch-leaky")));
        fs::path kept;
        for (const auto& e : fs::directory_iterator(fpath("")))
            if (e.path().filename().string().rfind("batch-leaky.veil-failed-", 0) == 0)
                kept = e.path();
        QVERIFY2(!kept.empty() && anyFileBelow(kept), qPrintable(r.out));
        QVERIFY(r.out.contains(QString::fromStdString(kept.string())));
        const Run skipped = cli({"deid", "--out", path("batch-unchecked"), "--profile",
                                 path("keep-name.json"), "--redact", "none", "--no-verify",
                                 "--key-file", path("key.veilkey"), path("corpus")});
        QCOMPARE(skipped.code, 0);
        QVERIFY(skipped.out.contains("verification: skipped"));
    }

    // OUT is new, empty, or a Veil output folder of the same key; never inside an input.
    void deidRefusesForeignAndNestedOutputFolders() {
        QVERIFY(QDir().mkpath(path("foreign")));
        writeFile(path("foreign/notes.txt"), "mine");
        const Run foreign = cli({"deid", "--out", path("foreign"), "--no-ocr", "--key-file",
                                 path("key.veilkey"), path("corpus")});
        QCOMPARE(foreign.code, 2);
        QVERIFY2(foreign.err.contains("not a Veil output folder"), qPrintable(foreign.err));
        QCOMPARE(
            int(std::distance(fs::directory_iterator(fpath("foreign")), fs::directory_iterator())),
            1);
        const Run nested = cli({"deid", "--out", path("corpus/out"), "--no-ocr", "--key-file",
                                path("key.veilkey"), path("corpus")});
        QCOMPARE(nested.code, 2);
        QVERIFY2(nested.err.contains("inside the input"), qPrintable(nested.err));
        QVERIFY(!fs::exists(fpath("corpus/out")));
        QVERIFY(!fs::exists(fpath("corpus/out.audit.jsonl")));
        const Run otherKey = cli({"deid", "--out", path("batch"), "--no-ocr", "--key-file",
                                  path("other.veilkey"), "--new-key", path("corpus")});
        QCOMPARE(otherKey.code, 2);
        QVERIFY2(otherKey.err.contains("another project key"), qPrintable(otherKey.err));
    }

    // A second run of the same release into its own OUT finds every file already there; a
    // run of another release joins the folder with its own files.
    void deidJoinsItsOwnOutputFolder() {
        const QStringList first = {
            "deid",      "--out", path("joined"), "--redact",          "none",        "--no-ocr",
            "--release", "alpha", "--key-file",   path("key.veilkey"), path("corpus")};
        QCOMPARE(cli(first).code, 0);
        const auto before = e2e::sha256Below(fpath("joined"));
        const Run again =
            cli({"deid", "--out", path("joined"), "--redact", "none", "--no-ocr", "--release",
                 "alpha", "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains("0 file(s) added"), qPrintable(again.out));
        QVERIFY(e2e::sha256Below(fpath("joined")) == before);
        const Run other =
            cli({"deid", "--out", path("joined"), "--redact", "none", "--no-ocr", "--release",
                 "gamma", "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(other.code == 0, qPrintable(other.out + other.err));
        QVERIFY(e2e::sha256Below(fpath("joined")).size() > before.size());
    }

    // kill -9 in the middle of a batch: nothing appears at OUT, only a partial folder that
    // the next run removes.
    void killedDeidLeavesNothingAtOut() {
        std::unique_ptr<QProcess> p(start({"deid", "--out", path("batch-killed"), "--threads", "1",
                                           "--key-file", path("key.veilkey"), path("corpus")}));
        QVERIFY(p->waitForStarted());
        fs::path partial;
        for (int i = 0; i < 60000 && partial.empty() && p->state() == QProcess::Running; ++i) {
            for (const fs::path& d : e2e::partialFolders(fpath("")))
                if (d.filename().string().rfind("batch-killed.veil-partial-", 0) == 0 &&
                    anyFileBelow(d))
                    partial = d;
            if (partial.empty())
                QThread::usleep(500);
        }
        QVERIFY2(!partial.empty(), "no file appeared in a partial folder before the run ended");
        p->kill();
        p->waitForFinished();
        QVERIFY(!fs::exists(fpath("batch-killed")));
        QVERIFY(fs::exists(partial));
        const Run again = cli({"deid", "--out", path("batch-killed"), "--redact", "none",
                               "--no-ocr", "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QVERIFY(!fs::exists(partial));
        QVERIFY(anyFileBelow(fpath("batch-killed")));
    }

    // The certificate anchors the audit chain's end: deleting the last line, or rewriting
    // the whole chain after an edit, no longer passes with --certificate.
    void certificateAnchorsTheAuditLog() {
        const Run r = cli({"deid", "--out", path("anchored"), "--redact", "none", "--no-ocr",
                           "--key-file", path("key.veilkey"), path("corpus")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QString cert;
        for (const QString& line : r.out.split('\n'))
            if (line.startsWith("certificate: "))
                cert = line.mid(13).trimmed();
        QVERIFY2(QFileInfo::exists(cert), qPrintable(r.out));
        const QString log = path("anchored.audit.jsonl");
        const Run ok = cli({"audit", "verify", "--certificate", cert, log});
        QVERIFY2(ok.code == 0 && ok.out.contains("intact"), qPrintable(ok.out));
        QVERIFY(!ok.out.contains("no closing event"));

        QFile f(log);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        f.close();
        writeFile(path("truncated.audit.jsonl"), lines.mid(0, lines.size() - 1).join('\n') + '\n');
        QCOMPARE(cli({"audit", "verify", path("truncated.audit.jsonl")}).code,
                 0); // alone: a valid chain
        const Run cut =
            cli({"audit", "verify", "--certificate", cert, path("truncated.audit.jsonl")});
        QCOMPARE(cut.code, 1);
        QVERIFY2(cut.out.contains("lines were deleted"), qPrintable(cut.out));
        QVERIFY(cut.out.contains("no closing event"));

        { // the whole chain recomputed after an edit
            AuditLog forged(path("forged.audit.jsonl"));
            for (const QByteArray& line : lines) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                forged.append(o["event"].toString(), "someone else", o["data"].toObject());
            }
        }
        QCOMPARE(cli({"audit", "verify", path("forged.audit.jsonl")}).code, 0);
        const Run forged =
            cli({"audit", "verify", "--certificate", cert, path("forged.audit.jsonl")});
        QCOMPARE(forged.code, 1);
        QVERIFY2(forged.out.contains("rewritten"), qPrintable(forged.out));
    }

    // Burned-in text at the default (publication) level: the text detector redacts the
    // patient's text and the gate reads every frame again, so the batch comes out clean; with
    // `--redact none` the same gate fails naming file, frame, box and text; `--no-ocr` is a
    // header-only run that says the pixels were not checked.
    void publicationRedactsBurnedInTextByDefault() {
        const Run byDefault = cli({"deid", "--out", path("ocr-default"), "--key-file",
                                   path("key.veilkey"), path("corpus")});
        QVERIFY2(byDefault.code == 0, qPrintable(byDefault.out + byDefault.err));
        QVERIFY2(byDefault.out.contains("--redact auto"), qPrintable(byDefault.out));
        QVERIFY(byDefault.out.contains("redacted: burned boxes into"));
        QVERIFY2(byDefault.out.contains("pixels: every one of"), qPrintable(byDefault.out));
        const std::string audit = e2e::slurp(fpath("ocr-default.audit.jsonl"));
        QVERIFY(audit.find("\"redact\":\"auto\"") != std::string::npos);
        QVERIFY(audit.find("\"pixelsChecked\":true") != std::string::npos);
        const Run clean =
            cli({"verify", "--source", path("corpus"), "--output", path("ocr-default")});
        QVERIFY2(clean.code == 0, qPrintable(clean.out));

        const Run none = cli({"deid", "--out", path("ocr-none"), "--redact", "none", "--key-file",
                              path("key.veilkey"), path("corpus")});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.out.contains("VERIFICATION FAILED") && none.out.contains("frame 1 box"),
                 qPrintable(none.out));
        QVERIFY(none.out.contains("--redact none"));
        QVERIFY(e2e::slurp(fpath("ocr-none.audit.jsonl")).find("\"redact\":\"none\"") !=
                std::string::npos);

        const Run headerOnly = cli({"deid", "--out", path("ocr-off"), "--redact", "none",
                                    "--no-ocr", "--key-file", path("key.veilkey"), path("corpus")});
        QCOMPARE(headerOnly.code, 0);
        QVERIFY2(headerOnly.out.contains("pixels: NOT checked"), qPrintable(headerOnly.out));
        QVERIFY(!headerOnly.out.contains("verification passed: ") ||
                headerOnly.out.contains("in the headers"));
        QVERIFY(e2e::slurp(fpath("ocr-off.audit.jsonl")).find("\"pixelsChecked\":false") !=
                std::string::npos);

        const Run bad = cli({"deid", "--out", path("x"), "--redact", "sometimes", path("corpus")});
        QCOMPARE(bad.code, 2);
    }

    // Publication pseudonyms are the release's own: two releases share no value, the same
    // release run twice (or as shards) is byte-identical, consistency is an explicit option.
    void releasesAreUnlinkable() {
        auto run = [&](const QString& out, const QStringList& extra) {
            QStringList args = {"deid", "--out",    path(out),    "--redact",
                                "none", "--no-ocr", "--key-file", path("key.veilkey")};
            args += extra;
            args << path("corpus");
            return cli(args);
        };
        auto ok = [](const Run& r) { return r.code == 0; };
        const Run a = run("rel-a", {"--release", "alpha"});
        QVERIFY2(ok(a), qPrintable(a.out + a.err));
        QVERIFY2(a.out.contains("release: alpha (pseudonyms, UIDs and dates of this release only)"),
                 qPrintable(a.out));
        QVERIFY(ok(run("rel-a2", {"--release", "alpha"})));
        QVERIFY(ok(run("rel-b", {"--release", "beta"})));
        const auto treeA = e2e::sha256Below(fpath("rel-a")),
                   treeA2 = e2e::sha256Below(fpath("rel-a2")),
                   treeB = e2e::sha256Below(fpath("rel-b"));
        QVERIFY(!treeA.empty());
        QVERIFY(treeA == treeA2); // one release: byte-identical, names included
        std::set<std::string> namesA, namesB;
        for (const auto& [name, sha] : treeA)
            namesA.insert(name.substr(0, name.find('/')));
        for (const auto& [name, sha] : treeB)
            namesB.insert(name.substr(0, name.find('/')));
        namesA.erase(".veil-output.json"); // the folder's manifest, not an output
        QVERIFY(!namesA.empty());
        for (const std::string& patient : namesA)
            QVERIFY2(!namesB.count(patient), patient.c_str()); // no pseudonym shared
        for (const auto& [name, sha] : treeA)
            QVERIFY(name == ".veil-output.json" || !treeB.count(name));

        const Run random = run("rel-random", {});
        QVERIFY2(ok(random) && random.out.contains("release: R"), qPrintable(random.out));
        QVERIFY(ok(run("rel-c1", {"--release", "c1", "--consistent-across-releases"})));
        QVERIFY(ok(run("rel-c2", {"--release", "c2", "--consistent-across-releases"})));
        QVERIFY(e2e::sha256Below(fpath("rel-c1")) == e2e::sha256Below(fpath("rel-c2")));
        QVERIFY(e2e::slurp(fpath("rel-c1.audit.jsonl")).find("\"valuesOfThisReleaseOnly\":false") !=
                std::string::npos);

        const Run bad = cli(
            {"deid", "--out", path("rel-bad"), "--release", "no spaces please", path("corpus")});
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
