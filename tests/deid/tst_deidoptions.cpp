// Table-driven: one element for every exact row of PS3.15 Table E.1-1 (plus wildcard and
// private rows and a few unlisted controls); the Basic Profile does what each row says, and
// each option changes exactly the rows whose option column names it, nothing else.
#include "deid/DeidPlanner.h"
#include "dicom/Dictionary.h"

#include <QTest>

#include <cctype>
#include <map>

using namespace veil;

namespace {

const std::string kCtImage = "1.2.840.10008.5.1.4.1.1.2";

std::string sample(const std::string& vr, int i) {
    static const std::map<std::string, std::string> values = {{"DA", "20200102"},
                                                              {"TM", "101112"},
                                                              {"DT", "20200102101112"},
                                                              {"PN", "DOE^JANE"},
                                                              {"AS", "045Y"},
                                                              {"CS", "VALUE"},
                                                              {"DS", "1.5"},
                                                              {"IS", "7"},
                                                              {"AE", "SOMEAE"},
                                                              {"US", "1"},
                                                              {"UL", "1"},
                                                              {"SS", "1"},
                                                              {"SL", "1"},
                                                              {"FL", "1.5"},
                                                              {"FD", "1.5"},
                                                              {"UR", "http://example.org"},
                                                              {"AT", "(0008,0010)"}};
    if (vr == "UI")
        return "1.2.3.4." + std::to_string(i);
    if (auto it = values.find(vr); it != values.end())
        return it->second;
    if (vr == "OB" || vr == "OW" || vr == "UN" || vr == "OF" || vr == "OD" || vr == "OL" ||
        vr == "OV")
        return "<8 bytes>";
    return "TEXT " + std::to_string(i); // LO, SH, ST, LT, UT, UC
}

ElementValue element(Tag tag, const std::string& vr, const std::string& value,
                     const std::string& creator = {}) {
    ElementValue e;
    e.path.steps = {{tag, -1}};
    e.vr = vr;
    e.keyword =
        tag.isPrivate() ? (tag.isPrivateCreator() ? "PrivateCreator" : "") : keywordForTag(tag);
    e.value = value;
    e.privateCreator = creator;
    e.length = std::uint32_t(value.size());
    return e;
}

struct Corpus {
    std::vector<ElementValue> elements;
    SafePrivateRow safe;
};

Corpus tableCorpus(const StandardTables& t) {
    Corpus c;
    int i = 0;
    for (const TableRow& row : t.rows()) {
        if (!row.tag.isExact())
            continue;
        const Tag tag(std::uint16_t(row.tag.value >> 16), std::uint16_t(row.tag.value & 0xFFFF));
        const std::string vr = vrForTag(tag);
        if (vr.size() != 2 || !std::isupper(static_cast<unsigned char>(vr[1])))
            continue; // the dictionary does not know it, or allows several VRs
        c.elements.push_back(element(tag, vr, vr == "SQ" ? "" : sample(vr, ++i)));
    }
    c.elements.push_back(element(tags::SOPClassUID, "UI", kCtImage));
    // Unlisted controls: no option may touch them.
    c.elements.push_back(element(tags::Rows, "US", "512"));
    c.elements.push_back(element(Tag(0x0018, 0x0060), "DS", "120"));
    c.elements.push_back(element(Tag(0x0018, 0x1210), "SH", "B30f"));
    // Wildcard rows: an overlay and a curve.
    c.elements.push_back(element(Tag(0x6000, 0x0010), "US", "8"));
    c.elements.push_back(element(Tag(0x6000, 0x3000), "OW", "<8 bytes>"));
    c.elements.push_back(element(Tag(0x6000, 0x4000), "LT", "OVERLAY NOTE"));
    c.elements.push_back(element(Tag(0x5000, 0x0005), "US", "1"));
    c.elements.push_back(element(Tag(0x5000, 0x3000), "OB", "<8 bytes>"));
    // Private: one element the Safe Private table names, one it does not.
    c.safe = t.safePrivateRows().front();
    const std::uint16_t g = c.safe.group;
    c.elements.push_back(element(Tag(g, 0x0010), "LO", c.safe.privateCreator));
    c.elements.push_back(element(Tag(g, std::uint16_t(0x1000 | c.safe.element)), "DS", "2.5",
                                 c.safe.privateCreator));
    c.elements.push_back(element(Tag(0x0011, 0x0010), "LO", "ACME NOT SAFE"));
    c.elements.push_back(element(Tag(0x0011, 0x1001), "LO", "SECRET", "ACME NOT SAFE"));
    std::stable_sort(
        c.elements.begin(), c.elements.end(),
        [](const ElementValue& a, const ElementValue& b) { return a.path.leaf() < b.path.leaf(); });
    return c;
}

// The rows that decide an element: its own, the overlay data row for an overlay group, the
// private row for private elements.
const TableRow* governingRow(const StandardTables& t, Tag tag) {
    if (tag.isPrivate())
        return &t.privateAttributes();
    if (tag.group >= 0x6000 && tag.group <= 0x60FF && tag.element != 0x3000 &&
        tag.element != 0x4000)
        return t.find(Tag(tag.group, 0x3000));
    return t.find(tag);
}

bool isRecord(Tag tag) {
    return tag.group == 0x0012 && tag.element >= 0x0062 && tag.element <= 0x0064;
}

Profile basicOnly() {
    Profile p = Profile::standard(ReleaseLevel::Publication);
    p.options = OptionSet{};
    return p;
}

ProjectKey testKey() {
    ProjectKey::Bytes b{};
    b.fill(7);
    return ProjectKey::fromBytes(b);
}

std::string describe(const ElementChange& c) {
    return c.path.toString() + " " + c.keyword + " " + actionName(c.action) + " '" + c.after +
           "' [" + c.rule + "]";
}

} // namespace

