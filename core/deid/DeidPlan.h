#pragma once
// One plan per instance: what de-identification does to every element at every depth
// (kept elements included), why, and the UID map. A plain, serialisable value: the CLI's
// --explain, the GUI's diff view and the audit read it; none of them recomputes anything.
#include "deid/Options.h"
#include "dicom/ElementValue.h"
#include "dicom/Tag.h"

#include <map>
#include <string>
#include <vector>

class QJsonObject;

namespace veil {

// What was done to one element.
enum class Action {
    Keep,      // K: left as it is
    Remove,    // X: removed (with everything inside it, for a sequence)
    Empty,     // Z: zero length (a sequence: no items)
    Dummy,     // D: a dummy value of the same VR (a sequence: kept, its items de-identified)
    Clean,     // C: identifying text removed, the rest kept
    RemapUid,  // U: replaced by the keyed UID (2.25.…)
    ShiftDate, // a date moved by the patient's offset (Modified Dates)
    Pseudonym, // the patient's keyed pseudonym (PatientID, PatientName, AccessionNumber)
    Replace,   // a value given by the profile, or Veil's own record of what it did
    Blank,     // binary data kept at its size with every bit zero (overlay bitmaps, Clean Graphics)
    Insert,    // added: PatientIdentityRemoved, DeidentificationMethod, ...
};
const char* actionName(Action action); // "keep", "remove", ...
bool actionFromName(const std::string& name, Action* out);
// Does the applier change the dataset for this row?
inline bool changesValue(Action a) {
    return a != Action::Keep;
}

struct ElementChange {
    TagPath path;
    std::string keyword, vr, privateCreator, before, after;
    Action action = Action::Keep;
    std::string rule; // the rule that fired, in words: "PS3.15 E.1-1 (0010,0010) Patient's Name: Z"
    bool isSequence() const { return isSequenceVr(vr); }
};

struct PatientPseudonym {
    std::string originalId, originalName, pseudonymId, pseudonymName;
    int dateOffsetDays = 0; // 0 when dates are not shifted
};

struct DeidPlan {
    std::string source;      // the instance as found
    std::string sopClassUid; // of the original
    std::string profileName, tableEdition;
    ReleaseLevel level = ReleaseLevel::Publication;
    OptionSet options;
    std::vector<MethodCode> methodCodes;       // recorded in (0012,0064)
    std::vector<ElementChange> changes;        // file order, inserted elements last
    std::map<std::string, std::string> uidMap; // original → new, every UID this instance carries
    PatientPseudonym patient;
    std::string accessionOriginal, accessionPseudonym; // when accession numbers are pseudonymised

    int count(Action action) const;
    // The planned value of a top-level element ("" when removed or absent).
    std::string valueAfter(Tag tag) const;
    std::string valueBefore(Tag tag) const;

    QJsonObject toJson() const;
    static DeidPlan fromJson(const QJsonObject& json); // throws veil::Error on malformed input
    // One line per element: "path keyword VR action: before → after  [rule]".
    std::string explainText(bool changedOnly = false) const;
};

} // namespace veil
