#pragma once
// Files of an export: SHA-256 digests, the zip container (QuaZip) and reading it back.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace veil {

// SHA-256 (hex) of a file's bytes. Throws veil::Error when it cannot be read.
std::string fileSha256(const std::filesystem::path& file);

// Zips every regular file below `folder` into `zip` (entries named relative to the folder
// with '/', sorted, deflated; no comment, no extra fields beyond the zip's own). Throws
// veil::Error.
void zipFolder(const std::filesystem::path& folder, const std::filesystem::path& zip);

// SHA-256 of every entry's uncompressed bytes, by entry name. Throws veil::Error.
std::map<std::string, std::string> zipEntrySha256(const std::filesystem::path& zip);

// Extracts every entry below `dir`; entries that would leave it are refused. Throws veil::Error.
void extractZip(const std::filesystem::path& zip, const std::filesystem::path& dir);

} // namespace veil