class TestDeidOptions : public QObject {
    Q_OBJECT

private slots:
    void basicProfileFollowsTheTable() {
        const auto tables = StandardTables::builtIn();
        const Corpus corpus = tableCorpus(*tables);
        QVERIFY(corpus.elements.size() > 500);
        const DeidPlan plan = DeidPlanner(basicOnly(), testKey()).plan(corpus.elements);
        for (std::size_t i = 0; i < corpus.elements.size(); ++i) {
            const ElementChange& c = plan.changes[i];
            const Tag tag = c.path.leaf();
            const TableRow* row = tables->find(tag);
            if (!row || !row->tag.isExact() || isRecord(tag) || tag.group == 0x0002)
                continue;
            const std::string why = describe(c);
            switch (row->basic) {
            case TableAction::X:
                QVERIFY2(c.action == Action::Remove || c.rule.find("Type 1") != std::string::npos ||
                             c.rule.find("Type 2") != std::string::npos,
                         why.c_str());
                break;
            case TableAction::Z:
                QVERIFY2(c.action == Action::Empty || c.action == Action::Pseudonym ||
                             c.rule.find("Type 1") != std::string::npos,
                         why.c_str());
                break;
            case TableAction::D:
                QVERIFY2(c.action == Action::Dummy || c.action == Action::RemapUid ||
                             c.action == Action::Pseudonym ||
                             c.action == Action::Empty /* binary */,
                         why.c_str());
                QVERIFY2(c.action != Action::Empty || c.vr.front() == 'O', why.c_str());
                break;
            case TableAction::U:
                QVERIFY2(c.action == Action::RemapUid || (c.vr == "SQ" && c.action == Action::Keep),
                         why.c_str());
                break;
            case TableAction::K:
                QVERIFY2(c.action == Action::Keep, why.c_str());
                break;
            default: // compound: resolved by type, never left undecided
                QVERIFY2(c.rule.find("→") != std::string::npos, why.c_str());
                break;
            }
        }
    }

    void eachOptionChangesExactlyItsRows_data() {
        QTest::addColumn<int>("option");
        for (const OptionInfo& o : allOptions())
            if (isTableColumn(o.option)) // the pixel option names no row
                QTest::newRow(o.key) << int(o.option);
    }

    void eachOptionChangesExactlyItsRows() {
        QFETCH(int, option);
        const Option opt = Option(option);
        const auto tables = StandardTables::builtIn();
        const Corpus corpus = tableCorpus(*tables);
        Profile with = basicOnly();
        with.options.add(opt);
        const DeidPlan base = DeidPlanner(basicOnly(), testKey()).plan(corpus.elements);
        const DeidPlan plan = DeidPlanner(with, testKey()).plan(corpus.elements);
        int named = 0, changed = 0;
        for (std::size_t i = 0; i < corpus.elements.size(); ++i) {
            const ElementChange& a = base.changes[i];
            const ElementChange& b = plan.changes[i];
            const Tag tag = a.path.leaf();
            QCOMPARE(b.path, a.path);
            if (isRecord(tag))
                continue;
            const TableRow* row = governingRow(*tables, tag);
            const bool creator = tag.isPrivateCreator();
            const std::optional<TableAction> cell =
                row && !creator ? row->option(opt) : std::nullopt;
            const std::string why = describe(a) + "  vs  " + describe(b);
            if (!cell) {
                if (creator && opt == Option::RetainSafePrivate)
                    continue; // follows its block: checked below
                QVERIFY2(a.action == b.action && a.after == b.after,
                         ("not named by the option: " + why).c_str());
                continue;
            }
            ++named;
            if (a.action != b.action || a.after != b.after)
                ++changed;
            if (*cell == TableAction::K)
                QVERIFY2(b.action == Action::Keep, ("K: " + why).c_str());
            else if (opt != Option::RetainSafePrivate)
                QVERIFY2(b.action != Action::Remove, ("C: " + why).c_str());
            if (opt == Option::RetainLongitudinalModifiedDates && (b.vr == "DA" || b.vr == "DT"))
                QVERIFY2(b.action == Action::ShiftDate, ("dates shift: " + why).c_str());
        }
        QVERIFY2(named > 0 && changed > 0, optionInfo(opt).key);
        if (opt == Option::RetainSafePrivate)
            checkSafePrivate(plan, corpus.safe);
    }

private:
    void checkSafePrivate(const DeidPlan& plan, const SafePrivateRow& safe) {
        for (const ElementChange& c : plan.changes) {
            const Tag t = c.path.leaf();
            if (!t.isPrivate())
                continue;
            const bool isSafeBlock = t.group == safe.group;
            QVERIFY2((c.action == Action::Keep) == isSafeBlock, describe(c).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestDeidOptions)
#include "tst_deidoptions.moc"
