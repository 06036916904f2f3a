#include "deid/PlannerRules.h"

#include "identity/FreeText.h"

#include <set>

namespace veil::planner {

namespace {

constexpr Tag kPatientName{0x0010, 0x0010};
constexpr Tag kPatientId{0x0010, 0x0020};
constexpr Tag kAccessionNumber{0x0008, 0x0050};

std::vector<std::string> splitBackslash(const std::string& v) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = v.find('\\', start);
        out.push_back(v.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos)
            return out;
        start = end + 1;
    }
}

std::string itemsText(int n) {
    return "<" + std::to_string(n) + (n == 1 ? " item>" : " items>");
}

} // namespace

std::string dummyFor(const std::string& vr) {
    if (vr == "DA")
        return "19000101";
    if (vr == "DT")
        return "19000101000000";
    if (vr == "TM")
        return "000000";
    if (vr == "AS")
        return "000Y";
    if (vr == "DS" || vr == "IS" || vr == "FL" || vr == "FD" || vr == "SL" || vr == "SS" ||
        vr == "UL" || vr == "US" || vr == "SV" || vr == "UV")
        return "0";
    if (vr == "AE")
        return "ANONYMOUS";
    if (vr == "UR" || isBinaryVr(vr) || vr == "AT")
        return "";
    return "ANONYMIZED"; // PN, CS, LO, SH, ST, LT, UT, UC
}

ValueMaker::ValueMaker(const Profile& profile, const Pseudonymiser& pseudonyms,
                       const IdentifierSet& identifiers, const PatientFacts& patient,
                       DeidPlan& plan)
    : m_profile(profile), m_pseudonyms(pseudonyms), m_identifiers(identifiers), m_patient(patient),
      m_plan(plan) {}

ElementChange ValueMaker::make(const ElementValue& e, const Decision& decision,
                               TableAction resolved) const {
    Decision d = decision;
    d.length = e.length;
    ElementChange c;
    c.path = e.path;
    c.keyword = e.keyword;
    c.vr = e.vr;
    c.privateCreator = e.privateCreator;
    c.before = e.isSequence() ? itemsText(e.items) : e.value;
    c.after = c.before;
    c.rule = d.rule;
    switch (resolved) {
    case TableAction::K:
        c.action = Action::Keep;
        break;
    case TableAction::X:
        c.action = Action::Remove;
        c.after.clear();
        break;
    case TableAction::Z:
        if (!pseudonym(c)) {
            c.action = Action::Empty;
            c.after = e.isSequence() ? itemsText(0) : "";
        }
        break;
    case TableAction::D:
        if (d.value) {
            c.action = Action::Replace;
            c.after = *d.value;
        } else if (!pseudonym(c)) {
            dummy(c);
        }
        break;
    case TableAction::U:
        if (e.isSequence()) {
            c.action = Action::Keep;
            c.rule += "; the UIDs inside are replaced";
        } else if (e.vr == "UI") {
            remap(c);
        } else {
            dummy(c);
        }
        break;
    case TableAction::C:
        clean(c, d);
        break;
    default:
        c.action = Action::Remove; // unresolved compound: cannot happen, removal is the safe side
        c.after.clear();
        break;
    }
    return c;
}

bool ValueMaker::pseudonym(ElementChange& c) const {
    if (c.path.steps.size() != 1)
        return false;
    const Tag t = c.path.leaf();
    if (t == kPatientId || t == kPatientName) {
        c.action = Action::Pseudonym;
        c.after = m_patient.pseudonym;
        c.rule += "; Veil: the patient's keyed pseudonym keeps studies grouped";
        return true;
    }
    if (t == kAccessionNumber && m_profile.pseudonymisesAccession() && !c.before.empty()) {
        c.action = Action::Pseudonym;
        c.after = m_patient.accessionPseudonym;
        c.rule += "; Veil: keyed accession pseudonym (limited level)";
        return true;
    }
    return false;
}

void ValueMaker::remap(ElementChange& c) const {
    if (c.before.empty()) {
        c.action = Action::Keep;
        return;
    }
    std::string out;
    for (const std::string& uid : splitBackslash(c.before)) {
        if (!out.empty())
            out += '\\';
        if (uid.empty())
            continue;
        const std::string mapped = m_pseudonyms.uid(uid);
        m_plan.uidMap[uid] = mapped;
        out += mapped;
    }
    c.action = Action::RemapUid;
    c.after = out;
}

void ValueMaker::dummy(ElementChange& c) const {
    if (c.isSequence()) {
        c.action = Action::Dummy;
        c.rule += "; the sequence stays, its items are de-identified";
        return;
    }
    if (c.vr == "UI")
        return remap(c);
    if (isBinaryVr(c.vr)) {
        c.action = Action::Empty;
        c.after.clear();
        return;
    }
    c.action = Action::Dummy;
    c.after = dummyFor(c.vr);
}

void ValueMaker::shift(ElementChange& c) const {
    if (c.before.empty()) {
        c.action = Action::Keep;
        return;
    }
    const auto shifted = c.vr == "DA" ? shiftDate(c.before, m_patient.dateOffsetDays)
                                      : shiftDateTime(c.before, m_patient.dateOffsetDays);
    if (!shifted) {
        c.action = Action::Empty;
        c.after.clear();
        c.rule += "; not a readable date: emptied";
        return;
    }
    c.action = Action::ShiftDate;
    c.after = *shifted;
}

void ValueMaker::cleanText(ElementChange& c) const {
    std::vector<IdentifierMatch> removed;
    const std::string cleaned = cleanFreeText(m_identifiers, c.before, &removed);
    if (removed.empty()) {
        c.action = Action::Keep;
        c.rule += "; nothing identifying found";
        return;
    }
    std::set<std::string> what;
    for (const IdentifierMatch& m : removed)
        what.insert(m.attribute);
    std::string list;
    for (const std::string& w : what)
        list += (list.empty() ? "" : ", ") + w;
    c.action = Action::Clean;
    c.after = cleaned;
    c.rule += "; removed " + std::to_string(removed.size()) + " identifying value" +
              (removed.size() == 1 ? "" : "s") + " (" + list + ")";
}

void ValueMaker::clean(ElementChange& c, const Decision& d) const {
    if (c.isSequence()) {
        c.action = Action::Keep;
        c.rule += "; the sequence stays, its items are cleaned";
    } else if (c.vr == "DA" || c.vr == "DT") {
        if (m_patient.dateOffsetDays != 0)
            shift(c);
        else
            dummy(c);
    } else if (c.vr == "TM") {
        c.action = Action::Keep;
        c.rule += "; times kept: dates move by whole days";
    } else if (c.vr == "UI") {
        remap(c);
    } else if (c.vr == "PN") {
        if (!pseudonym(c))
            dummy(c);
    } else if (isTextVr(c.vr) || c.vr == "CS") {
        cleanText(c);
    } else if (isOverlayGroup(c.path.leaf()) && c.path.leaf().element == 0x3000 &&
               isBinaryVr(c.vr)) {
        // An overlay bitmap may spell a name; this engine cannot read it, so it is blanked.
        c.action = Action::Blank;
        c.after = "<" + std::to_string(d.length) + " bytes, all zero>";
        c.rule +=
            "; the bitmap cannot be read here: blanked (the pixel work may put back a cleaned one)";
    } else {
        c.action = Action::Keep;
    }
}

} // namespace veil::planner
