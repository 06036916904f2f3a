// The planner's behaviour on hand-built element lists: compound actions by IOD type, nested
// sequences, UID consistency, private creators, overlays, cleaning of descriptors, structured
// content and graphics, dates, the de-identification record and the plan as a value.
#include "deid/DeidPlanner.h"
#include "deid/Pseudonyms.h"
#include "dicom/Dictionary.h"

#include <QJsonObject>
#include <QTest>

using namespace veil;

namespace {

const std::string kCt = "1.2.840.10008.5.1.4.1.1.2";
const std::string kEnhancedCt = "1.2.840.10008.5.1.4.1.1.2.1";
const std::string kSr = "1.2.840.10008.5.1.4.1.1.88.22";
const std::string kGsps = "1.2.840.10008.5.1.4.1.1.11.1";

// Elements in file order; a path is a list of (tag, item) steps.
class Elements {
public:
    Elements& add(std::vector<PathStep> steps, const std::string& vr, const std::string& value,
                  int items = 0, const std::string& creator = {}) {
        ElementValue e;
        e.path.steps = std::move(steps);
        e.vr = vr;
        const Tag t = e.path.leaf();
        e.keyword =
            t.isPrivate() ? (t.isPrivateCreator() ? "PrivateCreator" : "") : keywordForTag(t);
        e.value = value;
        e.items = items;
        e.privateCreator = creator;
        m_list.push_back(std::move(e));
        return *this;
    }
    Elements& top(Tag t, const std::string& vr, const std::string& value) {
        return add({{t, -1}}, vr, value);
    }
    const std::vector<ElementValue>& list() const { return m_list; }

private:
    std::vector<ElementValue> m_list;
};

Elements patient(const std::string& sopClass) {
    Elements e;
    e.top(Tag(0x0002, 0x0003), "UI", "1.2.999.1.3")
        .top(Tag(0x0002, 0x0016), "AE", "SCANNER_AE")
        .top(tags::SOPClassUID, "UI", sopClass)
        .top(tags::SOPInstanceUID, "UI", "1.2.999.1.3")
        .top(tags::StudyDate, "DA", "20210304")
        .top(Tag(0x0008, 0x0021), "DA", "20210304")
        .top(Tag(0x0008, 0x0023), "DA", "20210305")
        .top(tags::AccessionNumber, "SH", "ACC-55123")
        .top(tags::InstitutionName, "LO", "St Elsewhere General Hospital")
        .top(Tag(0x0008, 0x0090), "PN", "JONES^ALICE")
        .top(tags::StudyDescription, "LO", "CT CHEST for SMITH follow-up 2021-03-04")
        .top(tags::SeriesDescription, "LO", "AXIAL 1mm")
        .top(tags::PatientName, "PN", "SMITH^JOHN^A")
        .top(tags::PatientID, "LO", "NHS-482-193-2210")
        .top(tags::PatientBirthDate, "DA", "19610713")
        .top(tags::PatientSex, "CS", "M")
        .top(Tag(0x0018, 0x1000), "LO", "SN-77812")
        .top(tags::StudyInstanceUID, "UI", "1.2.999.1")
        .top(tags::SeriesInstanceUID, "UI", "1.2.999.1.2")
        .top(Tag(0x0020, 0x0052), "UI", "1.2.999.1.9");
    return e;
}

ProjectKey key(std::uint8_t fill) {
    ProjectKey::Bytes b{};
    b.fill(fill);
    return ProjectKey::fromBytes(b);
}

const ElementChange& row(const DeidPlan& plan, const std::string& path) {
    for (const ElementChange& c : plan.changes)
        if (c.path.toString() == path)
            return c;
    static ElementChange none;
    QTest::qFail(("no row " + path).c_str(), __FILE__, __LINE__);
    return none;
}

DeidPlan planOf(const Elements& e, Profile profile = Profile::standard(ReleaseLevel::Publication),
                std::uint8_t k = 1) {
    return DeidPlanner(std::move(profile), key(k)).plan(e.list(), "test.dcm");
}

} // namespace

class TestDeidPlanner : public QObject {
    Q_OBJECT

private slots:
    void everyElementHasARow() {
        const Elements e = patient(kCt);
        const DeidPlan plan = planOf(e);
        QVERIFY(plan.changes.size() >= e.list().size());
        for (std::size_t i = 0; i < e.list().size(); ++i) {
            QCOMPARE(plan.changes[i].path, e.list()[i].path);
            QVERIFY(!plan.changes[i].rule.empty());
        }
    }

