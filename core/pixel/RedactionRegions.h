#pragma once
// Redaction boxes: one rectangle of stored-pixel coordinates on one frame or on every
// frame, and the boxes file read by `veil-cli deid --boxes FILE.json`
// (format: docs/redaction-boxes.md).
#include "dicom/InstanceInfo.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

class QJsonObject;
class QJsonValue;

namespace veil {

struct RedactionRegion {
    int frame = -1; // 0-based frame index; -1 = every frame
    int x = 0, y = 0, w = 0, h = 0;
    // Non-zero (6000..601E): the text lies in this overlay plane, not in the pixels. Nothing is
    // burned for it: the whole plane is blanked (OverlayData all zero, or its bit cleared in
    // every Pixel Data word for the retired form).
    int overlayGroup = 0;
    bool inOverlay() const { return overlayGroup != 0; }
    bool appliesTo(int frameIndex) const { return frame < 0 || frame == frameIndex; }
    auto operator<=>(const RedactionRegion&) const = default;
};

// The same place of the same text: on a common frame (and the same plane or the pixels), and
// the intersection covers at least half of the smaller box. How a kept finding is recognised
// among the regions found again at export (image frames and report pages alike).
bool sameRegion(const RedactionRegion& a, const RedactionRegion& b);

// A box in JSON, one shape for every file Veil writes or reads (the review file, a boxes file,
// the audit log; docs/redaction-boxes.md): "frame" (0-based, or "all" for every frame), "x",
// "y", "w", "h"; the instance it is on as kBoxInstanceKey.
inline constexpr const char* kBoxInstanceKey = "sopInstanceUid";
QJsonValue frameToJson(int frame); // -1 → "all"
// "all" → -1, a whole number 0..1e6 → itself; anything else: nullopt.
std::optional<int> frameFromJson(const QJsonValue& value);
QJsonObject regionToJson(const RedactionRegion& region); // frame, x, y, w, h

// One entry of a boxes file: which instance (by path, by SOP Instance UID, or both, when
// both must match) and its box.
struct BoxEntry {
    std::string file;           // as written in the file; empty when keyed by UID only
    std::string normalisedFile; // normaliseBoxPath(file), worked out once when read
    std::string sopInstanceUid; // empty when keyed by file only
    RedactionRegion region;
    int index = 0; // position in the file's list, 0-based, for messages
};

struct BoxesFile {
    std::string source; // the boxes file's path, for messages
    std::vector<BoxEntry> entries;
};

// Reads and checks a boxes file. Throws veil::Error naming the file, the entry (0-based
// index) and the problem.
BoxesFile loadBoxesFile(const std::filesystem::path& path);
// The same from text already in memory; `source` names it in messages.
BoxesFile parseBoxes(const std::string& json, const std::string& source);

// The regions for one instance: entries whose file matches `instance.path` (both sides made
// absolute against the current directory and normalised) and/or whose UID matches.
std::vector<RedactionRegion> regionsFor(const BoxesFile& boxes, const InstanceInfo& instance);

// Both sides of a path comparison: absolute, lexically normal, symlinks resolved where the
// path exists.
std::string normaliseBoxPath(const std::string& path);

} // namespace veil
