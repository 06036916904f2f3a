#include "deid/Profile.h"

#include "common/Error.h"
#include "common/JsonRead.h"
#include "dicom/DicomFile.h"
#include "dicom/Dictionary.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cctype>
#include <set>

namespace veil {

namespace {

const std::set<QString> kTopKeys = {"veilProfile",      "name",  "base",    "table",
                                    "safePrivateTable", "level", "options", "overrides"};
const std::set<QString> kOverrideKeys = {"tag",    "keyword", "privateCreator",
                                         "action", "value",   "comment"};

struct Reader {
    std::string origin;
    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw Error(origin, key + ": " + problem);
    }
    std::string string(const QJsonObject& o, const QString& key, const std::string& path) const {
        const QJsonValue v = o.value(key);
        if (!v.isString())
            fail(path, v.isUndefined() ? "missing" : "must be a string");
        return v.toString().toStdString();
    }
};

std::string lower(std::string s) {
    for (char& c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(' ');
    return a == std::string::npos ? std::string() : s.substr(a, s.find_last_not_of(' ') - a + 1);
}

void checkKeys(const Reader& r, const QJsonObject& o, const std::set<QString>& allowed,
               const std::string& at) {
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!allowed.count(it.key()))
            r.fail(at + it.key().toStdString(), "unknown key (a typo?)");
}

TagPattern privatePattern(const Reader& r, const std::string& text, const std::string& key) {
    // "(0019,xx10)" or "(0019,1010)": the block byte is the creator's, only the low byte counts.
    std::string t = text;
    for (char& c : t)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    const auto p = TagPattern::parse(t);
    if (!p || (p->mask & 0xFFFF00FF) != 0xFFFF00FF)
        r.fail(key, "'" + text + "' is not a private element such as (0019,xx10)");
    if (((p->value >> 16) & 1) == 0)
        r.fail(key, "'" + text + "' is in an even group: private elements live in odd groups");
    TagPattern out;
    out.value = p->value & 0xFFFF00FF;
    out.mask = 0xFFFF00FF;
    return out;
}

Override parseOverride(const Reader& r, const QJsonObject& o, const std::string& key) {
    checkKeys(r, o, kOverrideKeys, key + ".");
    Override ov;
    ov.origin = r.origin + ": " + key;
    if (o.contains("keyword") == o.contains("tag"))
        r.fail(key, "give exactly one of \"tag\" or \"keyword\"");
    if (o.contains("privateCreator")) {
        ov.privateCreator = trimmed(r.string(o, "privateCreator", key + ".privateCreator"));
        if (ov.privateCreator.empty())
            r.fail(key + ".privateCreator", "must not be empty");
        if (!o.contains("tag"))
            r.fail(key + ".tag", "a private element needs its tag, such as (0019,xx10)");
        ov.tag = privatePattern(r, r.string(o, "tag", key + ".tag"), key + ".tag");
    } else if (o.contains("keyword")) {
        const std::string kw = r.string(o, "keyword", key + ".keyword");
        const auto tag = tagForKeyword(kw);
        if (!tag)
            r.fail(key + ".keyword", "'" + kw + "' is not a DICOM keyword");
        ov.tag.value = tag->key();
    } else {
        const std::string text = r.string(o, "tag", key + ".tag");
        const auto p = TagPattern::parse(text);
        if (!p)
            r.fail(key + ".tag", "'" + text +
                                     "' is not a tag such as (0010,1010) or a group "
                                     "wildcard such as (60xx,0022)");
        if (((p->value >> 16) & 1) && p->isExact())
            r.fail(key + ".tag", "'" + text + "' is private: give its \"privateCreator\" too");
        ov.tag = *p;
    }
    const std::string action = r.string(o, "action", key + ".action");
    const auto a = parseTableAction(action);
    if (!a)
        r.fail(key + ".action", "'" + action +
                                    "' is not an action (D, Z, X, K, C, U, Z/D, X/Z, "
                                    "X/D, X/Z/D or X/Z/U*)");
    ov.action = *a;
    if (o.contains("value")) {
        if (ov.action != TableAction::D)
            r.fail(key + ".value", "a replacement value needs action \"D\"");
        ov.value = r.string(o, "value", key + ".value");
    }
    return ov;
}

void parseOptions(const Reader& r, const QJsonValue& v, Profile& p) {
    if (!v.isObject())
        r.fail("options", "must be an object such as {\"cleanDescriptors\": true}");
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const std::string key = "options." + it.key().toStdString();
        const auto option = optionFromName(it.key().toStdString());
        if (!option)
            r.fail(key, "not a PS3.15 option (see docs/profiles.md for the option names)");
        if (!it.value().isBool())
            r.fail(key, "must be true or false");
        if (it.value().toBool())
            p.options.add(*option);
        else
            p.options.remove(*option);
    }
}

