// A review's profile choice as settings and as a Profile: canonical storage (differences from
// the level), the longitudinal options' exclusion, overrides as the profile file's array, and
// errors named like a profile file's.
#include "common/Error.h"
#include "review/ReviewProfile.h"

#include <QJsonArray>
#include <QTest>

using namespace veil;

class TestReviewProfile : public QObject {
    Q_OBJECT

private slots:
    void defaultChoiceIsTheStandardProfile() {
        const ProfileChoice none;
        const ProfileSettings s = settingsFromChoice(none);
        QCOMPARE(s.level, ReleaseLevel::Publication);
        QVERIFY(s.options == defaultOptions(ReleaseLevel::Publication));
        QVERIFY(choiceFromSettings(s) == none); // an untouched review stores nothing new
        const Profile p = profileFromChoice(none);
        const Profile standard = Profile::standard(ReleaseLevel::Publication);
        QCOMPARE(p.name, standard.name);
        QVERIFY(p.options == standard.options);
        QVERIFY(p.overrides.empty());
    }

    // The reports' header-only fallback is chosen in review like an option and stored as
    // the CLI names it; the Profile the planner runs carries it (and its digest changes).
    void reportNoticeIsChosenInReview() {
        ProfileSettings s;
        QVERIFY(!s.replaceEncapsulatedDocuments);
        QVERIFY(!profileFromChoice(choiceFromSettings(s)).replaceEncapsulatedDocuments);
        s.replaceEncapsulatedDocuments = true;
        const ProfileChoice c = choiceFromSettings(s);
        QCOMPARE(c.options, std::vector<std::string>{"replace-encapsulated-documents"});
        QVERIFY(settingsFromChoice(c) == s);
        QVERIFY(profileFromChoice(c).replaceEncapsulatedDocuments);
        ProfileChoice off = c;
        off.options = {"no-replace-encapsulated-documents"};
        QVERIFY(!profileFromChoice(off).replaceEncapsulatedDocuments);
    }

    void optionsAreStoredAsDifferences_data() {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QStringList>("add");
        QTest::addColumn<QStringList>("remove");
        QTest::addColumn<QStringList>("stored");
        QTest::newRow("publication + uids") << "publication" << QStringList{"retainUIDs"}
                                            << QStringList{} << QStringList{"retainUIDs"};
        QTest::newRow("publication - graphics")
            << "publication" << QStringList{} << QStringList{"cleanGraphics"}
            << QStringList{"no-cleanGraphics"};
        QTest::newRow("limited defaults")
            << "limited" << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("limited, full dates")
            << "limited" << QStringList{"retainLongitudinalFullDates"}
            << QStringList{"retainLongitudinalModifiedDates"}
            << QStringList{"retainLongitudinalFullDates", "no-retainLongitudinalModifiedDates"};
    }
    void optionsAreStoredAsDifferences() {
        QFETCH(QString, level);
        QFETCH(QStringList, add);
        QFETCH(QStringList, remove);
        QFETCH(QStringList, stored);
        ProfileSettings s;
        s.level = *levelFromName(level.toStdString());
        s.options = defaultOptions(s.level);
        for (const QString& o : add)
            s.options.add(*optionFromName(o.toStdString()));
        for (const QString& o : remove)
            s.options.remove(*optionFromName(o.toStdString()));
        const ProfileChoice c = choiceFromSettings(s);
        QStringList got;
        for (const std::string& o : c.options)
            got << QString::fromStdString(o);
        QCOMPARE(got, stored);
        QVERIFY(settingsFromChoice(c) == s);
        QVERIFY(profileFromChoice(c).options == s.options);
    }

    void chosenLongitudinalOptionBeatsTheLevels() {
        ProfileChoice c;
        c.level = ReleaseLevel::Limited;
        c.options = {"retainLongitudinalFullDates"};
        const ProfileSettings s = settingsFromChoice(c);
        QVERIFY(s.options.has(Option::RetainLongitudinalFullDates));
        QVERIFY(!s.options.has(Option::RetainLongitudinalModifiedDates));
        QVERIFY(profileFromChoice(c).options.has(Option::RetainLongitudinalFullDates));
    }

