#pragma once
// SHA-256 as lower-case hex, through OpenSSL's EVP digest (SHA-NI or AVX2 where the processor
// has them): the certificate hashes every output, so this is on the header path of every run.
#include <filesystem>
#include <string>
#include <string_view>

namespace veil {

// Of bytes already in memory.
std::string sha256Hex(std::string_view bytes);

// Of a file's bytes, read in blocks; throws veil::Error naming the file when it cannot be read.
std::string fileSha256Hex(const std::filesystem::path& file);

} // namespace veil
