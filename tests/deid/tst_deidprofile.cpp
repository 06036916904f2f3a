#include "common/Error.h"
#include "deid/Profile.h"
#include "dicom/DicomFile.h"

#include <QTest>

using namespace veil;

class TestDeidProfile : public QObject {
    Q_OBJECT

private slots:
    void builtInTablesSayTheirEdition() {
        const auto t = StandardTables::builtIn();
        QCOMPARE(QString::fromStdString(t->edition()), QString("2026d"));
        QCOMPARE(int(t->rows().size()), 656);
        QCOMPARE(int(t->safePrivateRows().size()), 479);
        QVERIFY(t->find(tags::PatientName));
        QCOMPARE(t->find(tags::PatientName)->basic, TableAction::Z);
        QCOMPARE(t->find(Tag(0x6002, 0x3000))->name, std::string("Overlay Data"));
        QCOMPARE(t->find(Tag(0x5010, 0x0005))->name, std::string("Curve Data"));
        QVERIFY(!t->find(tags::Rows));
        QCOMPARE(t->privateAttributes().option(Option::RetainSafePrivate),
                 std::optional(TableAction::C));
    }

    void safePrivateMatchesCreatorCaseInsensitively() {
        const auto t = StandardTables::builtIn();
        const SafePrivateRow& r = t->safePrivateRows().front();
        const Tag tag(
            r.group,
            std::uint16_t(0x1100 | r.element)); // another block byte: still the same element
        QVERIFY(t->findSafePrivate(tag, r.privateCreator));
        std::string upper = r.privateCreator;
        for (char& c : upper)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        QVERIFY(t->findSafePrivate(tag, "  " + upper + " "));
        QVERIFY(!t->findSafePrivate(tag, "SOMEONE ELSE"));
    }

    void actionsParse() {
        QCOMPARE(parseTableAction("x/z/u*"), std::optional(TableAction::XZU));
        QCOMPARE(parseTableAction("X/Z/U"), std::optional(TableAction::XZU));
        QCOMPARE(parseTableAction("Z/D"), std::optional(TableAction::ZD));
        QVERIFY(!parseTableAction("Q"));
        QCOMPARE(QString::fromStdString(TagPattern::parse("(60xx,3000)")->toString()),
                 QString("(60xx,3000)"));
    }

    void levelsCarryTheirOptions() {
        const Profile pub = Profile::standard(ReleaseLevel::Publication);
        QVERIFY(pub.options.has(Option::CleanDescriptors));
        QVERIFY(pub.options.has(Option::CleanStructuredContent));
        QVERIFY(pub.options.has(Option::CleanGraphics));
        QVERIFY(!pub.options.has(Option::RetainLongitudinalModifiedDates));
        QVERIFY(!pub.keepsMapping());
        const Profile lim = Profile::standard(ReleaseLevel::Limited);
        QVERIFY(lim.options.has(Option::RetainLongitudinalModifiedDates));
        QVERIFY(lim.keepsMapping());
    }