    void compoundActionsFollowTheIod() {
        // Device Serial Number is X/Z/D: Type 3 in General Equipment, Type 1 in Enhanced.
        QCOMPARE(row(planOf(patient(kCt)), "(0018,1000)").action, Action::Remove);
        const ElementChange enhanced = row(planOf(patient(kEnhancedCt)), "(0018,1000)");
        QCOMPARE(enhanced.action, Action::Dummy);
        QVERIFY(enhanced.rule.find("Type 1") != std::string::npos);
        // Content Date is Z/D: Type 2 in image IODs, Type 1 in SR documents.
        QCOMPARE(row(planOf(patient(kCt)), "(0008,0023)").action, Action::Empty);
        QCOMPARE(row(planOf(patient(kSr)), "(0008,0023)").action, Action::Dummy);
        QCOMPARE(QString::fromStdString(row(planOf(patient(kSr)), "(0008,0023)").after),
                 QString("19000101"));
        // Institution Name X/Z/D, Type 3: removed.
        QCOMPARE(row(planOf(patient(kCt)), "(0008,0080)").action, Action::Remove);
    }

    void typeOneAttributesKeepAValue() {
        Elements e = patient(kGsps);
        e.top(Tag(0x0070, 0x0082), "DA",
              "20210304"); // Presentation Creation Date: X, but Type 1 in GSPS
        const ElementChange c = row(planOf(e), "(0070,0082)");
        QCOMPARE(c.action, Action::Dummy);
        QVERIFY(c.rule.find("keeps the object valid") != std::string::npos);
    }

    void patientGetsKeyedPseudonyms() {
        const DeidPlan plan = planOf(patient(kCt));
        const ElementChange id = row(plan, "(0010,0020)");
        const ElementChange name = row(plan, "(0010,0010)");
        QCOMPARE(id.action, Action::Pseudonym);
        QCOMPARE(name.action, Action::Pseudonym);
        QVERIFY(QString::fromStdString(id.after).startsWith("VEIL-"));
        QCOMPARE(id.after, name.after);
        QCOMPARE(row(planOf(patient(kCt), Profile::standard(ReleaseLevel::Publication), 1),
                     "(0010,0020)")
                     .after,
                 id.after);
        QVERIFY(row(planOf(patient(kCt), Profile::standard(ReleaseLevel::Publication), 2),
                    "(0010,0020)")
                    .after != id.after);
        // Publication empties the accession number; limited pseudonymises it.
        QCOMPARE(row(plan, "(0008,0050)").action, Action::Empty);
        const ElementChange acc =
            row(planOf(patient(kCt), Profile::standard(ReleaseLevel::Limited)), "(0008,0050)");
        QCOMPARE(acc.action, Action::Pseudonym);
        QVERIFY(acc.after.size() <= 16);
    }

    void uidsAreConsistentAtEveryDepth() {
        Elements e = patient(kCt);
        e.add({{Tag(0x0008, 0x1115), -1}}, "SQ", "", 1) // Referenced Series Sequence
            .add({{Tag(0x0008, 0x1115), 0}, {tags::SeriesInstanceUID, -1}}, "UI", "1.2.999.1.2")
            .add({{Tag(0x0008, 0x1115), 0}, {Tag(0x0008, 0x1140), -1}}, "SQ", "", 1)
            .add({{Tag(0x0008, 0x1115), 0}, {Tag(0x0008, 0x1140), 0}, {Tag(0x0008, 0x1150), -1}},
                 "UI", kCt)
            .add({{Tag(0x0008, 0x1115), 0}, {Tag(0x0008, 0x1140), 0}, {Tag(0x0008, 0x1155), -1}},
                 "UI", "1.2.999.1.3");
        const DeidPlan plan = planOf(e);
        const std::string series = row(plan, "(0020,000E)").after;
        const std::string sop = row(plan, "(0008,0018)").after;
        QVERIFY(QString::fromStdString(sop).startsWith("2.25."));
        QVERIFY(sop.size() <= 64);
        QCOMPARE(row(plan, "(0002,0003)").after, sop); // file meta follows the instance
        QCOMPARE(row(plan, "(0008,1115)[0].(0020,000E)").after, series);
        // Referenced Image Sequence is X/Z/U*; nested, its type is unknown: kept, its UIDs
        // replaced.
        QCOMPARE(row(plan, "(0008,1115)[0].(0008,1140)").action, Action::Keep);
        QCOMPARE(row(plan, "(0008,1115)[0].(0008,1140)[0].(0008,1155)").after, sop);
        QCOMPARE(row(plan, "(0008,1115)[0].(0008,1140)[0].(0008,1150)").action, Action::Keep);
        QCOMPARE(plan.uidMap.at("1.2.999.1.3"), sop);
        QCOMPARE(plan.uidMap.at("1.2.999.1.2"), series);
        QCOMPARE(row(plan, "(0008,0016)").action, Action::Keep); // a class UID
        // Same key, same UIDs; another key, other UIDs.
        QCOMPARE(row(planOf(e), "(0008,0018)").after, sop);
        QVERIFY(
            row(planOf(e, Profile::standard(ReleaseLevel::Publication), 9), "(0008,0018)").after !=
            sop);
        // Retain UIDs keeps them.
        Profile retain = Profile::standard(ReleaseLevel::Publication);
        retain.options.add(Option::RetainUIDs);
        QCOMPARE(row(planOf(e, retain), "(0008,0018)").action, Action::Keep);
    }

