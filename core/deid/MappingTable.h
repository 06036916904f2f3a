#pragma once
// The record of a pseudonymised (limited-level) release: original ↔ pseudonym for patients,
// studies, accession numbers and UIDs, and each patient's date offset. Kept by the sender,
// encrypted; never written into an export, a log or an error message.
#include "deid/DeidPlan.h"
#include "deid/ProjectKey.h"

#include <filesystem>
#include <set>
#include <string>
#include <tuple>

namespace veil {

struct MappingEntry {
    enum class Kind { Patient, Study, Series, Instance, Uid, Accession, DateOffset };
    Kind kind = Kind::Uid;
    std::string original, pseudonym; // DateOffset: the patient pseudonym and the offset in days
    auto operator<=>(const MappingEntry&) const = default;
};
const char* kindName(MappingEntry::Kind kind);

class MappingTable {
public:
    void add(MappingEntry entry) { m_entries.insert(std::move(entry)); }
    void addPlan(const DeidPlan& plan); // everything a plan pseudonymised
    void merge(const MappingTable& other);
    const std::set<MappingEntry>& entries() const { return m_entries; }
    bool empty() const { return m_entries.empty(); }

    std::string toJson() const;
    static MappingTable fromJson(const std::string& json); // throws veil::Error
    std::string text() const; // one "kind  original  →  pseudonym" line per entry

    // Sealed with a subkey of the project key (HMAC domain "veil/mapping-table/v1"),
    // XSalsa20-Poly1305: opening it needs the key file and its passphrase.
    void save(const std::filesystem::path& file, const ProjectKey& key) const;
    static MappingTable open(const std::filesystem::path& file, const ProjectKey& key);

private:
    std::set<MappingEntry> m_entries;
};

} // namespace veil
