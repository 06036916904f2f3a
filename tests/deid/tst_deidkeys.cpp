// Project keys, key files, sealing, mapping tables and the keyed pseudonym functions.
#include "common/Error.h"
#include "deid/MappingTable.h"
#include "deid/ProjectKey.h"
#include "deid/Pseudonyms.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace veil;

class TestDeidKeys : public QObject {
    Q_OBJECT

    static std::string slurp(const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

private slots:
    void keyFilesRoundTrip() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("k.veilkey").toStdString();
        KeyOrigin origin = KeyOrigin::Opened;
        const ProjectKey made = keyfile::openOrCreate(file, Passphrase("correct horse"), &origin);
        QCOMPARE(origin, KeyOrigin::Created);
        const auto perms = std::filesystem::status(file).permissions();
        QCOMPARE(perms & std::filesystem::perms::all,
                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        const ProjectKey again = keyfile::openOrCreate(file, Passphrase("correct horse"), &origin);
        QCOMPARE(origin, KeyOrigin::Opened);
        QVERIFY(made.bytes() == again.bytes());
        // The key itself never appears in the file.
        const std::string raw = slurp(file);
        QVERIFY(raw.find(std::string(reinterpret_cast<const char*>(made.bytes().data()), 32)) ==
                std::string::npos);
    }

    void newKeyNeedsItsPassphraseTwice() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("sub/k.veilkey").toStdString();
        KeyOrigin origin = KeyOrigin::Opened;
        auto refused = [&](PassphraseEntry entry, const char* words) {
            try {
                keyfile::openEntered(file, entry, &origin);
                QFAIL("a new key was made");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(words), e.what());
                QVERIFY2(QString(e.what()).contains("k.veilkey"), e.what());
            }
            QVERIFY(!std::filesystem::exists(file));
        };
        refused({Passphrase("correct horse")}, "typed twice");
        refused({Passphrase("correct horse"), Passphrase("correct hose")}, "differ");
        refused({Passphrase(""), Passphrase("")}, "empty passphrase");
        const ProjectKey made = keyfile::openEntered(
            file, {Passphrase("correct horse"), Passphrase("correct horse")}, &origin);
        QCOMPARE(origin, KeyOrigin::Created);
        // An existing key is opened with the passphrase typed once.
        const ProjectKey again = keyfile::openEntered(file, {Passphrase("correct horse")}, &origin);
        QCOMPARE(origin, KeyOrigin::Opened);
        QVERIFY(made.bytes() == again.bytes());
        // VEIL_PASSPHRASE (scripts): a new key from the environment's passphrase alone.
        const std::filesystem::path scripted = dir.filePath("s.veilkey").toStdString();
        keyfile::openEntered(scripted, {Passphrase("from env"), std::nullopt, true}, &origin);
        QCOMPARE(origin, KeyOrigin::Created);
    }

    void wrongPassphraseIsAClearError() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("k.veilkey").toStdString();
        keyfile::write(file, ProjectKey::generate(), Passphrase("right"));
        try {
            keyfile::open(file, Passphrase("wrong"));
            QFAIL("opened with a wrong passphrase");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("wrong passphrase"), e.what());
            QVERIFY(QString(e.what()).contains("k.veilkey"));
        }
        std::string raw = slurp(file);
        raw[raw.size() - 3] ^= 1;
        std::ofstream(file, std::ios::binary | std::ios::trunc) << raw;
        QVERIFY_THROWS_EXCEPTION(Error, keyfile::open(file, Passphrase("right")));
        std::ofstream(file, std::ios::binary | std::ios::trunc) << "not a key";
        try {
            keyfile::open(file, Passphrase("right"));
            QFAIL("opened garbage");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("not a Veil key file"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error,
                                 keyfile::write(file, ProjectKey::generate(), Passphrase("")));
    }

    void sealing() {
        const ProjectKey k = ProjectKey::generate();
        const std::string sealed = sealWithKey("secret table", k.mac("x", ""));
        QCOMPARE(*openWithKey(sealed, k.mac("x", "")), std::string("secret table"));
        QVERIFY(!openWithKey(sealed, k.mac("y", "")));
        QVERIFY(sealed.find("secret") == std::string::npos);
        QVERIFY(sealWithKey("secret table", k.mac("x", "")) != sealed); // fresh nonce each time
    }

    void mappingTables() {
        QTemporaryDir dir;
        const std::filesystem::path file = dir.filePath("m.veilmap").toStdString();
        const ProjectKey k = ProjectKey::generate();
        MappingTable t;
        t.add({MappingEntry::Kind::Patient, "NHS-1 (SMITH^JOHN)", "VEIL-ABC"});
        t.add({MappingEntry::Kind::Study, "1.2.3", "2.25.99"});
        t.add({MappingEntry::Kind::Study, "1.2.3", "2.25.99"});
        QCOMPARE(int(t.entries().size()), 2);
        t.save(file, k);
        QVERIFY(slurp(file).find("SMITH") == std::string::npos);
        const MappingTable back = MappingTable::open(file, k);
        QCOMPARE(back.entries(), t.entries());
        QVERIFY(back.text().find("SMITH^JOHN") != std::string::npos);
        try {
            MappingTable::open(file, ProjectKey::generate());
            QFAIL("opened with another key");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("another project key"), e.what());
        }
    }

    void uidsAreKeyedAndWellFormed() {
        ProjectKey::Bytes a{}, b{};
        a.fill(1);
        b.fill(2);
        const ProjectKey ka = ProjectKey::fromBytes(a), kb = ProjectKey::fromBytes(b);
        const Pseudonymiser pa(ka), pb(kb);
        const std::string u = pa.uid("1.2.840.113619.2.55.3.1");
        QVERIFY(QString::fromStdString(u).startsWith("2.25."));
        QVERIFY(u.size() <= 44);
        QVERIFY(u[5] != '0');
        QCOMPARE(pa.uid("1.2.840.113619.2.55.3.1"), u);
        QVERIFY(pb.uid("1.2.840.113619.2.55.3.1") != u);
        QVERIFY(pa.uid("1.2.840.113619.2.55.3.2") != u);
        QCOMPARE(pa.patient("id:X^"), pa.patient("id:X^"));
        QVERIFY(pa.patient("id:X^") != pb.patient("id:X^"));
        QVERIFY(ka.fingerprint() != kb.fingerprint());
    }

    void decimalOfBigNumbers() {
        std::uint8_t max[16];
        std::fill(std::begin(max), std::end(max), 0xFF);
        QCOMPARE(QString::fromStdString(decimalOf128(max)),
                 QString("340282366920938463463374607431768211455"));
        std::uint8_t one[16] = {};
        one[15] = 1;
        QCOMPARE(QString::fromStdString(decimalOf128(one)), QString("1"));
        std::uint8_t zero[16] = {};
        QCOMPARE(QString::fromStdString(decimalOf128(zero)), QString("0"));
    }

    void dateShifting_data() {
        QTest::addColumn<QString>("in");
        QTest::addColumn<int>("days");
        QTest::addColumn<QString>("out");
        QTest::newRow("plain") << "20210304" << -1 << "20210303";
        QTest::newRow("leap day") << "20200301" << -1 << "20200229";
        QTest::newRow("year back") << "20210101" << -366 << "20200101";
        QTest::newRow("range") << "20210101-20210131" << -1 << "20201231-20210130";
        QTest::newRow("open range") << "-20210131" << -1 << "-20210130";
        QTest::newRow("multi") << "20210101\\20210201" << -1 << "20201231\\20210131";
        QTest::newRow("year only") << "2021" << -400 << "2020";
    }
    void dateShifting() {
        QFETCH(QString, in);
        QFETCH(int, days);
        QFETCH(QString, out);
        QCOMPARE(QString::fromStdString(*shiftDate(in.toStdString(), days)), out);
    }

    void dateTimesKeepTheirTime() {
        QCOMPARE(*shiftDateTime("20210304101112.5+0100", -1), std::string("20210303101112.5+0100"));
        QVERIFY(!shiftDate("2021-03-04", -1));
        QVERIFY(!shiftDate("20211332", -1));
    }

    void patientKeys() {
        QCOMPARE(patientKeyOf("P1", "ISS", "A^B", "", "1.2"), std::string("id:P1^ISS"));
        QCOMPARE(patientKeyOf("", "", "A^B", "19700101", "1.2"), std::string("name:A^B^19700101"));
        QCOMPARE(patientKeyOf("", "", "", "", "1.2"), std::string("study:1.2"));
    }
};

QTEST_GUILESS_MAIN(TestDeidKeys)
#include "tst_deidkeys.moc"
