// Identifying patterns in free text (phone numbers, e-mail addresses, dates) and cleaning
// with them: what Clean Descriptors and Clean Structured Content remove beyond the header's
// own values, and what clinical text they must leave alone.
#include "identity/FreeText.h"
#include "identity/TextNormalise.h"

#include <QTest>

using namespace veil;

class TestDeidFreeText : public QObject {
    Q_OBJECT

private slots:
    void finds_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("found");
        QTest::addColumn<QString>("kind");
        QTest::newRow("uk mobile") << "contact 07700 900461 please"
                                   << "07700 900461"
                                   << "phone or ID number";
        QTest::newRow("uk landline") << "tel 0131 496 0821"
                                     << "0131 496 0821"
                                     << "phone or ID number";
        QTest::newRow("international") << "call +49 89 4961 2207."
                                       << "+49 89 4961 2207"
                                       << "phone or ID number";
        QTest::newRow("brackets") << "(0131) 496-0821 ext"
                                  << "(0131) 496-0821"
                                  << "phone or ID number";
        QTest::newRow("nhs number") << "NHS 4821932210"
                                    << "4821932210"
                                    << "NHS number";
        QTest::newRow("nhs number grouped") << "NHS no 943 476 5919."
                                            << "943 476 5919"
                                            << "NHS number";
        QTest::newRow("long id, bad checksum") << "ref 4821932211"
                                               << "4821932211"
                                               << "phone or ID number";
        QTest::newRow("uk mobile +44") << "mobile +44 7700 900123"
                                       << "+44 7700 900123"
                                       << "phone or ID number";
        QTest::newRow("postcode") << "lives at EH16 4SA now"
                                  << "EH16 4SA"
                                  << "postcode";
        QTest::newRow("postcode short") << "moved to M1 1AE"
                                        << "M1 1AE"
                                        << "postcode";
        QTest::newRow("postcode london") << "SW1A 1AA"
                                         << "SW1A 1AA"
                                         << "postcode";
        QTest::newRow("title") << "seen by Dr Castellano today"
                               << "Castellano"
                               << "name after a title";
        QTest::newRow("title with initial") << "per Prof. J. Mbeki"
                                            << "J. Mbeki"
                                            << "name after a title";
        QTest::newRow("title in capitals") << "REVIEWED BY DR OKONJO"
                                           << "OKONJO"
                                           << "name after a title";
        QTest::newRow("nurse") << "Sister Agnes Doyle present"
                               << "Agnes Doyle"
                               << "name after a title";
        QTest::newRow("relation") << "Lives with daughter Jane Whitfield, mobile"
                                  << "Jane Whitfield"
                                  << "name after a relation";
        QTest::newRow("relation with comma") << "next of kin: husband, Tomasz"
                                             << "Tomasz"
                                             << "name after a relation";
        QTest::newRow("relation named") << "son named Kwame attends"
                                        << "Kwame"
                                        << "name after a relation";
        QTest::newRow("uk date") << "seen 02/04/2024 in clinic"
                                 << "02/04/2024"
                                 << "date";
        QTest::newRow("iso date") << "on 2024-04-02"
                                  << "2024-04-02"
                                  << "date";
        QTest::newRow("dotted date") << "am 13.07.61 geboren"
                                     << "13.07.61"
                                     << "date";
        QTest::newRow("word date") << "Scan 2 Apr 2024 done"
                                   << "2 Apr 2024"
                                   << "date";
        QTest::newRow("month first") << "April 2, 2024"
                                     << "April 2, 2024"
                                     << "date";
        QTest::newRow("ordinal day") << "born July 13th, 1961 at home"
                                     << "July 13th, 1961"
                                     << "date";
        QTest::newRow("year first in words") << "scan 1961 Jul 13 done"
                                             << "1961 Jul 13"
                                             << "date";
        QTest::newRow("email") << "mail j.smith@nhs.example.uk now"
                               << "j.smith@nhs.example.uk"
                               << "e-mail address";
    }
    void finds() {
        QFETCH(QString, text);
        QFETCH(QString, found);
        QFETCH(QString, kind);
        const std::string t = text.toStdString();
        const auto hits = findIdentifyingPatterns(t);
        QCOMPARE(int(hits.size()), 1);
        QCOMPARE(QString::fromStdString(t.substr(hits[0].pos, hits[0].len)), found);
        QCOMPARE(QString::fromStdString(hits[0].attribute), kind);
    }

    void leavesClinicalTextAlone_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("window") << "W 400 L 40";
        QTest::newRow("technique") << "120 kV 250 mAs 0.625 mm";
        QTest::newRow("matrix") << "512 x 512";
        QTest::newRow("decimal") << "SUV max 12.345678";
        QTest::newRow("version") << "syngo CT VA40A V1.2.3";
        QTest::newRow("ratio") << "Lossy compression ratio 10.1234567";
        QTest::newRow("not a date") << "T2 13/45 slices";
        QTest::newRow("series") << "Series 3 of 12, slice 1.25";
        QTest::newRow("short number") << "Room 123-456";
        QTest::newRow("relation, no name") << "Lives with daughter, independent";
        QTest::newRow("relation, lower case") << "mother has diabetes";
        QTest::newRow("title, no name") << "discussed with the Dr and the nurse";
        QTest::newRow("vertebra") << "L4 5 disc bulge, C5/6 stenosis";
        QTest::newRow("sizes") << "T2 3mm lesion, 4cm";
    }
    void leavesClinicalTextAlone() {
        QFETCH(QString, text);
        const auto hits = findIdentifyingPatterns(text.toStdString());
        QVERIFY2(hits.empty(), hits.empty() ? "" : hits[0].needle.c_str());
    }

    // Text read off a screen (the OCR matcher): the same patterns with OCR's tolerance.
    void screenTextIsReadWithOcrTolerance_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("typedDate");
        QTest::addColumn<bool>("screenDate");
        QTest::addColumn<bool>("screenDigits");
        QTest::newRow("label run into the date") << "DOB01/02/1990" << false << true << false;
        QTest::newRow("separators misread") << "02/03-55" << false << true << false;
        QTest::newRow("space read as backslash") << "1955 Jul\\13" << false << true << false;
        QTest::newRow("six-digit id") << "ID 482193" << false << false << true;
        QTest::newRow("digits spaced by OCR") << "4 8 2 1 9 3" << false << false << true;
        QTest::newRow("plain date") << "02/03/1955" << true << true << false;
        QTest::newRow("measurement") << "W 1500 L -600" << false << false << false;
        QTest::newRow("not a date") << "T2 13/45 slices" << false << false << false;
    }
    void screenTextIsReadWithOcrTolerance() {
        QFETCH(QString, text);
        QFETCH(bool, typedDate);
        QFETCH(bool, screenDate);
        QFETCH(bool, screenDigits);
        const std::string t = text.toStdString();
        QCOMPARE(containsDate(t, TextSource::Typed), typedDate);
        QCOMPARE(containsDate(t, TextSource::Screen), screenDate);
        QCOMPARE(containsDigitRun(t, TextSource::Screen), screenDigits);
    }

    // "Dr" misread off a screen ("Or P Walsh") names a person only in screen text: typed, "Or"
    // is the word, and the header cleaners keep it.
    void misreadTitlesOnlyOnScreen() {
        const auto names = [](const char* text, TextSource source) {
            std::string out;
            for (const IdentifierMatch& m : findNamesInContext(text, source))
                out += (out.empty() ? "" : "|") + m.needle;
            return QString::fromStdString(out);
        };
        QCOMPARE(names("Ref Or P Walsh", TextSource::Screen), QString("P Walsh"));
        QCOMPARE(names("Ref Or P Walsh", TextSource::Typed), QString());
        QCOMPARE(names("REF: OF L MOREAU", TextSource::Screen), QString("L MOREAU"));
        QCOMPARE(names("Ref De Okoye", TextSource::Screen), QString("Okoye"));
        QCOMPARE(names("AXIAL OR CORONAL", TextSource::Screen), QString());
        QCOMPARE(names("Left Or right", TextSource::Screen), QString());
        QCOMPARE(names("PART OF A SERIES", TextSource::Screen), QString());
        QCOMPARE(names("seen by Dr Castellano", TextSource::Screen), QString("Castellano"));
    }

    void cleansWithTheSetAndThePatterns() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Name, "PatientName", "SMITH^JOHN");
        std::vector<IdentifierMatch> removed;
        const std::string out = cleanFreeText(
            ids, "Lives with daughter, contact 07700 900461; Mr Smith seen 02/04/2024", &removed);
        QCOMPARE(QString::fromStdString(out), QString("Lives with daughter, contact Mr seen"));
        QCOMPARE(int(removed.size()), 3);
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "CT CHEST WITH CONTRAST")),
                 QString("CT CHEST WITH CONTRAST"));
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "ECG lead II SMITH^JOHN^A")),
                 QString("ECG lead II"));
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "A^B SMITH^JOHN^A^^")), QString("A^B"));
    }

    // The cases a new user found kept at publication (issue 11).
    void cleansNamesByWhatTheyAre() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Name, "PatientName", "OYELARAN^FOLAKE");
        ids.add(Identifier::Kind::Name, "ReferringPhysicianName", "CASTELLANO^MARCO");
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "Pt Oyelarann seen by Dr Castellano")),
                 QString("Pt seen by Dr"));
        QCOMPARE(QString::fromStdString(
                     cleanFreeText(ids, "Lives with daughter Jane Whitfield, mobile 07700 900123")),
                 QString("Lives with daughter mobile"));
        // a misspelt name is found whole-word only, with the same first letter
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "Folakee reviewed")),
                 QString("reviewed"));
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "Castellanos")), QString(""));
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "OYELA")), QString("OYELA"));
    }

    void misspeltNamesSpareClinicalWords() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Name, "PatientName", "MASON^ANIL");
        ids.add(Identifier::Kind::Name, "OperatorsName", "PATEL^HANA");
        // clinical words more than the tolerance away from a name stay
        QCOMPARE(QString::fromStdString(
                     cleanFreeText(ids, "Patella intact. Mass effect absent. Anal canal normal.")),
                 QString("Patella intact. Mass effect absent. Anal canal normal."));
    }

    // Descriptions and report sentences as scanners and radiologists write them: at least 95%
    // of their words survive cleaning with a realistic patient's identifiers, and every
    // identifier planted into them goes.
    void clinicalWordsSurvive() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Name, "PatientName", "HARTLEY^MARGARET^ANNE");
        ids.add(Identifier::Kind::Name, "ReferringPhysicianName", "OKAFOR^CHIDI");
        ids.add(Identifier::Kind::Id, "PatientID", "4857773456");
        ids.add(Identifier::Kind::Date, "PatientBirthDate", "19520314");
        ids.add(Identifier::Kind::Text, "InstitutionName", "St Elsewhere General Hospital");
        const char* clinical[] = {
            "CT CHEST ABDOMEN PELVIS WITH CONTRAST",
            "AX T2 FLAIR",
            "Sag T1 MPRAGE 1mm",
            "DWI b1000 ADC",
            "CTA Head and Neck",
            "MR Lumbar Spine without contrast",
            "US Abdomen complete",
            "XR Chest PA and Lateral",
            "Mammo bilateral screening CC MLO",
            "PET CT whole body FDG",
            "Cor STIR",
            "Ax SWI",
            "CT Head non contrast 5mm",
            "No focal consolidation, pleural effusion or pneumothorax.",
            "Heart size is within normal limits.",
            "Mild degenerative change at L4/5 and L5/S1.",
            "There is a 12 mm nodule in the right upper lobe, unchanged since the prior study.",
            "Small left renal cyst, no further action.",
            "Appearances are in keeping with a simple ovarian cyst.",
            "Moderate disc bulge at C5/6 with mild foraminal narrowing.",
            "Liver, spleen, pancreas and adrenals are unremarkable.",
            "Recommend follow up CT in 3 months.",
            "Clinical history: cough for six weeks, smoker.",
            "Patient positioned supine, arms raised.",
            "Motion artefact limits assessment.",
            "Portal venous phase",
            "Arterial phase 25 s",
            "Delayed images at 10 minutes",
            "Right knee: joint effusion, no fracture.",
            "Query appendicitis",
            "Post operative changes, sternotomy wires intact.",
            "Bilateral hilar lymphadenopathy",
            "Fatty liver",
            "Gallbladder contains multiple calculi.",
            "Normal study",
            "Left ventricle mildly dilated, ejection fraction 45%.",
            "Mitral regurgitation moderate",
            "Scan performed with reduced dose protocol.",
            "Thyroid nodule TIRADS 3",
            "Bone age consistent with chronological age.",
            "Crohn disease, terminal ileum thickening",
            "Parkinson protocol DaTscan",
            "Alzheimer disease assessment volumetry",
            "Hodgkin lymphoma staging",
            "Baker cyst in the popliteal fossa",
            "Colles fracture of the distal radius",
            "Paget disease of the pelvis",
        };
        int words = 0, kept = 0;
        for (const char* text : clinical) {
            const std::vector<std::string> before = splitWords(text);
            const std::vector<std::string> after = splitWords(cleanFreeText(ids, text));
            words += int(before.size());
            kept += int(after.size());
        }
        const double share = double(kept) / words;
        QVERIFY2(share >= 0.95, std::to_string(share).c_str());
        const char* planted[] = {
            "CT CHEST for Hartley",
            "Dr Okafor reviewed",
            "MRN 485 777 3456 follow up",
            "DOB 14/03/1952",
            "seen at St Elsewhere General Hospital",
            "Pt Hartly anxious",
            "daughter Susan Hartley present",
            "call 07700 900456",
            "contact m.hartley@example.org",
        };
        for (const char* text : planted) {
            const std::string out = cleanFreeText(ids, text);
            for (const char* gone : {"Hartley", "Hartly", "Okafor", "3456", "1952", "Elsewhere",
                                     "Susan", "07700", "example"})
                QVERIFY2(out.find(gone) == std::string::npos,
                         (std::string(text) + " -> " + out).c_str());
        }
    }

    void commonWordValuesNameNobody() {
        IdentifierSet ids;
        ids.add(Identifier::Kind::Text, "InstitutionalDepartmentName", "Radiology");
        ids.add(Identifier::Kind::Text, "StationName", "EDI-CT02");
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "Radiology report")),
                 QString("Radiology report"));
        QCOMPARE(QString::fromStdString(cleanFreeText(ids, "acquired on EDI-CT02")),
                 QString("acquired on"));
    }
};

QTEST_GUILESS_MAIN(TestDeidFreeText)
#include "tst_deidfreetext.moc"
