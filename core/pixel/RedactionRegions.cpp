#include "pixel/RedactionRegions.h"

#include "common/Error.h"
#include "common/JsonRead.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace veil {

namespace {

class EntryReader {
public:
    EntryReader(const std::string& source, int index) : m_source(source), m_index(index) {}

    BoxEntry read(const QJsonValue& value) const {
        if (!value.isObject())
            fail("is not a JSON object");
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const QStringList known = {"file", kBoxInstanceKey, "frame", "x", "y", "w", "h"};
            if (!known.contains(it.key()))
                fail("has an unknown key \"" + it.key().toStdString() +
                     "\" (allowed: file, sopInstanceUid, frame, x, y, w, h)");
        }
        BoxEntry e;
        e.index = m_index;
        e.file = text(o, "file");
        e.normalisedFile = e.file.empty() ? std::string() : normaliseBoxPath(e.file);
        e.sopInstanceUid = text(o, kBoxInstanceKey);
        if (e.file.empty() && e.sopInstanceUid.empty())
            fail("names no instance: give \"file\" or \"sopInstanceUid\"");
        e.region.frame = frame(o);
        e.region.x = integer(o, "x", false);
        e.region.y = integer(o, "y", false);
        e.region.w = integer(o, "w", true);
        e.region.h = integer(o, "h", true);
        return e;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(m_source, "entry " + std::to_string(m_index) + " " + problem);
    }

    std::string text(const QJsonObject& o, const char* key) const {
        if (!o.contains(key))
            return {};
        if (!o[key].isString() || o[key].toString().trimmed().isEmpty())
            fail(std::string("has \"") + key + "\" that is not a non-empty string");
        return o[key].toString().trimmed().toStdString();
    }

    int integer(const QJsonObject& o, const char* key, bool positive) const {
        if (!o.contains(key))
            fail(std::string("lacks \"") + key + "\"");
        const QJsonValue v = o[key];
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d) || std::abs(d) > 1e6)
            fail(std::string("has \"") + key + "\" that is not a whole number");
        if (positive && d <= 0)
            fail(std::string("has \"") + key + "\" = " + std::to_string(int(d)) +
                 ": must be at least 1");
        return int(d);
    }

    int frame(const QJsonObject& o) const {
        if (!o.contains("frame"))
            fail("lacks \"frame\" (a 0-based frame number or \"all\")");
        const std::optional<int> f = frameFromJson(o["frame"]);
        if (!f)
            fail("has \"frame\" that is neither a 0-based frame number nor \"all\"");
        return *f;
    }

    std::string m_source;
    int m_index;
};

} // namespace

QJsonValue frameToJson(int frame) {
    return frame < 0 ? QJsonValue("all") : QJsonValue(frame);
}

std::optional<int> frameFromJson(const QJsonValue& v) {
    if (v.isString() && v.toString() == "all")
        return -1;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != std::floor(d) || d < 0 || d > 1e6)
        return std::nullopt;
    return int(d);
}

QJsonObject regionToJson(const RedactionRegion& r) {
    return QJsonObject{
        {"frame", frameToJson(r.frame)}, {"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
}

BoxesFile parseBoxes(const std::string& json, const std::string& source) {
    const QJsonArray list = parseJsonArray(json, source, {}, "a JSON list of boxes");
    BoxesFile out;
    out.source = source;
    for (int i = 0; i < list.size(); ++i)
        out.entries.push_back(EntryReader(source, i).read(list[i]));
    return out;
}

BoxesFile loadBoxesFile(const std::filesystem::path& path) {
    return parseBoxes(readFileOrThrow(path), path.string());
}

std::string normaliseBoxPath(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec).lexically_normal();
    const fs::path canonical = fs::weakly_canonical(p, ec);
    if (!ec)
        p = canonical;
    return p.string();
}

bool sameRegion(const RedactionRegion& a, const RedactionRegion& b) {
    const bool sameFrame = (a.frame < 0 || b.frame < 0 || a.frame == b.frame) &&
                           a.overlayGroup == b.overlayGroup; // pixels and each plane apart
    const long x = std::max(a.x, b.x), y = std::max(a.y, b.y);
    const long r = std::min(a.x + a.w, b.x + b.w), btm = std::min(a.y + a.h, b.y + b.h);
    return sameFrame && r > x && btm > y &&
           2 * (r - x) * (btm - y) >= std::min(long(a.w) * a.h, long(b.w) * b.h);
}

std::vector<RedactionRegion> regionsFor(const BoxesFile& boxes, const InstanceInfo& instance) {
    std::vector<RedactionRegion> out;
    const std::string path = normaliseBoxPath(instance.path);
    for (const BoxEntry& e : boxes.entries) {
        if (!e.file.empty() && e.normalisedFile != path)
            continue;
        if (!e.sopInstanceUid.empty() && e.sopInstanceUid != instance.sopInstanceUid)
            continue;
        out.push_back(e.region);
    }
    return out;
}

} // namespace veil