    void topLevelReferencedImagesAreRemappedWhenRequired() {
        Elements e = patient(kCt);
        e.add({{Tag(0x0008, 0x2112), -1}}, "SQ", "",
              1) // Source Image Sequence: X/Z/U*, Type 3 in images
            .add({{Tag(0x0008, 0x2112), 0}, {Tag(0x0008, 0x1155), -1}}, "UI", "1.2.999.1.3");
        QCOMPARE(row(planOf(e), "(0008,2112)").action, Action::Remove);
        Elements sr = patient(kSr);
        sr.add({{Tag(0x0040, 0xA375), -1}}, "SQ", "",
               1) // Current Requested Procedure Evidence: unlisted
            .add({{Tag(0x0040, 0xA375), 0}, {Tag(0x0008, 0x1155), -1}}, "UI", "1.2.999.1.3");
        const DeidPlan plan = planOf(sr);
        QCOMPARE(row(plan, "(0040,A375)[0].(0008,1155)").after, row(plan, "(0008,0018)").after);
    }

    void privateElementsAndCreators() {
        const auto tables = StandardTables::builtIn();
        const SafePrivateRow& safe = tables->safePrivateRows().front();
        Elements e = patient(kCt);
        const std::uint16_t g = safe.group;
        e.top(Tag(g, 0x0010), "LO", safe.privateCreator)
            .top(Tag(g, 0x0011), "LO", "OTHER VENDOR")
            .add({{Tag(g, std::uint16_t(0x1000 | safe.element)), -1}}, "DS", "2.5", 0,
                 safe.privateCreator)
            .add({{Tag(g, std::uint16_t(0x1100 | safe.element)), -1}}, "LO", "SMITH", 0,
                 "OTHER VENDOR");
        const std::string creator = Tag(g, 0x0010).toString(), other = Tag(g, 0x0011).toString();
        const std::string safeEl = Tag(g, std::uint16_t(0x1000 | safe.element)).toString();
        DeidPlan plan = planOf(e);
        QCOMPARE(row(plan, creator).action, Action::Remove);
        QCOMPARE(row(plan, safeEl).action, Action::Remove);
        Profile keepSafe = Profile::standard(ReleaseLevel::Publication);
        keepSafe.options.add(Option::RetainSafePrivate);
        plan = planOf(e, keepSafe);
        QCOMPARE(row(plan, creator).action, Action::Keep);
        QCOMPARE(row(plan, safeEl).action, Action::Keep);
        QCOMPARE(row(plan, other).action, Action::Remove);
        QCOMPARE(row(plan, Tag(g, std::uint16_t(0x1100 | safe.element)).toString()).action,
                 Action::Remove);
    }

