#include "deid/StandardTable.h"

#include "common/Error.h"
#include "common/JsonRead.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cctype>
#include <cstdio>
#include <mutex>

namespace veil {

namespace {

constexpr std::pair<const char*, TableAction> kActions[] = {
    {"D", TableAction::D},       {"Z", TableAction::Z},        {"X", TableAction::X},
    {"K", TableAction::K},       {"C", TableAction::C},        {"U", TableAction::U},
    {"Z/D", TableAction::ZD},    {"X/Z", TableAction::XZ},     {"X/D", TableAction::XD},
    {"X/Z/D", TableAction::XZD}, {"X/Z/U*", TableAction::XZU},
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trimmed(std::string_view s) {
    const auto a = s.find_first_not_of(' ');
    if (a == std::string_view::npos)
        return {};
    return std::string(s.substr(a, s.find_last_not_of(' ') - a + 1));
}

[[noreturn]] void bad(const std::string& origin, const std::string& key,
                      const std::string& problem) {
    throw Error(origin, key + ": " + problem);
}

TableRow parseRow(const QJsonObject& o, const std::string& origin, const std::string& key) {
    TableRow row;
    if (o.contains("tag")) {
        const auto pattern = TagPattern::parse(o.value("tag").toString().toStdString());
        if (!pattern)
            bad(origin, key + ".tag",
                "'" + o.value("tag").toString().toStdString() + "' is not a tag");
        row.tag = *pattern;
    }
    row.name = o.value("name").toString().toStdString();
    row.retired = o.value("retired").toBool();
    const auto basic = parseTableAction(o.value("basic").toString().toStdString());
    if (!basic)
        bad(origin, key + ".basic",
            "'" + o.value("basic").toString().toStdString() + "' is not an action");
    row.basic = *basic;
    const QJsonObject options = o.value("options").toObject();
    for (auto it = options.begin(); it != options.end(); ++it) {
        const auto option = optionFromName(it.key().toStdString());
        const auto action = parseTableAction(it.value().toString().toStdString());
        if (!option)
            bad(origin, key + ".options." + it.key().toStdString(), "not a PS3.15 option");
        if (!action)
            bad(origin, key + ".options." + it.key().toStdString(), "not an action");
        row.options[std::size_t(*option)] = *action;
    }
    return row;
}

std::string readResource(const char* name) {
    QFile f(name);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(name, "the embedded profile data is missing from this build");
    return f.readAll().toStdString();
}

} // namespace

std::optional<TableAction> parseTableAction(std::string_view text) {
    std::string t;
    for (char c : text)
        if (c != ' ')
            t += char(std::toupper(static_cast<unsigned char>(c)));
    if (t == "X/Z/U")
        t = "X/Z/U*";
    for (const auto& [name, action] : kActions)
        if (t == name)
            return action;
    return std::nullopt;
}

std::vector<TableAction> allTableActions() {
    std::vector<TableAction> out;
    for (const auto& [name, a] : kActions)
        out.push_back(a);
    return out;
}

const char* toString(TableAction action) {
    for (const auto& [name, a] : kActions)
        if (a == action)
            return name;
    return "?";
}

std::optional<TagPattern> TagPattern::parse(std::string_view text) {
    std::string hex;
    for (char c : text) {
        if (std::isxdigit(static_cast<unsigned char>(c)) || c == 'x' || c == 'X')
            hex += char(std::toupper(static_cast<unsigned char>(c)));
        else if (c != '(' && c != ')' && c != ',' && c != ' ')
            return std::nullopt;
    }
    if (hex.size() != 8)
        return std::nullopt;
    TagPattern p;
    p.value = 0;
    p.mask = 0;
    for (char c : hex) {
        p.value <<= 4;
        p.mask <<= 4;
        if (c != 'X') {
            p.value |= std::uint32_t(std::stoul(std::string(1, c), nullptr, 16));
            p.mask |= 0xF;
        }
    }
    return p;
}

std::string TagPattern::toString() const {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "(";
    for (int nibble = 7; nibble >= 0; --nibble) {
        if (nibble == 3)
            out += ',';
        const unsigned shift = unsigned(nibble) * 4;
        out += ((mask >> shift) & 0xF) ? kHex[(value >> shift) & 0xF] : 'x';
    }
    return out + ")";
}

std::shared_ptr<const StandardTables> StandardTables::builtIn() {
    static std::once_flag once;
    static std::shared_ptr<const StandardTables> tables;
    std::call_once(once, [] {
        tables =
            fromJson(readResource(":/profiles/ps315-e1-1.json"), "profiles/ps315-e1-1.json",
                     readResource(":/profiles/safe-private.json"), "profiles/safe-private.json");
    });
    return tables;
}

std::shared_ptr<const StandardTables>
StandardTables::load(const std::filesystem::path& table, const std::filesystem::path& safePrivate) {
    const std::string tableText = readFileOrThrow(table); // the table first: errors name it first
    return fromJson(tableText, table.string(), readFileOrThrow(safePrivate), safePrivate.string());
}

std::shared_ptr<const StandardTables> StandardTables::fromJson(const std::string& table,
                                                               const std::string& tableOrigin,
                                                               const std::string& safePrivate,
                                                               const std::string& safeOrigin) {
    auto t = std::make_shared<StandardTables>();
    const QJsonObject top = parseJsonObject(table, tableOrigin);
    t->m_edition = top.value("edition").toString().toStdString();
    if (t->m_edition.empty())
        bad(tableOrigin, "edition",
            "missing: a table must say which edition of PS3.15 it came from");
    if (!top.value("privateAttributes").isObject())
        bad(tableOrigin, "privateAttributes",
            "missing: the row for private attributes is required");
    t->m_private =
        parseRow(top.value("privateAttributes").toObject(), tableOrigin, "privateAttributes");
    const QJsonArray rows = top.value("rows").toArray();
    if (rows.isEmpty())
        bad(tableOrigin, "rows", "missing or empty");
    for (int i = 0; i < rows.size(); ++i) {
        const std::string key = "rows[" + std::to_string(i) + "]";
        if (!rows[i].toObject().contains("tag"))
            bad(tableOrigin, key + ".tag", "missing");
        TableRow row = parseRow(rows[i].toObject(), tableOrigin, key);
        const std::size_t index = t->m_rows.size();
        if (row.tag.isExact())
            t->m_exact.emplace(row.tag.value, index);
        else
            t->m_wildcards.push_back(index);
        t->m_rows.push_back(std::move(row));
    }

    const QJsonObject safe = parseJsonObject(safePrivate, safeOrigin);
    t->m_safeEdition = safe.value("edition").toString().toStdString();
    const QJsonArray safeRows = safe.value("rows").toArray();
    for (int i = 0; i < safeRows.size(); ++i) {
        const QJsonObject o = safeRows[i].toObject();
        const std::string key = "rows[" + std::to_string(i) + "]";
        bool okGroup = false, okElement = false;
        SafePrivateRow r;
        r.group = std::uint16_t(o.value("group").toString().toUInt(&okGroup, 16));
        r.element = std::uint8_t(o.value("element").toString().toUInt(&okElement, 16));
        if (!okGroup || (r.group & 1) == 0)
            bad(safeOrigin, key + ".group", "not an odd (private) group in hex");
        if (!okElement)
            bad(safeOrigin, key + ".element", "not an element byte in hex");
        r.privateCreator = trimmed(o.value("privateCreator").toString().toStdString());
        if (r.privateCreator.empty())
            bad(safeOrigin, key + ".privateCreator", "missing");
        r.vr = o.value("vr").toString().toStdString();
        r.meaning = o.value("meaning").toString().toStdString();
        r.source = o.value("source").toString().toStdString();
        t->m_safeIndex.emplace((std::uint32_t(r.group) << 8) | r.element, t->m_safe.size());
        t->m_safe.push_back(std::move(r));
    }
    return t;
}

const TableRow* StandardTables::find(Tag tag) const {
    if (auto it = m_exact.find(tag.key()); it != m_exact.end())
        return &m_rows[it->second];
    for (std::size_t i : m_wildcards)
        if (m_rows[i].tag.matches(tag))
            return &m_rows[i];
    return nullptr;
}

const SafePrivateRow* StandardTables::findSafePrivate(Tag tag,
                                                      std::string_view privateCreator) const {
    if (!tag.isPrivate() || tag.element < 0x1000)
        return nullptr;
    const std::string creator = lower(trimmed(privateCreator));
    const auto [begin, end] =
        m_safeIndex.equal_range((std::uint32_t(tag.group) << 8) | (tag.element & 0xFF));
    for (auto it = begin; it != end; ++it)
        if (lower(m_safe[it->second].privateCreator) == creator)
            return &m_safe[it->second];
    return nullptr;
}

} // namespace veil