    void overridesRoundTrip() {
        std::vector<OverrideRow> rows = {
            {"InstitutionName", "", TableAction::D, "TRIAL SITE 7", ""},
            {"(0010,1010)", "", TableAction::K, "", "age is needed"},
            {"(0019,xx23)", "SIEMENS CT VA0  COAD", TableAction::XZU, "", ""},
            {"", "", TableAction::X, "", ""}, // being typed: left out
        };
        const QJsonObject json = overridesJson(rows);
        const QJsonArray list = json.value("overrides").toArray();
        QCOMPARE(list.size(), 3);
        QCOMPARE(list[0].toObject().value("keyword").toString(), QString("InstitutionName"));
        QCOMPARE(list[1].toObject().value("tag").toString(), QString("(0010,1010)"));
        QCOMPARE(list[2].toObject().value("privateCreator").toString(),
                 QString("SIEMENS CT VA0  COAD"));
        // The actions in core's one spelling (parseTableAction / toString).
        QCOMPARE(list[0].toObject().value("action").toString(), QString("D"));
        QCOMPARE(list[2].toObject().value("action").toString(), QString("X/Z/U*"));
        rows.pop_back();
        QVERIFY(overrideRows(json) == rows);
        ProfileChoice c;
        c.overrides = json;
        const Profile p = profileFromChoice(c);
        QCOMPARE(int(p.overrides.size()), 3);
        QCOMPARE(*p.overrides[0].value, std::string("TRIAL SITE 7"));
        QVERIFY(p.name.find("adjusted") != std::string::npos);
        QVERIFY(overridesJson({}).isEmpty());
    }

    // A stored action that is not one: no row for the panel (it cannot show it), while
    // profileFromChoice names the entry (errorsNameTheProblem).
    void anUnknownActionIsNoRow() {
        const QJsonObject stored{
            {"overrides", QJsonArray{QJsonObject{{"keyword", "PatientAge"}, {"action", "Q"}},
                                     QJsonObject{{"keyword", "PatientSex"}, {"action", "k"}}}}};
        const std::vector<OverrideRow> rows = overrideRows(stored);
        QCOMPARE(int(rows.size()), 1);
        QCOMPARE(rows[0].target, std::string("PatientSex"));
        QVERIFY(rows[0].action == TableAction::K);
    }

    void errorsNameTheProblem_data() {
        QTest::addColumn<QString>("level");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("option") << "publication" << QStringList{"retainNames"} << QString()
                                << QString() << QString() << "'retainNames' is not a PS3.15 option";
        QTest::newRow("keyword") << "publication" << QStringList{} << "NoSuchKeyword"
                                 << "X" << QString() << "overrides[0].keyword: 'NoSuchKeyword'";
        QTest::newRow("action") << "publication" << QStringList{} << "PatientAge"
                                << "Q" << QString() << "overrides[0].action";
        QTest::newRow("value without D") << "publication" << QStringList{} << "PatientAge"
                                         << "K"
                                         << "42"
                                         << "needs action \"D\"";
    }
    void errorsNameTheProblem() {
        QFETCH(QString, level);
        QFETCH(QStringList, options);
        QFETCH(QString, target);
        QFETCH(QString, action);
        QFETCH(QString, value);
        QFETCH(QString, message);
        ProfileChoice c;
        c.level = *levelFromName(level.toStdString());
        for (const QString& o : options)
            c.options.push_back(o.toStdString());
        if (!target.isEmpty()) { // as a review file stores it (the action as written)
            QJsonObject o{{"keyword", target}, {"action", action}};
            if (!value.isEmpty())
                o.insert("value", value);
            c.overrides = QJsonObject{{"overrides", QJsonArray{o}}};
        }
        try {
            profileFromChoice(c);
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("review profile: "), e.what());
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_MAIN(TestReviewProfile)
#include "tst_reviewprofile.moc"