    void overlaysGoWithTheirData() {
        Elements e = patient(kCt);
        e.top(Tag(0x6000, 0x0010), "US", "8")
            .top(Tag(0x6000, 0x0022), "LO", "Overlay of SMITH")
            .top(Tag(0x6000, 0x3000), "OW", "<8 bytes>")
            .top(Tag(0x5000, 0x0005), "US", "1");
        Profile basic = Profile::standard(ReleaseLevel::Publication);
        basic.options.remove(Option::CleanGraphics);
        DeidPlan plan = planOf(e, basic);
        for (const char* p : {"(6000,0010)", "(6000,0022)", "(6000,3000)", "(5000,0005)"})
            QCOMPARE(row(plan, p).action, Action::Remove);
        plan = planOf(e); // publication: Clean Graphics
        QCOMPARE(row(plan, "(6000,0010)").action, Action::Keep);
        QCOMPARE(row(plan, "(6000,3000)").action, Action::Blank);
        QCOMPARE(row(plan, "(6000,0022)").action, Action::Clean);
        QCOMPARE(QString::fromStdString(row(plan, "(6000,0022)").after), QString("Overlay of"));
    }

    void cleanDescriptorsKeepsClinicalWords() {
        const DeidPlan plan = planOf(patient(kCt));
        const ElementChange d = row(plan, "(0008,1030)");
        QCOMPARE(d.action, Action::Clean);
        QCOMPARE(QString::fromStdString(d.after), QString("CT CHEST for follow-up"));
        QVERIFY(d.rule.find("PatientName") != std::string::npos);
        QVERIFY(d.rule.find("StudyDate") != std::string::npos);
        QCOMPARE(row(plan, "(0008,103E)").action, Action::Keep); // nothing identifying in it
        Profile basic = Profile::standard(ReleaseLevel::Publication);
        basic.options.remove(Option::CleanDescriptors);
        QCOMPARE(row(planOf(patient(kCt), basic), "(0008,1030)").action, Action::Remove);
    }

    void unlistedTextWithIdentifiersIsCleaned() {
        Elements e = patient(kCt);
        e.top(Tag(0x0018, 0x1030), "LO", "CHEST SMITH") // Protocol Name: listed (X/D)
            .top(Tag(0x0018, 0x0015), "CS", "CHEST")
            .top(Tag(0x0018, 0x1210), "SH", "B30f")
            .top(Tag(0x0028, 0x3003), "LO", "LUT for JONES"); // LUT Explanation: unlisted
        const DeidPlan plan = planOf(e);
        QCOMPARE(row(plan, "(0018,1210)").action, Action::Keep);
        QCOMPARE(row(plan, "(0028,3003)").action, Action::Clean);
        QCOMPARE(QString::fromStdString(row(plan, "(0028,3003)").after), QString("LUT for"));
    }

    void structuredContentIsCleanedOrReplaced() {
        Elements e = patient(kSr);
        const Tag content(0x0040, 0xA730);
        e.add({{content, -1}}, "SQ", "", 2)
            .add({{content, 0}, {Tag(0x0040, 0xA040), -1}}, "CS", "TEXT")
            .add({{content, 0}, {Tag(0x0040, 0xA160), -1}}, "UT",
                 "Nodule seen; Mr John Smith informed")
            .add({{content, 1}, {Tag(0x0040, 0xA040), -1}}, "CS", "PNAME")
            .add({{content, 1}, {Tag(0x0040, 0xA123), -1}}, "PN", "SMITH^JOHN")
            .add({{content, 1}, {Tag(0x0040, 0xA124), -1}}, "UI", "1.2.999.1.3");
        DeidPlan plan = planOf(e);
        QCOMPARE(row(plan, "(0040,A730)[0].(0040,A160)").action, Action::Clean);
        QCOMPARE(QString::fromStdString(row(plan, "(0040,A730)[0].(0040,A160)").after),
                 QString("Nodule seen; Mr informed"));
        QCOMPARE(row(plan, "(0040,A730)[1].(0040,A123)").action, Action::Dummy);
        QCOMPARE(row(plan, "(0040,A730)[1].(0040,A124)").after, row(plan, "(0008,0018)").after);
        QCOMPARE(row(plan, "(0040,A730)[0].(0040,A040)").action, Action::Keep);
        Profile basic = Profile::standard(ReleaseLevel::Publication);
        basic.options.remove(Option::CleanStructuredContent);
        plan = planOf(e, basic);
        QCOMPARE(row(plan, "(0040,A730)").action, Action::Dummy);
        QCOMPARE(row(plan, "(0040,A730)[0].(0040,A160)").action, Action::Dummy);
        QCOMPARE(QString::fromStdString(row(plan, "(0040,A730)[0].(0040,A160)").after),
                 QString("ANONYMIZED"));
    }

