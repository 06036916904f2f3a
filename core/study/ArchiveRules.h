#pragma once
// The rules for reading an untrusted zip archive (a study zip, a slide deck), one definition:
// entry names that stay inside their folder, and the caps that refuse a zip bomb. The sizes
// an archive states are never trusted: callers count the bytes they really inflate.
#include <QString>

namespace veil::archive {

// An entry stops at 4 GiB, a whole run at 32 GiB, and any entry past 16 MiB that expands more
// than 100 times its compressed size is refused as a zip bomb (real DICOM compresses far
// less; a blank image may compress more, but not at that size).
constexpr long long kMaxEntryBytes = 4LL << 30;
constexpr long long kMaxExtractedBytes = 32LL << 30;
constexpr long long kRatioCheckedFrom = 16LL << 20;
constexpr long long kMaxRatio = 100;

// True when an entry of `written` bytes inflated from `compressed` bytes is a zip bomb.
inline bool expandsTooMuch(long long written, long long compressed) {
    return written > kRatioCheckedFrom && written > (compressed < 1 ? 1 : compressed) * kMaxRatio;
}

// A zip entry name that stays inside its folder once joined: no absolute path, no drive, no "..".
bool safeEntryName(const QString& name);

} // namespace veil::archive
