#pragma once
// A scan's finding as the review stores it: the id its decision is kept under and the box it
// puts in the session. One definition for the GUI, the export and the tests.
#include "ocr/Finding.h"
#include "review/ReviewSession.h"

#include <string>

namespace veil {

// The id a finding's decision is stored under. Text in an overlay plane is told apart from
// the same text at the same place in the pixels.
std::string findingIdOf(const std::string& sopInstanceUid, const Finding& f);

// The finding's box in the review (origin Finding, or Template for a template's box).
ReviewBox reviewBoxOf(const std::string& sopInstanceUid, const Finding& f);

} // namespace veil