    // TEXT items deep inside containers go through the generic free-text rules too: names after
    // a relation or a title, phone numbers and dates nobody's header holds.
    void nestedContentTextGetsTheFreeTextRules() {
        Elements e = patient(kSr);
        const Tag content(0x0040, 0xA730), text(0x0040, 0xA160);
        e.add({{content, -1}}, "SQ", "", 1)
            .add({{content, 0}, {content, -1}}, "SQ", "", 1)
            .add({{content, 0}, {content, 0}, {content, -1}}, "SQ", "", 1)
            .add({{content, 0}, {content, 0}, {content, 0}, {Tag(0x0040, 0xA040), -1}}, "CS",
                 "TEXT")
            .add({{content, 0}, {content, 0}, {content, 0}, {text, -1}}, "UT",
                 "Nodule stable. Discussed with daughter Jane Whitfield on 07712 345678 and "
                 "with Dr Castellano on 3 March 2021.");
        const DeidPlan plan = planOf(e);
        const ElementChange& c =
            row(plan, "(0040,A730)[0].(0040,A730)[0].(0040,A730)[0].(0040,A160)");
        QCOMPARE(c.action, Action::Clean);
        const QString after = QString::fromStdString(c.after);
        for (const char* gone : {"Jane", "Whitfield", "07712", "345678", "Castellano", "2021"})
            QVERIFY2(!after.contains(gone), qPrintable(after));
        QVERIFY2(after.startsWith("Nodule stable.") && after.contains("daughter"),
                 qPrintable(after));
    }

    void graphicsTextIsCleaned() {
        Elements e = patient(kGsps);
        const Tag annotations(0x0070, 0x0001), text(0x0070, 0x0008);
        e.add({{annotations, -1}}, "SQ", "", 1)
            .add({{annotations, 0}, {text, -1}}, "SQ", "", 1)
            .add({{annotations, 0}, {text, 0}, {Tag(0x0070, 0x0006), -1}}, "ST",
                 "Arrow: SMITH lesion");
        const std::string path = "(0070,0001)[0].(0070,0008)[0].(0070,0006)";
        DeidPlan plan = planOf(e);
        QCOMPARE(row(plan, path).action, Action::Clean);
        QCOMPARE(QString::fromStdString(row(plan, path).after), QString("Arrow: lesion"));
        Profile none = Profile::standard(ReleaseLevel::Publication);
        none.options = OptionSet{};
        QCOMPARE(row(planOf(e, none), path).action, Action::Dummy);
    }

    void removedSequencesTakeTheirItems() {
        Elements e = patient(kCt);
        e.add({{Tag(0x0088, 0x0200), -1}}, "SQ", "", 1) // Icon Image Sequence
            .add({{Tag(0x0088, 0x0200), 0}, {tags::Rows, -1}}, "US", "64")
            .add({{Tag(0x0088, 0x0200), 0}, {tags::PixelData, -1}}, "OB", "<4096 bytes>")
            .add({{Tag(0x0010, 0x1002), -1}}, "SQ", "", 1) // Other Patient IDs Sequence
            .add({{Tag(0x0010, 0x1002), 0}, {tags::PatientID, -1}}, "LO", "OTHER-1");
        const DeidPlan plan = planOf(e);
        for (const char* p :
             {"(0088,0200)", "(0088,0200)[0].(0028,0010)", "(0088,0200)[0].(7FE0,0010)",
              "(0010,1002)", "(0010,1002)[0].(0010,0020)"})
            QCOMPARE(row(plan, p).action, Action::Remove);
        QVERIFY(row(plan, "(0010,1002)[0].(0010,0020)").rule.find("removed with (0010,1002)") !=
                std::string::npos);
    }

    void datesShiftByOneOffsetPerPatient() {
        Profile limited = Profile::standard(ReleaseLevel::Limited);
        const DeidPlan plan = planOf(patient(kCt), limited);
        const int offset = plan.patient.dateOffsetDays;
        QVERIFY(offset <= -366 && offset >= -3650);
        QCOMPARE(row(plan, "(0008,0020)").action, Action::ShiftDate);
        QCOMPARE(row(plan, "(0008,0020)").after, *shiftDate("20210304", offset));
        QCOMPARE(row(plan, "(0008,0023)").after, *shiftDate("20210305", offset));
        QCOMPARE(row(plan, "(0010,0030)").action,
                 Action::Empty); // birth date: Z, no option keeps it
        QCOMPARE(planOf(patient(kCt), limited, 1).patient.dateOffsetDays, offset);
        QVERIFY(planOf(patient(kCt), limited, 5).patient.dateOffsetDays != offset);
        Profile full = Profile::standard(ReleaseLevel::Publication);
        full.options.add(Option::RetainLongitudinalFullDates);
        QCOMPARE(row(planOf(patient(kCt), full), "(0008,0020)").action, Action::Keep);
    }

