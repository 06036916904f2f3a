#include "identity/IdentifierSet.h"
#include "identity/TextNormalise.h"

#include <QTest>

using namespace veil;

class TestIdentifierSet : public QObject {
    Q_OBJECT

    static IdentifierSet sample() {
        IdentifierSet s;
        s.add(Identifier::Kind::Name, "PatientName", "SMITH^JOHN^A");
        s.add(Identifier::Kind::Id, "PatientID", "NHS-482-193-2210");
        s.add(Identifier::Kind::Date, "PatientBirthDate", "19610713");
        s.add(Identifier::Kind::Text, "InstitutionName", "St Elsewhere General Hospital");
        s.add(Identifier::Kind::Age, "PatientAge", "065Y");
        return s;
    }

private slots:
    void findsForms_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("attribute");
        QTest::newRow("name any order") << "Pt john smith"
                                        << "PatientName";
        QTest::newRow("name comma") << "SMITH, JOHN"
                                    << "PatientName";
        QTest::newRow("id no separators") << "ID 4821932210NHS"
                                          << ""; // different order: must not match
        QTest::newRow("id spaces") << "ID: NHS 482 193 2210"
                                   << "PatientID";
        QTest::newRow("id plain") << "NHS4821932210"
                                  << "PatientID";
        QTest::newRow("date iso") << "1961-07-13"
                                  << "PatientBirthDate";
        QTest::newRow("date uk") << "DOB 13/07/1961"
                                 << "PatientBirthDate";
        QTest::newRow("date us") << "07/13/1961"
                                 << "PatientBirthDate";
        QTest::newRow("date mon") << "13-Jul-1961"
                                  << "PatientBirthDate";
        QTest::newRow("date mon spaced") << "13 Jul 1961"
                                         << "PatientBirthDate";
        QTest::newRow("date y mon d") << "1961 Jul 13"
                                      << "PatientBirthDate";
        QTest::newRow("date dots") << "13.07.1961"
                                   << "PatientBirthDate";
        QTest::newRow("date compact") << "19610713"
                                      << "PatientBirthDate";
        QTest::newRow("institution word") << "ELSEWHERE RADIOLOGY"
                                          << "InstitutionName";
        QTest::newRow("age") << "65 years"
                             << "PatientAge";
        QTest::newRow("not inside a word") << "SMITHFIELD"
                                           << "";
        QTest::newRow("clinical words") << "CT CHEST WITH CONTRAST"
                                        << "";
        QTest::newRow("common word alone") << "General ward"
                                           << "";
    }
    void findsForms() {
        QFETCH(QString, text);
        QFETCH(QString, attribute);
        const auto hits = sample().findIn(text.toStdString());
        if (attribute.isEmpty()) {
            QVERIFY2(hits.empty(),
                     qPrintable(QString::fromStdString(hits.empty() ? "" : hits[0].needle)));
        } else {
            QVERIFY(!hits.empty());
            QCOMPARE(QString::fromStdString(hits.front().attribute), attribute);
        }
    }

    // Values devices fill in when they have none, and the words of a company's name, name no
    // one: found in another device's header they are no leak (real samples taught this).
    void placeholdersAndCompanyWordsNameNobody() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Id, "AccessionNumber", "0000");
        ids.add(Identifier::Kind::Id, "DeviceSerialNumber", "0");
        ids.add(Identifier::Kind::Text, "InstitutionName", "Philips Medical Systems");
        QVERIFY(ids.findIn("ImageOrientation 0\\0\\0\\0 rows 0000").empty());
        QVERIFY(ids.findIn("GE HealthCare Systems").empty());
        QCOMPARE(int(ids.findIn("Philips").size()), 1); // the name itself still counts
    }

    void cleansDescriptors() {
        std::vector<IdentifierMatch> removed;
        const std::string out = sample().clean("CT CHEST for SMITH follow-up", &removed);
        QCOMPARE(QString::fromStdString(out), QString("CT CHEST for follow-up"));
        QCOMPARE(int(removed.size()), 1);
        QCOMPARE(QString::fromStdString(sample().clean("Pt John Smith DOB 13/07/1961")),
                 QString("Pt DOB"));
    }

    void ocrTolerance_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("match");
        QTest::newRow("O for 0") << "NHS-482-I93-22IO" << true;
        QTest::newRow("S for 5 in name") << "5MITH J" << true;
        QTest::newRow("one edit in long id") << "NHS-482-193-2211" << true;
        QTest::newRow("short word exact only") << "JON" << false;
        QTest::newRow("unrelated") << "C5-2 MI 0.9 TIS 0.4" << false;
    }
    void ocrTolerance() {
        QFETCH(QString, text);
        QFETCH(bool, match);
        QCOMPARE(sample().matchOcr(text.toStdString()).has_value(), match);
    }

    void approximateFindReportsSpan() {
        const auto hit = approximateFind("XXSMYTHXX", "SMITH", 1);
        QVERIFY(hit);
        QCOMPARE(int(hit->start), 2);
        QCOMPARE(int(hit->length), 5);
        QCOMPARE(hit->distance, 1);
    }

    void accentsFoldedToBaseLetters() {
        IdentifierSet s;
        s.add(Identifier::Kind::Name, "PatientName", "MÜLLER^JÜRGEN");
        QCOMPARE(QString::fromStdString(normalise("Müller Straße")), QString("MULLERSTRASSE"));
        QVERIFY(!s.findIn("seen by Dr Muller").empty());
        QVERIFY(!s.findIn("MÜLLER, Jürgen").empty());
        QVERIFY(s.matchOcr("MULLER*JURGEN").has_value());
        QCOMPARE(QString::fromStdString(s.clean("Pt Müller seen")), QString("Pt seen"));
    }

    void fromElementsTakesNamesAnywhere() {
        ElementValue pn;
        pn.vr = "PN";
        pn.value = "WHO^DOCTOR";
        pn.path.steps = {{Tag(0x0009, 0x1010), -1}};
        ElementValue id;
        id.keyword = "PatientID";
        id.vr = "LO";
        id.value = "A7734521";
        const IdentifierSet s = IdentifierSet::fromElements({pn, id});
        QCOMPARE(int(s.identifiers().size()), 2);
        QVERIFY(!s.findIn("seen by Dr Who").empty());
        QVERIFY(!s.findIn("a7734521").empty());
    }
};

QTEST_APPLESS_MAIN(TestIdentifierSet)
#include "tst_identifierset.moc"
