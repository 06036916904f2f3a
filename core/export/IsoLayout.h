#pragma once
// ISO 9660 file names for an export with a DICOMDIR (PS3.12: at most 8 characters per
// component, upper-case letters, digits and '_'): PAT00001/STU00001/SER00001/IMG00001.
#include <filesystem>
#include <map>
#include <string>

namespace veil {

// Moves every file below `tree` (laid out patient/study/series/file, as DeidJob writes it)
// to ISO names, numbered in sorted order at each level. Returns old → new path, both
// relative to `tree` with '/'. Throws veil::Error (e.g. more than 99999 entries in a folder).
std::map<std::string, std::string> relayoutIso(const std::filesystem::path& tree);

// True when every component of `relative` is a valid ISO 9660 / DICOM file ID component.
bool isIsoName(const std::string& relative);

} // namespace veil
