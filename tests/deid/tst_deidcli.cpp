// veil-cli deid and veil-cli mapping as a user runs them: exit codes, summary line, the
// mapping table outside the export, wrong passphrases, malformed profiles.
#include "DeidTestData.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args, const QString& passphrase = "ci-test-passphrase",
        const QString& home = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("VEIL_PASSPHRASE", passphrase);
    if (!home.isEmpty()) {
        env.insert("HOME", home);
        env.insert("XDG_DATA_HOME", home + "/.local/share");
    }
    p.setProcessEnvironment(env);
    p.setStandardInputFile(
        QProcess::nullDevice()); // no terminal: the passphrase comes from the environment
    p.start(VEIL_BINARY_DIR "/app/veil-cli", args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

void makeInputs(const fs::path& dir) {
    deidtest::Instance a;
    deidtest::write(dir / "a.dcm", a);
    deidtest::Instance b = a;
    b.sopUid += "2";
    b.number = 2;
    deidtest::write(dir / "b.dcm", b);
}

int countFiles(const QString& dir) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir.toStdString()))
        n += e.is_regular_file() && e.path().filename().string().rfind(".veil-", 0) != 0;
    return n;
}

} // namespace

class TestDeidCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString path(const QString& name) const { return m_tmp.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        makeInputs(path("in").toStdString());
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no out") << QStringList{"deid", "x"} << "--out DIR is required";
        QTest::newRow("no input") << QStringList{"deid", "--out", "o"} << "no input given";
        QTest::newRow("bad level")
            << QStringList{"deid", "--out", "o", "--level", "secret", "x"} << "--level";
        QTest::newRow("bad option")
            << QStringList{"deid", "--out", "o", "--option", "retain-all", "x"}
            << "not a PS3.15 option";
        QTest::newRow("both dates")
            << QStringList{"deid",    "--out",   "o", "--option", "retain-longitudinal-full-dates",
                           "--level", "limited", "x"}
            << "exclude each other";
        QTest::newRow("mapping at publication")
            << QStringList{"deid", "--out", "o", "--mapping", "m", "x"} << "keeps no mapping";
        QTest::newRow("unknown flag") << QStringList{"deid", "--frobnicate"} << "frobnicate";
        QTest::newRow("mapping args") << QStringList{"mapping"} << "exactly one";
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void malformedProfileNamesFileAndKey() {
        std::ofstream(path("bad.json").toStdString())
            << R"JSON({"overrides": [{"tag": "(0010,0010)", "action": "Q"}]})JSON";
        const Run r = cli({"deid", "--out", path("o"), "--profile", path("bad.json"), "--key-file",
                           path("k"), path("in")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("bad.json: overrides[0].action"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("k"))); // nothing created before the arguments are right
    }

    void publicationRun() {
        const Run r = cli({"deid", "--out", path("pub"), "--key-file", path("key.veilkey"),
                           "--new-key", "--explain", path("in")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("deid: 2 written, 0 skipped, 0 failed (publication level)"),
                 qPrintable(r.out));
        QVERIFY(r.out.contains("(0010,0010)"));
        QVERIFY(r.out.contains("pseudonym"));
        QVERIFY(r.err.contains("created project key"));
        QVERIFY(!r.err.contains("ci-test-passphrase"));
        QCOMPARE(countFiles(path("pub")), 2);
        QVERIFY(QFile::exists(path("pub/.veil-output.json"))); // made by Veil, under this key
    }

    void someFailedExitsOne() {
        QDir().mkpath(path("mixed"));
        QFile::copy(path("in/a.dcm"), path("mixed/a.dcm"));
        std::ofstream(path("mixed/bad.dcm").toStdString(), std::ios::binary)
            << std::string(128, '\0') << "DICM"
            << "garbage";
        std::ofstream(path("mixed/readme.txt").toStdString()) << "hello";
        const Run r = cli(
            {"deid", "--out", path("mixedout"), "--key-file", path("key.veilkey"), path("mixed")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("1 written, 1 skipped, 1 failed"), qPrintable(r.out));
        QVERIFY2(r.err.contains("FAILED") && r.err.contains("bad.dcm"), qPrintable(r.err));
        QVERIFY(r.err.contains("SKIPPED") && r.err.contains("readme.txt"));
    }

    void wrongPassphraseWritesNothing() {
        cli({"deid", "--out", path("first"), "--key-file", path("key2.veilkey"), "--new-key",
             path("in")});
        const Run r =
            cli({"deid", "--out", path("second"), "--key-file", path("key2.veilkey"), path("in")},
                "not-it");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("wrong passphrase"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("second")));
    }

    void limitedKeepsAnEncryptedMappingOutsideTheExport() {
        const Run inside =
            cli({"deid", "--level", "limited", "--out", path("lim"), "--mapping",
                 path("lim/m.veilmap"), "--key-file", path("key.veilkey"), path("in")});
        QCOMPARE(inside.code, 2);
        QVERIFY(inside.err.contains("must not go inside"));

        const Run r = cli({"deid", "--level", "limited", "--out", path("lim"), "--mapping",
                           path("m.veilmap"), "--key-file", path("key.veilkey"), path("in")});
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(path("m.veilmap")));
        QFile raw(path("m.veilmap"));
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(!raw.readAll().contains("NHS-482"));

        const Run shown = cli({"mapping", "--key-file", path("key.veilkey"), path("m.veilmap")});
        QCOMPARE(shown.code, 0);
        QVERIFY2(shown.out.contains("NHS-482-193-2210") && shown.out.contains("VEIL-"),
                 qPrintable(shown.out));
        QVERIFY(shown.out.contains("date-offset"));

        const Run wrong =
            cli({"mapping", "--key-file", path("key.veilkey"), path("m.veilmap")}, "wrong");
        QCOMPARE(wrong.code, 1);
        QVERIFY(wrong.out.isEmpty());
        QVERIFY2(wrong.err.contains("wrong passphrase"), qPrintable(wrong.err));

        const Run otherKey =
            cli({"mapping", "--key-file", path("key2.veilkey"), path("m.veilmap")});
        QCOMPARE(otherKey.code, 1);
        QVERIFY(otherKey.out.isEmpty());
        QVERIFY2(otherKey.err.contains("another project key"), qPrintable(otherKey.err));
    }

    void defaultKeyLivesInTheDataFolder() {
        QDir().mkpath(path("home"));
        const Run r =
            cli({"deid", "--out", path("dflt"), path("in")}, "ci-test-passphrase", path("home"));
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(path("home")), qPrintable(r.err));
        const Run again =
            cli({"deid", "--out", path("dflt2"), path("in")}, "ci-test-passphrase", path("home"));
        QCOMPARE(again.code, 0);
        QVERIFY(!again.err.contains("created project key"));
    }
};

QTEST_GUILESS_MAIN(TestDeidCli)
#include "tst_deidcli.moc"
