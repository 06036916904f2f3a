#pragma once
// Private to core/deid: the pieces of DeidPlanner. RuleBook decides which rule applies to an
// element; ValueMaker turns the decision into the element's new value.
#include "deid/DeidPlan.h"
#include "deid/IodTypes.h"
#include "deid/Profile.h"
#include "deid/Pseudonyms.h"
#include "dicom/ElementValue.h"
#include "identity/IdentifierSet.h"

#include <optional>
#include <string>

namespace veil::planner {

// What the enclosing sequences say about an element's free text.
enum class Context {
    None,
    StructuredDummy, // inside Content Sequence & co. without Clean Structured Content: text → dummy
    StructuredClean, // ... with Clean Structured Content: text cleaned
    GraphicsClean,   // inside Graphic Annotation Sequence with Clean Graphics: text cleaned
};

struct Decision {
    Decision() = default;
    Decision(TableAction a, std::string r) : action(a), rule(std::move(r)) {}
    TableAction action = TableAction::K;
    std::string rule;
    std::optional<Option> option;     // the option whose table cell fired
    std::optional<std::string> value; // a profile's replacement value
    bool structured = false;          // the row names Clean Structured Content (a content sequence)
    bool fromOverride = false;
    std::uint32_t length = 0; // the element's value length, for rows that keep its size
};

class RuleBook {
public:
    RuleBook(const Profile& profile, IodFamily family, const IdentifierSet& identifiers);

    Decision decide(const ElementValue& e, Context context) const;
    // Compound actions by the attribute's type, and the IOD's needs (Type 1 → D, Type 2 → Z).
    TableAction resolve(const ElementValue& e, Decision& d) const;
    Context contextFor(const Decision& d, TableAction resolved, Context parent) const;
    bool shiftsDates() const {
        return m_profile.options.has(Option::RetainLongitudinalModifiedDates);
    }

private:
    std::optional<Decision> fromOverride(const ElementValue& e) const;
    std::optional<Decision> fromTable(const ElementValue& e) const;
    std::optional<Decision> fromContext(const ElementValue& e, Context context) const;
    Decision fileMeta(const ElementValue& e) const;
    Decision privateElement(const ElementValue& e) const;
    Decision overlayMember(const ElementValue& e) const;
    Decision unlisted(const ElementValue& e) const;
    Decision withOptions(const TableRow& row, std::string rule) const;

    const Profile& m_profile;
    const StandardTables& m_tables;
    IodFamily m_family;
    const IdentifierSet& m_identifiers;
    TableRow m_unlistedDate; // dates the table does not name: handled like its date rows
};

// The identity of the instance's patient, as the plan needs it.
struct PatientFacts {
    std::string id, issuer, name, birthDate, studyUid, accession;
    std::string key;        // patientKeyOf(...)
    std::string pseudonym;  // VEIL-XXXXXXXXXX
    int dateOffsetDays = 0; // 0 unless dates are shifted
    std::string accessionPseudonym;
};

class ValueMaker {
public:
    ValueMaker(const Profile& profile, const Pseudonymiser& pseudonyms,
               const IdentifierSet& identifiers, const PatientFacts& patient, DeidPlan& plan);

    ElementChange make(const ElementValue& e, const Decision& d, TableAction resolved) const;

private:
    void remap(ElementChange& c) const;
    void dummy(ElementChange& c) const;
    void clean(ElementChange& c, const Decision& d) const;
    void cleanText(ElementChange& c) const;
    void shift(ElementChange& c) const;
    bool pseudonym(ElementChange& c) const;

    const Profile& m_profile;
    const Pseudonymiser& m_pseudonyms;
    const IdentifierSet& m_identifiers;
    const PatientFacts& m_patient;
    DeidPlan& m_plan;
};

// Free-text VRs: what Clean Descriptors and its siblings read.
bool isTextVr(const std::string& vr);
bool isBinaryVr(const std::string& vr);
bool isOverlayGroup(Tag t);
std::string dummyFor(const std::string& vr);

} // namespace veil::planner