void parseTables(const Reader& r, const QJsonObject& o, const std::filesystem::path& baseDir,
                 Profile& p) {
    if (o.contains("base")) {
        const std::string base = lower(r.string(o, "base", "base"));
        if (base != "ps3.15" && base != "ps3.15-e1-1" && base != "standard")
            r.fail("base", "'" + base + "' is not a known base (use \"ps3.15\")");
    }
    if (!o.contains("table") && !o.contains("safePrivateTable"))
        return;
    auto resolve = [&](const char* key, const char* fallback) {
        if (!o.contains(key))
            return std::filesystem::path(fallback);
        std::filesystem::path f = r.string(o, key, key);
        return f.is_absolute() ? f : baseDir / f;
    };
    const auto table = resolve("table", "");
    const auto safe = resolve("safePrivateTable", "");
    if (table.empty() || safe.empty())
        r.fail(table.empty() ? "table" : "safePrivateTable",
               "give both \"table\" and \"safePrivateTable\" when replacing the built-in tables");
    p.tables = StandardTables::load(table, safe);
}

} // namespace

bool Override::matches(const ElementValue& e) const {
    const Tag t = e.path.leaf();
    if (!tag.matches(t))
        return false;
    if (privateCreator.empty())
        return !t.isPrivate(); // standard rules never reach into private blocks
    return t.isPrivate() && t.element >= 0x1000 &&
           lower(trimmed(e.privateCreator)) == lower(privateCreator);
}

int Override::specificity() const {
    if (tag.isExact())
        return 3;
    return privateCreator.empty() ? 1 : 2;
}

Profile Profile::standard(ReleaseLevel level) {
    Profile p;
    p.setLevel(level);
    p.name = std::string("PS3.15 Basic Profile, ") + levelName(level) + " level";
    return p;
}

void Profile::setLevel(ReleaseLevel newLevel) {
    level = newLevel;
    options = defaultOptions(newLevel);
}

void Profile::switchLevel(ReleaseLevel newLevel) {
    for (Option o : defaultOptions(level).list())
        options.remove(o);
    for (Option o : defaultOptions(newLevel).list())
        options.add(o);
    level = newLevel;
}

void Profile::validate() const {
    if (options.has(Option::RetainLongitudinalFullDates) &&
        options.has(Option::RetainLongitudinalModifiedDates))
        throw Error("profile '" + name +
                    "': options retainLongitudinalFullDates and "
                    "retainLongitudinalModifiedDates exclude each other: choose one");
}

const Override* Profile::findOverride(const ElementValue& element) const {
    const Override* best = nullptr;
    for (const Override& o : overrides)
        if (o.matches(element) && (!best || o.specificity() > best->specificity()))
            best = &o;
    return best;
}

Profile Profile::load(const std::filesystem::path& file) {
    return fromJson(readFileOrThrow(file), file.string(), file.parent_path());
}

Profile Profile::fromJson(const std::string& json, const std::string& origin,
                          const std::filesystem::path& baseDir) {
    const Reader r{origin};
    const QJsonObject o = parseJsonObject(json, origin, "a profile");
    checkKeys(r, o, kTopKeys, "");
    Profile p;
    if (o.contains("veilProfile") && o.value("veilProfile").toInt(-1) != 1)
        r.fail("veilProfile", "this Veil reads profile format 1");
    p.name = o.contains("name") ? r.string(o, "name", "name")
                                : std::filesystem::path(origin).stem().string();
    if (o.contains("level")) {
        const std::string level = r.string(o, "level", "level");
        const auto l = levelFromName(level);
        if (!l)
            r.fail("level", "'" + level + "' is not a release level (publication or limited)");
        p.setLevel(*l);
    }
    if (o.contains("options"))
        parseOptions(r, o.value("options"), p);
    parseTables(r, o, baseDir, p);
    if (o.contains("overrides")) {
        if (!o.value("overrides").isArray())
            r.fail("overrides", "must be an array of objects");
        const QJsonArray list = o.value("overrides").toArray();
        for (int i = 0; i < list.size(); ++i) {
            const std::string key = "overrides[" + std::to_string(i) + "]";
            if (!list[i].isObject())
                r.fail(key, "must be an object");
            p.overrides.push_back(parseOverride(r, list[i].toObject(), key));
        }
    }
    try {
        p.validate();
    } catch (const Error&) {
        r.fail(
            "options",
            "retainLongitudinalFullDates and retainLongitudinalModifiedDates exclude each other");
    }
    return p;
}

} // namespace veil
