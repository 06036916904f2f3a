#pragma once
// Identifying patterns in free text, whoever they belong to: phone numbers and other long
// digit runs, NHS numbers, UK postcodes, e-mail addresses, dates written out, and names
// recognised by the word before them (a title: "Dr Castellano"; a relation: "daughter Jane
// Whitfield"). The IdentifierSet finds the values of this patient and study, exactly and
// with the OCR tolerance for misspellings; these patterns catch what no header names (a
// relative's phone number in Patient Comments, another visit's date in a report).
// One definition serves the descriptor cleaner (DeidPlanner), the verifier, reports and, for
// dates and digit runs read off the screen, the OCR matcher (ocr/IdentifierMatcher).
#include "identity/IdentifierSet.h"

#include <string>
#include <string_view>
#include <vector>

namespace veil {

// Where the text comes from. Typed: headers, a report's text layer, slide text. Screen: read
// off the pixels by OCR, which splits digit groups with stray spaces, reads a space beside a
// digit as '\', a quote or a dot, and runs a label into its value ("DOB01/02/1990"): the same
// patterns, with that tolerance.
enum class TextSource { Typed, Screen };

// A date starting at `at` (13/07/1961, 1961-07-13, 13 Jul 1961, July 13th, 1961, 1961 Jul 13):
// its length, 0 if none (also when `at` does not start a word, or for Screen a number).
std::size_t dateAt(std::string_view text, std::size_t at, TextSource source = TextSource::Typed);
// A run of digits that is an ID or phone number, starting at `at`: its length, 0 if none.
// Typed: 7 to 15 digits in groups of two or more, one space, hyphen or bracket between groups
// ("0131 496 0821", "+49 89 4961 2207"). Screen: six digits or more, at most one space or
// hyphen between any two (a 6-digit ID, "4 8 2 1 9 3" as OCR spaces it).
std::size_t digitRunAt(std::string_view text, std::size_t at,
                       TextSource source = TextSource::Typed);
// Whether a date / such a digit run starts anywhere in `text`.
bool containsDate(std::string_view text, TextSource source);
bool containsDigitRun(std::string_view text, TextSource source);

// Every pattern hit, in text order. IdentifierMatch::attribute names the pattern:
// "phone or ID number", "NHS number", "postcode", "e-mail address", "date",
// "name after a title" or "name after a relation".
std::vector<IdentifierMatch> findIdentifyingPatterns(std::string_view text);

// Names after a title (Dr, Mr, Mrs, Ms, Miss, Prof, Sister, Nurse ...) or a relation
// (daughter, son, wife, husband, partner, mother, father, sister, brother ...): the name
// words only (the title or relation stays). In mixed-case text only capitalised words count.
// Screen: also after "Dr" as OCR misreads it ("Or", "De", "OF"), when a name's shape follows
// (an initial and a surname, or a word of three letters or more with a capital and then lower
// case).
std::vector<IdentifierMatch> findNamesInContext(std::string_view text,
                                                TextSource source = TextSource::Typed);
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
