#pragma once
// A whole file in memory with one open and one read (no stream buffers, no seeks): DicomFile
// parses small files from memory, and the gate parses, searches and hashes an output from one
// read.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace veil {

// The bytes of a regular file of at most `maxSize` bytes; nullopt when it cannot be opened or
// read whole, is not a regular file, or is larger (the caller falls back to its streaming path,
// which names the problem).
std::optional<std::string> readFileBytes(const std::filesystem::path& path, std::uintmax_t maxSize);

// At most the first `maxBytes` bytes of a regular file, and its size; nullopt when it cannot
// be opened or read, or is not a regular file.
std::optional<std::string> readFilePrefix(const std::filesystem::path& path, std::size_t maxBytes,
                                          std::uintmax_t& fileSize);

} // namespace veil
