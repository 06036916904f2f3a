#pragma once
// Malformed files made in code from valid ones: the decoder checks' test cases.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

namespace veil::test {

// Rewrites the bytes of item `item` (1-based: the first fragment after the offset table) of
// the encapsulated Pixel Data in `path`, keeping the file's transfer syntax.
void editFragment(const std::filesystem::path& path, unsigned long item,
                  const std::function<void(std::vector<std::uint8_t>&)>& edit);

// Little-endian 32-bit word `index` of an RLE header.
std::uint32_t rleWord(const std::vector<std::uint8_t>& d, int index);
void setRleWord(std::vector<std::uint8_t>& d, int index, std::uint32_t value);

} // namespace veil::test
