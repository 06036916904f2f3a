#pragma once
// A pre-flight walk over a file's element structure, without recursion, so that files
// nested deeply enough to overflow a recursive parser's stack are refused cleanly.
#include <cstddef>
#include <filesystem>

namespace veil {

inline constexpr int kMaxSequenceDepth = 64;

// Returns the deepest sequence nesting seen, stopping early once `limit` is exceeded.
// Returns 0 for files it cannot walk (deflated, garbage): the parser judges those.
int sequenceNestingDepth(const std::filesystem::path& path, int limit = kMaxSequenceDepth);
// The same walk over a file's bytes already in memory: all of them (`whole`), or its first
// bytes, when *needsMore is set if the walk ran past them before top-level Pixel Data.
int sequenceNestingDepth(const unsigned char* bytes, std::size_t size, bool whole,
                         bool* needsMore = nullptr, int limit = kMaxSequenceDepth);

} // namespace veil
