#include "deid/DeidPlanner.h"

#include "deid/PlannerRules.h"

#include <map>
#include <set>

namespace veil {

using planner::Context;
using planner::Decision;

namespace {

constexpr Tag kPatientIdentityRemoved{0x0012, 0x0062};
constexpr Tag kDeidentificationMethod{0x0012, 0x0063};
constexpr Tag kDeidentificationMethodCodes{0x0012, 0x0064};
constexpr Tag kLongitudinalModified{0x0028, 0x0303};
constexpr Tag kCodeValue{0x0008, 0x0100};
constexpr Tag kCodingScheme{0x0008, 0x0102};
constexpr Tag kCodeMeaning{0x0008, 0x0104};
constexpr const char* kRecordRule = "Veil: record of this de-identification (PS3.15 E.1.1)";

bool isInside(const TagPath& child, const TagPath& sequence) {
    const std::size_t n = sequence.steps.size();
    if (child.steps.size() <= n)
        return false;
    for (std::size_t i = 0; i + 1 < n; ++i)
        if (child.steps[i] != sequence.steps[i])
            return false;
    return child.steps[n - 1].tag == sequence.steps[n - 1].tag;
}

std::string topValue(const std::vector<ElementValue>& elements, Tag tag) {
    for (const ElementValue& e : elements)
        if (e.path.steps.size() == 1 && e.path.leaf() == tag)
            return e.value;
    return {};
}

planner::PatientFacts patientFacts(const std::vector<ElementValue>& elements,
                                   const Profile& profile, const Pseudonymiser& pseudonyms) {
    planner::PatientFacts p;
    p.id = topValue(elements, tags::PatientID);
    p.issuer = topValue(elements, Tag(0x0010, 0x0021));
    p.name = topValue(elements, tags::PatientName);
    p.birthDate = topValue(elements, tags::PatientBirthDate);
    p.studyUid = topValue(elements, tags::StudyInstanceUID);
    p.accession = topValue(elements, tags::AccessionNumber);
    p.key = patientKeyOf(p.id, p.issuer, p.name, p.birthDate, p.studyUid);
    p.pseudonym = pseudonyms.patient(p.key);
    if (profile.options.has(Option::RetainLongitudinalModifiedDates))
        p.dateOffsetDays = pseudonyms.dateOffsetDays(p.key);
    if (profile.pseudonymisesAccession() && !p.accession.empty())
        p.accessionPseudonym = pseudonyms.accessionNumber(p.accession);
    return p;
}

std::vector<std::string> methodText(const DeidPlan& plan) {
    std::vector<std::string> out = {"Veil: PS3.15 E.1-1 " + plan.tableEdition + " Basic Profile",
                                    std::string("Veil release level: ") + levelName(plan.level)};
    if (plan.profileName.rfind("PS3.15 Basic Profile", 0) != 0)
        out.push_back(("Profile: " + plan.profileName).substr(0, 64));
    for (Option o : plan.options.list())
        out.push_back(std::string(optionInfo(o).title).substr(0, 64));
    return out;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values)
        out += (out.empty() ? "" : "\\") + v;
    return out;
}

std::string longitudinalState(const OptionSet& options) {
    if (options.has(Option::RetainLongitudinalFullDates))
        return "UNMODIFIED";
    if (options.has(Option::RetainLongitudinalModifiedDates))
        return "MODIFIED";
    return "REMOVED";
}

ElementChange recordRow(Tag tag, const char* keyword, const char* vr, std::string value) {
    ElementChange c;
    c.path.steps = {{tag, -1}};
    c.keyword = keyword;
    c.vr = vr;
    c.after = std::move(value);
    c.action = Action::Insert;
    c.rule = kRecordRule;
    return c;
}

// Veil's own record: replaces any earlier record in place, or is added at the end.
class Record {
public:
    explicit Record(const DeidPlan& plan) {
        m_values[kPatientIdentityRemoved.key()] = "YES";
        m_values[kDeidentificationMethod.key()] = joined(methodText(plan));
        m_values[kLongitudinalModified.key()] = longitudinalState(plan.options);
    }