    void readsAFullProfile() {
        const Profile p = Profile::fromJson(R"J({
            "veilProfile": 1, "name": "Trial 7", "base": "ps3.15", "level": "limited",
            "options": {"retainPatientCharacteristics": true, "cleanGraphics": false},
            "overrides": [
              {"keyword": "InstitutionName", "action": "D", "value": "TRIAL SITE 7"},
              {"tag": "(0010,1010)", "action": "K"},
              {"tag": "(60xx,0022)", "action": "X"},
              {"privateCreator": "ACME 1.1", "tag": "(0019,xx10)", "action": "K"}
            ]})J",
                                            "trial.json");
        QCOMPARE(QString::fromStdString(p.name), QString("Trial 7"));
        QCOMPARE(p.level, ReleaseLevel::Limited);
        QVERIFY(p.options.has(Option::RetainPatientCharacteristics));
        QVERIFY(p.options.has(Option::RetainLongitudinalModifiedDates));
        QVERIFY(!p.options.has(Option::CleanGraphics));
        QCOMPARE(int(p.overrides.size()), 4);

        ElementValue inst;
        inst.path.steps = {{tags::InstitutionName, -1}};
        QCOMPARE(p.findOverride(inst)->value, std::optional<std::string>("TRIAL SITE 7"));
        ElementValue overlay;
        overlay.path.steps = {{Tag(0x6004, 0x0022), -1}};
        QVERIFY(p.findOverride(overlay));
        ElementValue priv;
        priv.path.steps = {{Tag(0x0019, 0x1310), -1}};
        priv.privateCreator = "acme 1.1";
        QVERIFY(p.findOverride(priv));
        priv.privateCreator = "OTHER";
        QVERIFY(!p.findOverride(priv));
    }

    void malformedProfilesNameTheKey_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << "{ nope"
                                  << "not valid JSON";
        QTest::newRow("not object") << "[1]"
                                    << "must be a JSON object";
        QTest::newRow("unknown key") << R"J({"levle": "limited"})J"
                                     << "levle: unknown key";
        QTest::newRow("bad level") << R"J({"level": "secret"})J"
                                   << "level: 'secret' is not a release level";
        QTest::newRow("bad option") << R"J({"options": {"retainNames": true}})J"
                                    << "options.retainNames: not a PS3.15 option";
        QTest::newRow("option not bool") << R"J({"options": {"cleanGraphics": "yes"}})J"
                                         << "options.cleanGraphics: must be true or false";
        QTest::newRow("both dates")
            << R"J({"options": {"retainLongitudinalFullDates": true, "retainLongitudinalModifiedDates": true}})J"
            << "options: retainLongitudinalFullDates and retainLongitudinalModifiedDates exclude";
        QTest::newRow("bad action") << R"J({"overrides": [{"tag": "(0010,0010)", "action": "Q"}]})J"
                                    << "overrides[0].action: 'Q' is not an action";
        QTest::newRow("bad tag") << R"J({"overrides": [{"tag": "(0010,00G0)", "action": "X"}]})J"
                                 << "overrides[0].tag: '(0010,00G0)' is not a tag";
        QTest::newRow("bad keyword")
            << R"J({"overrides": [{"keyword": "PatientNaem", "action": "X"}]})J"
            << "overrides[0].keyword: 'PatientNaem' is not a DICOM keyword";
        QTest::newRow("value without D")
            << R"J({"overrides": [{"tag": "(0010,0010)", "action": "Z", "value": "A"}]})J"
            << "overrides[0].value: a replacement value needs action \"D\"";
        QTest::newRow("tag and keyword")
            << R"J({"overrides": [{"tag": "(0010,0010)", "keyword": "PatientName", "action": "X"}]})J"
            << "overrides[0]: give exactly one of";
        QTest::newRow("private without creator")
            << R"J({"overrides": [{"tag": "(0019,1010)", "action": "K"}]})J"
            << "give its \"privateCreator\" too";
        QTest::newRow("creator in even group")
            << R"J({"overrides": [{"privateCreator": "A", "tag": "(0018,xx10)", "action": "K"}]})J"
            << "overrides[0].tag: '(0018,xx10)' is in an even group";
        QTest::newRow("override key typo")
            << R"J({"overrides": [{"tag": "(0010,0010)", "acton": "X"}]})J"
            << "overrides[0].acton: unknown key";
        QTest::newRow("overrides not array") << R"J({"overrides": {}})J"
                                             << "overrides: must be an array";
        QTest::newRow("bad base") << R"J({"base": "hipaa"})J"
                                  << "base: 'hipaa' is not a known base";
        QTest::newRow("missing table")
            << R"J({"table": "nowhere.json", "safePrivateTable": "nowhere2.json"})J"
            << "nowhere.json: cannot be read: ";
    }

    void malformedProfilesNameTheKey() {
        QFETCH(QString, json);
        QFETCH(QString, expected);
        try {
            Profile::fromJson(json.toStdString(), "my-profile.json");
            QFAIL("accepted a malformed profile");
        } catch (const Error& e) {
            const QString message = e.what();
            QVERIFY2(message.contains(expected), qPrintable(message));
            if (!expected.contains("nowhere"))
                QVERIFY2(message.startsWith("my-profile.json: "), qPrintable(message));
        }
    }

    void tablesCanComeFromFiles() {
        const std::string dir = VEIL_SOURCE_DIR "/profiles/";
        const auto t = StandardTables::load(dir + "ps315-e1-1.json", dir + "safe-private.json");
        QCOMPARE(int(t->rows().size()), 656);
        try {
            StandardTables::fromJson(
                R"J({"edition": "x", "privateAttributes": {"basic": "X"}, "rows": [{"tag": "(0010,0010)", "basic": "W"}]})J",
                "t.json", R"J({"rows": []})J", "s.json");
            QFAIL("accepted a bad table");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("t.json: rows[0].basic"), e.what());
        }
    }

    void switchingLevelKeepsAddedOptions() {
        Profile p = Profile::standard(ReleaseLevel::Publication);
        p.options.add(Option::RetainPatientCharacteristics);
        p.switchLevel(ReleaseLevel::Limited);
        QVERIFY(p.options.has(Option::RetainPatientCharacteristics));
        QVERIFY(p.options.has(Option::RetainLongitudinalModifiedDates));
        QVERIFY(p.keepsMapping());
    }

    void optionNames() {
        QCOMPARE(optionFromName("retain-safe-private"), std::optional(Option::RetainSafePrivate));
        QCOMPARE(optionFromName("Clean Descriptors Option"),
                 std::optional(Option::CleanDescriptors));
        QCOMPARE(optionFromName("retainUIDs"), std::optional(Option::RetainUIDs));
        QVERIFY(!optionFromName("retain-everything"));
        QCOMPARE(QString::fromStdString(methodCode(Option::CleanGraphics).value),
                 QString("113103"));
        QCOMPARE(QString::fromStdString(basicProfileCode().value), QString("113100"));
    }
};

QTEST_GUILESS_MAIN(TestDeidProfile)
#include "tst_deidprofile.moc"
