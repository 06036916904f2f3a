#include "identity/IdentifierSet.h"

#include "dicom/DicomFile.h"
#include "identity/TextNormalise.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <unordered_map>

namespace veil {

namespace {

struct AttributeRule {
    const char* keyword;
    Identifier::Kind kind;
};

// Header attributes whose values identify the patient, the study or the people and
// place involved (PS3.15 E.1-1 rows whose values are directly or indirectly identifying).
constexpr AttributeRule kRules[] = {
    {"PatientName", Identifier::Kind::Name},
    {"OtherPatientNames", Identifier::Kind::Name},
    {"PatientBirthName", Identifier::Kind::Name},
    {"PatientMotherBirthName", Identifier::Kind::Name},
    {"ResponsiblePerson", Identifier::Kind::Name},
    {"ReferringPhysicianName", Identifier::Kind::Name},
    {"PerformingPhysicianName", Identifier::Kind::Name},
    {"NameOfPhysiciansReadingStudy", Identifier::Kind::Name},
    {"OperatorsName", Identifier::Kind::Name},
    {"RequestingPhysician", Identifier::Kind::Name},
    {"PhysiciansOfRecord", Identifier::Kind::Name},
    {"ScheduledPerformingPhysicianName", Identifier::Kind::Name},
    {"PatientID", Identifier::Kind::Id},
    {"OtherPatientIDs", Identifier::Kind::Id},
    {"RETIRED_OtherPatientIDs", Identifier::Kind::Id}, // DCMTK's keyword for (0010,1000)
    {"IssuerOfPatientID", Identifier::Kind::Text},
    {"AccessionNumber", Identifier::Kind::Id},
    {"StudyID", Identifier::Kind::Id},
    {"MedicalRecordLocator", Identifier::Kind::Id},
    {"PatientTelephoneNumbers", Identifier::Kind::Id},
    {"DeviceSerialNumber", Identifier::Kind::Id},
    {"RequestedProcedureID", Identifier::Kind::Id},
    {"ScheduledProcedureStepID", Identifier::Kind::Id},
    {"PerformedProcedureStepID", Identifier::Kind::Id},
    {"AdmissionID", Identifier::Kind::Id},
    {"PatientBirthDate", Identifier::Kind::Date},
    {"StudyDate", Identifier::Kind::Date},
    {"SeriesDate", Identifier::Kind::Date},
    {"AcquisitionDate", Identifier::Kind::Date},
    {"ContentDate", Identifier::Kind::Date},
    {"PerformedProcedureStepStartDate", Identifier::Kind::Date},
    {"PatientAge", Identifier::Kind::Age},
    {"PatientAddress", Identifier::Kind::Text},
    {"InstitutionName", Identifier::Kind::Text},
    {"InstitutionAddress", Identifier::Kind::Text},
    {"InstitutionalDepartmentName", Identifier::Kind::Text},
    {"StationName", Identifier::Kind::Text},
    {"PatientInsurancePlanCodeSequence", Identifier::Kind::Text},
    {"MilitaryRank", Identifier::Kind::Text},
    {"BranchOfService", Identifier::Kind::Text},
    {"CountryOfResidence", Identifier::Kind::Text},
    {"RegionOfResidence", Identifier::Kind::Text},
};

// Words too common in clinical and place names to identify anyone on their own.
const std::set<std::string> kCommonWords = {
    "HOSPITAL",   "GENERAL",   "STREET",       "ROAD",       "CLINIC",     "MEDICAL",
    "CENTER",     "CENTRE",    "UNIVERSITY",   "DEPARTMENT", "RADIOLOGY",  "IMAGING",
    "HEALTH",     "TRUST",     "ROYAL",        "INFIRMARY",  "NATIONAL",   "SERVICE",
    "SAINT",      "AVENUE",    "LANE",         "PLACE",      "HOUSE",      "CITY",
    "COUNTY",     "SCHOOL",    "INSTITUTE",    "FOUNDATION", "CHILDREN",   "CHILDRENS",
    "WOMENS",     "SCANNER",   "CONSOLE",      "STATION",    "ROOM",       "UNIT",
    "WARD",       "NORTH",     "SOUTH",        "EAST",       "WEST",       "UNITED",
    "KINGDOM",    "ENGLAND",   "SCOTLAND",     "WALES",      "IRELAND",    "STATES",
    "AMERICA",    "UNKNOWN",   "ANONYMOUS",    "ANONYMIZED", "ANONYMISED", "REMOVED",
    "PATIENT",    "DOCTOR",    "PHYSICIAN",    "SYSTEMS",    "SYSTEM",     "HEALTHCARE",
    "ULTRASOUND", "SOLUTIONS", "TECHNOLOGIES", "LTD",        "INC",        "CORPORATION",
    "COMPANY",    "GMBH"};

// "0", "0000", "1111": values a device fills in when it has none; they identify no one.
bool placeholderId(const std::string& normalised) {
    return normalised.find_first_not_of(normalised.front()) == std::string::npos;
}

bool isCommonOrShort(const std::string& word, std::size_t minLen) {
    return word.size() < minLen || kCommonWords.count(word) > 0;
}

const char* kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                         "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

} // namespace

bool isIdentifyingKeyword(std::string_view keyword) {
    return std::any_of(std::begin(kRules), std::end(kRules),
                       [&](const AttributeRule& r) { return keyword == r.keyword; });
}

bool isIdentifyingElement(Tag tag, std::string_view keyword, std::string_view vr) {
    return tag.isPrivate() || vr == "PN" || isIdentifyingKeyword(keyword);
}

std::vector<std::string> dateForms(const std::string& raw) {
    std::string da;
    for (char c : raw)
        if (std::isdigit(static_cast<unsigned char>(c)))
            da += c;
    if (da.size() != 8)
        return da.size() >= 6 ? std::vector<std::string>{da} : std::vector<std::string>{};
    const std::string y = da.substr(0, 4), yy = da.substr(2, 2), m = da.substr(4, 2),
                      d = da.substr(6, 2);
    const int mi = std::stoi(m);
    if (mi < 1 || mi > 12)
        return {da};
    const std::string mon = kMonths[mi - 1];
    const std::string d1 = d[0] == '0' ? d.substr(1) : d, m1 = m[0] == '0' ? m.substr(1) : m;
    std::set<std::string> forms = {
        da,           // 20130713, 2013-07-13
        d + m + y,    // 13/07/2013, 13.07.2013, 13-07-2013
        m + d + y,    // 07/13/2013
        d + mon + y,  // 13-Jul-2013, 13 Jul 2013
        y + mon + d,  // 2013 Jul 13
        mon + d + y,  // Jul 13, 2013
        d1 + m1 + y,  // 13/7/2013
        m1 + d1 + y,  // 7/13/2013
        d1 + mon + y, // 3 Jul 2013
        mon + d1 + y, // Jul 3 2013
        d + m + yy,   // 13/07/13
        m + d + yy,   // 07/13/13
        d + mon + yy, // 13-JUL-13
    };
    return {forms.begin(), forms.end()};
}

std::vector<std::string> IdentifierSet::needlesFor(const Identifier& id) {
    std::vector<std::string> out;
    switch (id.kind) {
    case Identifier::Kind::Name: {
        // Each part of each value ("SMITH^JOHN^A\OTHER^NAME"): surnames and given names are
        // found wherever they stand, in any order; initials alone are too weak to search.
        for (const std::string& word : splitWords(id.value))
            if (!isCommonOrShort(word, 3))
                out.push_back(word);
        break;
    }
    case Identifier::Kind::Id:
        for (const std::string& v : splitValues(id.value)) {
            const std::string n = normalise(v);
            if (n.size() >= 3 && !placeholderId(n))
                out.push_back(n);
        }
        break;
    case Identifier::Kind::Date:
        for (const std::string& v : splitValues(id.value))
            for (const std::string& f : dateForms(v))
                out.push_back(f);
        break;
    case Identifier::Kind::Age: {
        const std::string n = normalise(id.value); // "052Y"
        std::string digits;
        for (char c : n)
            if (std::isdigit(static_cast<unsigned char>(c)))
                digits += c;
        while (digits.size() > 1 && digits[0] == '0')
            digits.erase(0, 1);
        if (!digits.empty() && n.size() == 4) {
            const char unit = n.back();
            out.push_back(digits + unit);
            if (unit == 'Y') {
                out.push_back(digits + "YEARS");
                out.push_back(digits + "YRS");
                out.push_back(digits + "YO");
            }
        }
        break;
    }
    case Identifier::Kind::Text:
        for (const std::string& v : splitValues(id.value)) {
            const std::string whole = normalise(v);
            // A value made only of common words ("Radiology", "General Hospital") names
            // nobody: searching for it would strip clinical words from descriptors.
            const std::vector<std::string> words = splitWords(v);
            const bool onlyCommon =
                !words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
                    return kCommonWords.count(w) > 0;
                });
            if (whole.size() >= 4 && !onlyCommon)
                out.push_back(whole);
            for (const std::string& word : words)
                if (!isCommonOrShort(word, 5) && word != whole)
                    out.push_back(word);
        }
        break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

IdentifierSet IdentifierSet::fromFile(const DicomFile& file) {
    return fromElements(file.elements());
}

IdentifierSet IdentifierSet::fromElements(const std::vector<ElementValue>& elements) {
    // kRules by keyword (the first rule of a keyword wins, as a scan in order would find it).
    static const std::unordered_map<std::string_view, Identifier::Kind> rules = [] {
        std::unordered_map<std::string_view, Identifier::Kind> m;
        for (const AttributeRule& r : kRules)
            m.emplace(r.keyword, r.kind);
        return m;
    }();
    IdentifierSet set;
    for (const ElementValue& e : elements) {
        if (e.value.empty() || e.isSequence())
            continue;
        bool known = false;
        if (const auto it = rules.find(e.keyword); it != rules.end()) {
            set.add(it->second, e.keyword, e.value);
            known = true;
        }
        // A person's name is identifying wherever it is, private elements included.
        if (!known && e.vr == "PN")
            set.add(Identifier::Kind::Name, e.keyword.empty() ? e.path.toString() : e.keyword,
                    e.value);
    }
    return set;
}

IdentifierSet IdentifierSet::fromStudy(const PatientNode& patient, const StudyNode& study) {
    IdentifierSet ids;
    ids.add(Identifier::Kind::Name, "PatientName", patient.name);
    ids.add(Identifier::Kind::Id, "PatientID", patient.id);
    ids.add(Identifier::Kind::Date, "PatientBirthDate", patient.birthDate);
    ids.add(Identifier::Kind::Id, "AccessionNumber", study.accessionNumber);
    ids.add(Identifier::Kind::Date, "StudyDate", study.date);
    return ids;
}

void IdentifierSet::add(Identifier::Kind kind, const std::string& attribute,
                        const std::string& value) {
    if (normalise(value).empty())
        return;
    for (const Identifier& id : m_ids)
        if (id.kind == kind && id.value == value)
            return;
    m_ids.push_back({kind, attribute, value});
    const std::size_t index = m_ids.size() - 1;
    for (std::string& n : needlesFor(m_ids.back()))
        m_needles.push_back({std::move(n), index});
}

void IdentifierSet::merge(const IdentifierSet& other) {
    // What add() would do for each of other's identifiers, with the needles other already made
    // for it (needlesFor is a function of the identifier alone) copied, not made again.
    std::vector<std::pair<std::size_t, std::size_t>> needlesOf(other.m_ids.size(),
                                                               {other.m_needles.size(), 0});
    for (std::size_t k = 0; k < other.m_needles.size(); ++k) {
        auto& [first, count] = needlesOf[other.m_needles[k].identifier];
        first = std::min(first, k);
        ++count;
    }
    for (std::size_t i = 0; i < other.m_ids.size(); ++i) {
        const Identifier& id = other.m_ids[i];
        if (std::any_of(m_ids.begin(), m_ids.end(), [&](const Identifier& mine) {
                return mine.kind == id.kind && mine.value == id.value;
            }))
            continue;
        m_ids.push_back(id);
        const std::size_t index = m_ids.size() - 1;
        const auto [first, count] = needlesOf[i];
        for (std::size_t k = first; k < first + count; ++k)
            m_needles.push_back({other.m_needles[k].text, index});
    }
}

std::vector<IdentifierMatch> IdentifierSet::findIn(std::string_view text) const {
    const NormalisedText hay = NormalisedText::of(text, Fold::Exact);
    std::vector<IdentifierMatch> out;
    for (const Needle& n : m_needles) {
        for (std::size_t at = hay.text.find(n.text); at != std::string::npos;
             at = hay.text.find(n.text, at + 1)) {
            const auto [pos, len] = hay.span(at, n.text.size());
            if (!hay.isWholeWord(text, pos, len))
                continue;
            out.push_back({pos, len, m_ids[n.identifier].attribute, n.text, 0});
        }
    }
    std::sort(out.begin(), out.end(), [](const IdentifierMatch& a, const IdentifierMatch& b) {
        return a.pos != b.pos ? a.pos < b.pos : a.len > b.len;
    });
    return out;
}

std::vector<IdentifierMatch> IdentifierSet::findNamesApprox(std::string_view text) const {
    std::vector<IdentifierMatch> out;
    const auto letter = [](char c) {
        return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    };
    for (std::size_t i = 0; i < text.size();) {
        if (!letter(text[i])) {
            ++i;
            continue;
        }
        std::size_t e = i;
        while (e < text.size() && letter(text[e]))
            ++e;
        const std::string word = normalise(text.substr(i, e - i));
        for (const Needle& n : m_needles) {
            if (m_ids[n.identifier].kind != Identifier::Kind::Name || n.text.size() < 5 ||
                word.empty() || word[0] != n.text[0] || word == n.text)
                continue;
            const int allowed = int(n.text.size() / 5);
            if (std::abs(int(word.size()) - int(n.text.size())) > allowed)
                continue;
            const int d = editDistance(word, n.text, allowed);
            if (d <= allowed) {
                out.push_back({i, e - i, m_ids[n.identifier].attribute, n.text, d});
                break;
            }
        }
        i = e;
    }
    return out;
}

std::optional<IdentifierMatch> IdentifierSet::matchOcr(std::string_view text) const {
    const NormalisedText hay = NormalisedText::of(text, Fold::OcrConfusions);
    std::optional<IdentifierMatch> best;
    for (const Needle& n : m_needles) {
        const std::string needle = foldOcr(n.text);
        // Short needles must match exactly; longer ones tolerate one edit per five characters.
        const int allowed = needle.size() < 5 ? 0 : int(needle.size() / 5);
        const auto hit = approximateFind(hay.text, needle, allowed);
        if (!hit)
            continue;
        const auto [pos, len] = hay.span(hit->start, hit->length);
        if (hit->distance == 0 && !hay.isWholeWord(text, pos, len))
            continue;
        if (!best || hit->distance < best->distance ||
            (hit->distance == best->distance && needle.size() > best->needle.size()))
            best = IdentifierMatch{pos, len, m_ids[n.identifier].attribute, n.text, hit->distance};
    }
    return best;
}

std::string IdentifierSet::clean(std::string_view text,
                                 std::vector<IdentifierMatch>* removed) const {
    return removeMatches(text, findIn(text), removed);
}

std::string removeMatches(std::string_view text, const std::vector<IdentifierMatch>& hits,
                          std::vector<IdentifierMatch>* removed) {
    std::string out;
    std::size_t cursor = 0;
    for (const IdentifierMatch& m : hits) {
        if (m.pos + m.len <= cursor)
            continue; // inside a longer match already removed
        const std::size_t from = std::max(cursor, m.pos);
        out.append(text.substr(cursor, from - cursor));
        cursor = m.pos + m.len;
        if (removed)
            removed->push_back(m);
    }
    out.append(text.substr(std::min(cursor, text.size())));
    return tidyAfterRemoval(out);
}

} // namespace veil
