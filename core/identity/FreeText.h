#pragma once
// Identifying patterns in free text, whoever they belong to: phone numbers and other long
// digit runs, NHS numbers, UK postcodes, e-mail addresses, dates written out, and names
// recognised by the word before them (a title: "Dr Castellano"; a relation: "daughter Jane
// Whitfield"). The IdentifierSet finds the values of this patient and study, exactly and
// with the OCR tolerance for misspellings; these patterns catch what no header names (a
// relative's phone number in Patient Comments, another visit's date in a report).
// One definition serves the descriptor cleaner (DeidPlanner) and the verifier.
#include "identity/IdentifierSet.h"

#include <string>
#include <string_view>
#include <vector>

namespace veil {

// Every pattern hit, in text order. IdentifierMatch::attribute names the pattern:
// "phone or ID number", "NHS number", "postcode", "e-mail address", "date",
// "name after a title" or "name after a relation".
std::vector<IdentifierMatch> findIdentifyingPatterns(std::string_view text);

// Names after a title (Dr, Mr, Mrs, Ms, Miss, Prof, Sister, Nurse ...) or a relation
// (daughter, son, wife, husband, partner, mother, father, sister, brother ...): the name
// words only (the title or relation stays). In mixed-case text only capitalised words count.
std::vector<IdentifierMatch> findNamesInContext(std::string_view text);
// Lengths of a UK postcode / a checksum-valid NHS number starting at `at` (0: none).
std::size_t ukPostcodeAt(std::string_view text, std::size_t at);
std::size_t nhsNumberAt(std::string_view text, std::size_t at);

// Everything identifying in free text: the identifiers of `ids` (exact, and names with the
// OCR tolerance), and the patterns above. Sorted by position, longest first.
std::vector<IdentifierMatch> findFreeTextIdentifiers(const IdentifierSet& ids,
                                                     std::string_view text);

// Removes findFreeTextIdentifiers from free text, tidying what is left.
std::string cleanFreeText(const IdentifierSet& ids, std::string_view text,
                          std::vector<IdentifierMatch>* removed = nullptr);

} // namespace veil
