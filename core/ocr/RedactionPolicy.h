#pragma once
// Findings → the regions to burn out, for `veil-cli deid --redact auto|all-text|none` and
// the export: Auto takes the patient's text and the device templates' boxes, AllText every
// finding, None nothing.
#include "ocr/Finding.h"
#include "pixel/RedactionRegions.h" // RedactionRegion: one type for every source of boxes

#include <optional>
#include <string_view>
#include <vector>

namespace veil {

enum class RedactPolicy { Auto, AllText, None };

// Duplicates are dropped; a box found on every one of `frameCount` frames becomes one
// region for every frame when frameCount > 1.
std::vector<RedactionRegion> redactionRegions(const std::vector<Finding>& findings,
                                              RedactPolicy policy, int frameCount = 0);

std::optional<RedactPolicy> parseRedactPolicy(std::string_view name); // "auto", "all-text", "none"
const char* redactPolicyName(RedactPolicy policy);

} // namespace veil
