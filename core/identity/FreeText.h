#pragma once
// Identifying patterns in free text, whoever they belong to: phone numbers and other long
// digit runs, e-mail addresses, dates written out. The IdentifierSet finds the values of
// this patient and study; these patterns catch what no header names (a relative's phone
// number in Patient Comments, another visit's date in a report).
#include "identity/IdentifierSet.h"

#include <string>
#include <string_view>
#include <vector>

namespace veil {

// Every pattern hit, in text order. IdentifierMatch::attribute names the pattern:
// "phone or ID number", "e-mail address" or "date".
std::vector<IdentifierMatch> findIdentifyingPatterns(std::string_view text);

// Removes the identifiers of `ids` and the patterns above from free text, tidying what is
// left (IdentifierSet::clean with the patterns added).
std::string cleanFreeText(const IdentifierSet& ids, std::string_view text,
                          std::vector<IdentifierMatch>* removed = nullptr);

} // namespace veil
