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
// The same walk over a whole file already in memory.
int sequenceNestingDepth(const unsigned char* bytes, std::size_t size,
                         int limit = kMaxSequenceDepth);

} // namespace veil