    void recordsWhatWasDone() {
        Profile limited = Profile::standard(ReleaseLevel::Limited);
        limited.options.add(Option::RetainPatientCharacteristics);
        Elements e = patient(kCt);
        e.top(Tag(0x0012, 0x0062), "CS", "NO");
        const DeidPlan plan = planOf(e, limited);
        QCOMPARE(row(plan, "(0012,0062)").action, Action::Replace);
        QCOMPARE(row(plan, "(0012,0062)").after, std::string("YES"));
        QCOMPARE(row(plan, "(0028,0303)").after, std::string("MODIFIED"));
        QCOMPARE(row(plan, "(0012,0064)").action, Action::Insert);
        QStringList codes;
        for (const ElementChange& c : plan.changes)
            if (c.path.toString().find("(0012,0064)[") == 0 && c.path.leaf() == Tag(0x0008, 0x0100))
                codes << QString::fromStdString(c.after);
        QCOMPARE(codes, QStringList({"113100", "113108", "113107", "113105", "113104", "113103"}));
        QVERIFY(row(plan, "(0012,0063)").after.find("limited") != std::string::npos);
        QCOMPARE(row(planOf(patient(kCt)), "(0028,0303)").after, std::string("REMOVED"));
        DeidPlan more = plan;
        recordMethod(more, cleanPixelDataCode());
        QCOMPARE(row(more, "(0012,0064)[6].(0008,0100)").after, std::string("113101"));
        QCOMPARE(row(more, "(0012,0064)").after, std::string("<7 items>"));
    }

    void fileMetaNamesNoSender() {
        const DeidPlan plan = planOf(patient(kCt));
        QCOMPARE(row(plan, "(0002,0016)").action, Action::Remove);
    }

    void overridesWin() {
        Profile p =
            Profile::fromJson("{\"overrides\": [ {\"keyword\": \"InstitutionName\", \"action\": "
                              "\"D\", \"value\": \"TRIAL SITE 7\"}, {\"tag\": \"(0010,0040)\", "
                              "\"action\": \"K\"}, {\"tag\": \"(0008,103E)\", \"action\": \"X\"}]}",
                              "p.json");
        const DeidPlan plan = planOf(patient(kCt), p);
        QCOMPARE(row(plan, "(0008,0080)").action, Action::Replace);
        QCOMPARE(row(plan, "(0008,0080)").after, std::string("TRIAL SITE 7"));
        QCOMPARE(row(plan, "(0010,0040)").action, Action::Keep);
        QCOMPARE(row(plan, "(0008,103E)").action, Action::Remove);
        QVERIFY(row(plan, "(0008,0080)").rule.find("p.json: overrides[0]") != std::string::npos);
    }

    void planIsASerialisableValue() {
        Elements e = patient(kCt);
        e.add({{Tag(0x0008, 0x1115), -1}}, "SQ", "", 1)
            .add({{Tag(0x0008, 0x1115), 0}, {tags::SeriesInstanceUID, -1}}, "UI", "1.2.999.1.2");
        const DeidPlan plan = planOf(e, Profile::standard(ReleaseLevel::Limited));
        const DeidPlan back = DeidPlan::fromJson(plan.toJson());
        QCOMPARE(back.changes.size(), plan.changes.size());
        for (std::size_t i = 0; i < plan.changes.size(); ++i) {
            const ElementChange &a = plan.changes[i], &b = back.changes[i];
            QVERIFY(a.path == b.path && a.before == b.before && a.after == b.after &&
                    a.action == b.action && a.rule == b.rule && a.keyword == b.keyword &&
                    a.vr == b.vr);
        }
        QCOMPARE(back.uidMap, plan.uidMap);
        QCOMPARE(back.options, plan.options);
        QCOMPARE(back.level, plan.level);
        QCOMPARE(back.patient.dateOffsetDays, plan.patient.dateOffsetDays);
        QCOMPARE(back.methodCodes, plan.methodCodes);
        QVERIFY(plan.explainText().find("(0008,1115)[0].(0020,000E)") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDeidPlanner)
#include "tst_deidplanner.moc"
