#pragma once
// Questions for DCMTK's data dictionary, answered as plain values.
#include "dicom/Tag.h"

#include <optional>
#include <string>
#include <string_view>

namespace veil {

// "PatientName" → (0010,0010); nothing for an unknown keyword.
std::optional<Tag> tagForKeyword(std::string_view keyword);
// (0010,0010) → "PatientName"; empty for private or unknown tags.
std::string keywordForTag(Tag tag);
// The dictionary's VR for a standard tag ("PN"), or empty.
std::string vrForTag(Tag tag);

} // namespace veil