    // Handles an element of the source that Veil's record replaces. False when it is not one.
    bool replaces(const ElementValue& e, std::vector<ElementChange>& out) {
        if (e.path.steps.size() != 1)
            return false;
        const Tag t = e.path.leaf();
        if (t == kDeidentificationMethodCodes) {
            ElementChange c{e.path,
                            e.keyword,
                            e.vr,
                            {},
                            "<" + std::to_string(e.items) + " items>",
                            {},
                            Action::Remove,
                            std::string(kRecordRule) + ": rewritten below"};
            out.push_back(std::move(c));
            return true;
        }
        auto it = m_values.find(t.key());
        if (it == m_values.end())
            return false;
        out.push_back(
            {e.path, e.keyword, e.vr, {}, e.value, it->second, Action::Replace, kRecordRule});
        m_done.insert(t.key());
        return true;
    }

    void append(DeidPlan& plan) const {
        if (!m_done.count(kPatientIdentityRemoved.key()))
            plan.changes.push_back(
                recordRow(kPatientIdentityRemoved, "PatientIdentityRemoved", "CS", "YES"));
        if (!m_done.count(kDeidentificationMethod.key()))
            plan.changes.push_back(recordRow(kDeidentificationMethod, "DeidentificationMethod",
                                             "LO", m_values.at(kDeidentificationMethod.key())));
        plan.changes.push_back(
            recordRow(kDeidentificationMethodCodes, "DeidentificationMethodCodeSequence", "SQ",
                      "<" + std::to_string(plan.methodCodes.size()) + " items>"));
        const std::vector<MethodCode> codes = plan.methodCodes;
        plan.methodCodes.clear();
        for (const MethodCode& code : codes)
            recordMethod(plan, code);
        if (!m_done.count(kLongitudinalModified.key()))
            plan.changes.push_back(recordRow(kLongitudinalModified,
                                             "LongitudinalTemporalInformationModified", "CS",
                                             m_values.at(kLongitudinalModified.key())));
    }

private:
    std::map<std::uint32_t, std::string> m_values;
    std::set<std::uint32_t> m_done;
};

// A private creator stays only when an element of its block stays.
void decidePrivateCreators(std::vector<ElementChange>& changes) {
    std::set<std::string> keptBlocks;
    auto blockKey = [](const TagPath& path, std::uint16_t group, std::uint16_t block) {
        TagPath parent = path;
        parent.steps.pop_back();
        return parent.toString() + "/" + std::to_string(group) + "/" + std::to_string(block);
    };
    for (const ElementChange& c : changes) {
        const Tag t = c.path.leaf();
        if (t.isPrivate() && t.element >= 0x1000 && c.action != Action::Remove)
            keptBlocks.insert(blockKey(c.path, t.group, t.element >> 8));
    }
    for (ElementChange& c : changes) {
        const Tag t = c.path.leaf();
        if (!t.isPrivateCreator() || c.action == Action::Remove || c.rule != "private creator")
            continue;
        if (keptBlocks.count(blockKey(c.path, t.group, t.element))) {
            c.action = Action::Keep;
            c.rule = "Veil: private creator of a block with kept (safe) elements";
        } else {
            c.action = Action::Remove;
            c.after.clear();
            c.rule = "Veil: private creator, no element of its block is kept";
        }
    }
}

struct OpenSequence {
    TagPath path;
    Context context = Context::None;
    bool removed = false;
    std::string why;
};

} // namespace

DeidPlanner::DeidPlanner(Profile profile, const ProjectKey& key)
    : m_profile(std::move(profile)), m_key(key) {
    m_profile.validate();
}

DeidPlan DeidPlanner::planInStudy(const std::vector<ElementValue>& elements,
                                  const IdentifierSet& study, const std::string& source) const {
    return planInStudy(elements, IdentifierSet::fromElements(elements), study, source);
}

DeidPlan DeidPlanner::planInStudy(const std::vector<ElementValue>& elements,
                                  const IdentifierSet& own, const IdentifierSet& study,
                                  const std::string& source) const {
    IdentifierSet ids = own;
    ids.merge(study);
    return plan(elements, ids, source);
}

DeidPlan DeidPlanner::plan(const std::vector<ElementValue>& elements,
                           const std::string& source) const {
    return plan(elements, IdentifierSet::fromElements(elements), source);
}

