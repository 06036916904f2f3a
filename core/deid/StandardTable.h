#pragma once
// PS3.15 Table E.1-1 and the Safe Private table (E.3.10-1) as loaded at run time from
// profiles/ps315-e1-1.json and profiles/safe-private.json (embedded as Qt resources,
// or read from files given by a profile). No DCMTK here.
#include "deid/Options.h"
#include "dicom/Tag.h"

#include <array>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace veil {

// An action cell of the table, compound ones included.
enum class TableAction { D, Z, X, K, C, U, ZD, XZ, XD, XZD, XZU };
// The one string codec of an action (profile files, the review's overrides, the GUI's list).
std::optional<TableAction> parseTableAction(std::string_view text); // "X/Z/U*", "x/z/u"
const char* toString(TableAction action);                           // "X/Z/U*"
std::vector<TableAction> allTableActions(); // D, Z, X, K, C, U, Z/D, X/Z, X/D, X/Z/D, X/Z/U*

// A tag or a pattern with wildcard nibbles: "(60XX,3000)" matches 6000..60FF.
struct TagPattern {
    std::uint32_t value = 0;
    std::uint32_t mask = 0xFFFFFFFF; // bits that must match
    bool matches(Tag t) const { return (t.key() & mask) == value; }
    bool isExact() const { return mask == 0xFFFFFFFF; }
    static std::optional<TagPattern> parse(std::string_view text); // "(0010,0010)", "(50xx,xxxx)"
    std::string toString() const;
};

struct TableRow {
    TagPattern tag;
    std::string name;
    bool retired = false;
    TableAction basic = TableAction::X;
    std::array<std::optional<TableAction>, kOptionCount> options;
    std::optional<TableAction> option(Option o) const { return options[std::size_t(o)]; }
};

struct SafePrivateRow {
    std::uint16_t group = 0;
    std::uint8_t element = 0; // the low byte: (gggg,xxEE)
    std::string privateCreator, vr, meaning, source;
};

class StandardTables {
public:
    // The tables embedded in Veil (loaded once per process).
    static std::shared_ptr<const StandardTables> builtIn();
    // Tables read from files in the same format. Throws veil::Error naming the file and key.
    static std::shared_ptr<const StandardTables> load(const std::filesystem::path& table,
                                                      const std::filesystem::path& safePrivate);
    static std::shared_ptr<const StandardTables> fromJson(const std::string& table,
                                                          const std::string& tableOrigin,
                                                          const std::string& safePrivate,
                                                          const std::string& safePrivateOrigin);

    // The row for a standard element: an exact row first, then a wildcard one.
    const TableRow* find(Tag tag) const;
    const TableRow& privateAttributes() const { return m_private; }
    const SafePrivateRow* findSafePrivate(Tag tag, std::string_view privateCreator) const;

    const std::vector<TableRow>& rows() const { return m_rows; }
    const std::vector<SafePrivateRow>& safePrivateRows() const { return m_safe; }
    const std::string& edition() const { return m_edition; }
    const std::string& safePrivateEdition() const { return m_safeEdition; }

private:
    std::vector<TableRow> m_rows;
    std::unordered_map<std::uint32_t, std::size_t> m_exact;
    std::vector<std::size_t> m_wildcards;
    TableRow m_private;
    std::vector<SafePrivateRow> m_safe;
    std::unordered_multimap<std::uint32_t, std::size_t> m_safeIndex; // (group << 8 | element)
    std::string m_edition, m_safeEdition;
};

} // namespace veil
