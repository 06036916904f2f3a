#pragma once
// One definition of "this patient's identifiers", built from an instance's own header,
// with three users: the OCR matcher, the descriptor cleaner and the verifier.
// Values are searched in the forms people and screens write them: name parts in any
// order and case, IDs with or without separators, dates in common formats.
#include "dicom/ElementValue.h"
#include "study/StudyIndex.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace veil {

class DicomFile;

struct Identifier {
    enum class Kind { Name, Id, Date, Age, Text };
    Kind kind = Kind::Text;
    std::string attribute; // keyword it came from: "PatientName", "PatientID", ...
    std::string value;     // the header value as written
};

struct IdentifierMatch {
    std::size_t pos = 0, len = 0; // span in the searched text
    std::string attribute;        // the identifier's keyword
    std::string needle;           // the form that matched (normalised)
    int distance = 0;             // edits needed (0: exact after normalisation)
};

class IdentifierSet {
public:
    // Every identifying attribute of the header at any depth (PN values anywhere, the
    // patient's IDs, dates, institution, physicians, operators, station, ...).
    static IdentifierSet fromElements(const std::vector<ElementValue>& elements);
    static IdentifierSet fromFile(const DicomFile& file);
    // What every instance of a study shares, from the index alone: the patient's name, ID
    // and birth date, the study's accession number and date.
    static IdentifierSet fromStudy(const PatientNode& patient, const StudyNode& study);

    void add(Identifier::Kind kind, const std::string& attribute, const std::string& value);
    void merge(const IdentifierSet& other);
    const std::vector<Identifier>& identifiers() const { return m_ids; }
    bool empty() const { return m_ids.empty(); }

    // Exact search after normalisation (case, separators): every occurrence, whole words.
    std::vector<IdentifierMatch> findIn(std::string_view text) const;
    // Tolerant search for OCR output: O/0, I/1/l, S/5, B/8 confusions folded, and an edit
    // distance scaled to the needle's length. Returns the best match, if any.
    std::optional<IdentifierMatch> matchOcr(std::string_view text) const;
    // Words of free text that are one of the names (Kind::Name parts of five letters or
    // more) misspelt within the OCR tolerance (one edit per five letters, same first
    // letter, whole words): "Oyelarann" for OYELARAN. Exact occurrences are findIn's.
    std::vector<IdentifierMatch> findNamesApprox(std::string_view text) const;
    // Removes every occurrence from free text, tidying the spaces and punctuation left behind.
    std::string clean(std::string_view text, std::vector<IdentifierMatch>* removed = nullptr) const;

    // The searchable forms of one identifier (normalised: upper-case letters and digits).
    static std::vector<std::string> needlesFor(const Identifier& id);

private:
    struct Needle {
        std::string text; // normalised
        std::size_t identifier;
    };
    void rebuildNeedles();

    std::vector<Identifier> m_ids;
    std::vector<Needle> m_needles;
};

// Is an element of this kind identifying? True for the attributes an IdentifierSet collects
// (PatientName, PatientID, dates of birth and study, institution, ...), for any person name
// (VR PN) and for any private element, whose contents nobody can vouch for. The diff view's
// "identifying only" filter asks this.
bool isIdentifyingKeyword(std::string_view keyword);
bool isIdentifyingElement(Tag tag, std::string_view keyword, std::string_view vr);

// Removes the matched spans from text (matches sorted by position, longest first; overlaps
// merged) and tidies what is left. Each match removed is added to `removed`.
std::string removeMatches(std::string_view text, const std::vector<IdentifierMatch>& sortedHits,
                          std::vector<IdentifierMatch>* removed);

// Date forms seen on screens and in reports for a DICOM DA value (YYYYMMDD), normalised.
std::vector<std::string> dateForms(const std::string& da);

} // namespace veil