DeidPlan DeidPlanner::plan(const std::vector<ElementValue>& elements,
                           const IdentifierSet& identifiers, const std::string& source) const {
    DeidPlan plan;
    plan.source = source;
    plan.sopClassUid = topValue(elements, tags::SOPClassUID);
    plan.profileName = m_profile.name;
    plan.tableEdition = m_profile.tables->edition();
    plan.level = m_profile.level;
    plan.options = m_profile.options;
    plan.methodCodes.push_back(basicProfileCode());
    for (Option o : m_profile.options.list())
        if (o != Option::CleanRecognizableVisualFeatures) // claimed by face removal when it ran
            plan.methodCodes.push_back(methodCode(o));

    const Pseudonymiser pseudonyms(m_key);
    const planner::PatientFacts patient = patientFacts(elements, m_profile, pseudonyms);
    plan.patient = {patient.id, patient.name, patient.pseudonym, patient.pseudonym,
                    patient.dateOffsetDays};
    if (!patient.accessionPseudonym.empty()) {
        plan.accessionOriginal = patient.accession;
        plan.accessionPseudonym = patient.accessionPseudonym;
    }

    const planner::RuleBook rules(m_profile, iodFamilyOf(plan.sopClassUid), identifiers);
    const planner::ValueMaker values(m_profile, pseudonyms, identifiers, patient, plan);
    Record record(plan);
    std::vector<OpenSequence> open;
    plan.changes.reserve(elements.size() + 16);
    for (const ElementValue& e : elements) {
        while (!open.empty() && !isInside(e.path, open.back().path))
            open.pop_back();
        const Context context = open.empty() ? Context::None : open.back().context;
        if (!open.empty() && open.back().removed) {
            plan.changes.push_back(
                {e.path,
                 e.keyword,
                 e.vr,
                 e.privateCreator,
                 e.isSequence() ? "<" + std::to_string(e.items) + " items>" : e.value,
                 {},
                 Action::Remove,
                 open.back().why});
            if (e.isSequence())
                open.push_back({e.path, context, true, open.back().why});
            continue;
        }
        if (record.replaces(e, plan.changes)) {
            if (e.isSequence())
                open.push_back(
                    {e.path, context, true, std::string(kRecordRule) + ": rewritten below"});
            continue;
        }
        Decision d = rules.decide(e, context);
        const TableAction resolved = rules.resolve(e, d);
        ElementChange change = values.make(e, d, resolved);
        if (e.isSequence()) {
            const bool gone = change.action == Action::Remove || change.action == Action::Empty;
            const std::string name = e.keyword.empty() ? "[" + e.privateCreator + "]" : e.keyword;
            const std::string why =
                std::string(change.action == Action::Empty ? "emptied with " : "removed with ") +
                e.path.toString() + " " + name;
            open.push_back({e.path, rules.contextFor(d, resolved, context), gone, why});
        }
        plan.changes.push_back(std::move(change));
    }
    decidePrivateCreators(plan.changes);
    record.append(plan);
    return plan;
}

void recordMethod(DeidPlan& plan, const MethodCode& code) {
    const int item = int(plan.methodCodes.size());
    auto row = [&](Tag tag, const char* keyword, const char* vr, const std::string& value) {
        ElementChange c;
        c.path.steps = {{kDeidentificationMethodCodes, item}, {tag, -1}};
        c.keyword = keyword;
        c.vr = vr;
        c.after = value;
        c.action = Action::Insert;
        c.rule = kRecordRule;
        plan.changes.push_back(std::move(c));
    };
    row(kCodeValue, "CodeValue", "SH", code.value);
    row(kCodingScheme, "CodingSchemeDesignator", "SH", code.scheme);
    row(kCodeMeaning, "CodeMeaning", "LO", code.meaning);
    plan.methodCodes.push_back(code);
    for (ElementChange& c : plan.changes)
        if (c.path.steps.size() == 1 && c.path.leaf() == kDeidentificationMethodCodes &&
            c.action == Action::Insert)
            c.after = "<" + std::to_string(plan.methodCodes.size()) + " items>";
}

} // namespace veil
