#include "deid/MappingTable.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>
#include <fstream>
#include <sstream>

namespace veil {

namespace {

constexpr char kMagic[8] = {'V', 'E', 'I', 'L', 'M', 'A', 'P', '1'};
constexpr std::pair<MappingEntry::Kind, const char*> kKinds[] = {
    {MappingEntry::Kind::Patient, "patient"},
    {MappingEntry::Kind::Study, "study"},
    {MappingEntry::Kind::Series, "series"},
    {MappingEntry::Kind::Instance, "instance"},
    {MappingEntry::Kind::Uid, "uid"},
    {MappingEntry::Kind::Accession, "accession"},
    {MappingEntry::Kind::DateOffset, "date-offset"},
};

ProjectKey::Bytes tableKey(const ProjectKey& key) {
    return key.mac("veil/mapping-table/v1", "");
}

} // namespace

const char* kindName(MappingEntry::Kind kind) {
    for (const auto& [k, name] : kKinds)
        if (k == kind)
            return name;
    return "?";
}

void MappingTable::addPlan(const DeidPlan& plan) {
    using K = MappingEntry::Kind;
    if (!plan.patient.pseudonymId.empty()) {
        const std::string who =
            plan.patient.originalId.empty()
                ? plan.patient.originalName
                : plan.patient.originalId + " (" + plan.patient.originalName + ")";
        add({K::Patient, who, plan.patient.pseudonymId});
        if (plan.patient.dateOffsetDays != 0)
            add({K::DateOffset, plan.patient.pseudonymId,
                 std::to_string(plan.patient.dateOffsetDays) + " days"});
    }
    if (!plan.accessionPseudonym.empty())
        add({K::Accession, plan.accessionOriginal, plan.accessionPseudonym});
    const std::pair<Tag, K> named[] = {{tags::StudyInstanceUID, K::Study},
                                       {tags::SeriesInstanceUID, K::Series},
                                       {tags::SOPInstanceUID, K::Instance}};
    std::set<std::string> namedUids;
    for (const auto& [tag, kind] : named) {
        const std::string before = plan.valueBefore(tag);
        if (auto it = plan.uidMap.find(before); it != plan.uidMap.end()) {
            add({kind, it->first, it->second});
            namedUids.insert(it->first);
        }
    }
    for (const auto& [from, to] : plan.uidMap)
        if (!namedUids.count(from))
            add({K::Uid, from, to});
}

void MappingTable::merge(const MappingTable& other) {
    m_entries.insert(other.m_entries.begin(), other.m_entries.end());
}

std::string MappingTable::toJson() const {
    QJsonArray rows;
    for (const MappingEntry& e : m_entries)
        rows.append(QJsonArray{kindName(e.kind), QString::fromStdString(e.original),
                               QString::fromStdString(e.pseudonym)});
    return QJsonDocument(QJsonObject{{"veilMapping", 1}, {"entries", rows}})
        .toJson(QJsonDocument::Compact)
        .toStdString();
}

MappingTable MappingTable::fromJson(const std::string& json) {
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
    if (!doc.isObject() || doc.object().value("veilMapping").toInt() != 1)
        throw Error("not a Veil mapping table");
    MappingTable t;
    for (const QJsonValue& v : doc.object().value("entries").toArray()) {
        const QJsonArray a = v.toArray();
        MappingEntry e;
        bool known = false;
        for (const auto& [k, name] : kKinds)
            if (a.at(0).toString() == name) {
                e.kind = k;
                known = true;
            }
        if (!known || a.size() != 3)
            throw Error("mapping table: an entry is malformed");
        e.original = a.at(1).toString().toStdString();
        e.pseudonym = a.at(2).toString().toStdString();
        t.add(std::move(e));
    }
    return t;
}

std::string MappingTable::text() const {
    std::string out;
    for (const MappingEntry& e : m_entries) {
        char kind[16];
        std::snprintf(kind, sizeof kind, "%-12s", kindName(e.kind));
        out += std::string(kind) + e.original + "  ->  " + e.pseudonym + "\n";
    }
    return out;
}

void MappingTable::save(const std::filesystem::path& file, const ProjectKey& key) const {
    ProjectKey::Bytes k = tableKey(key);
    std::string out(kMagic, 8);
    out += sealWithKey(toJson(), k);
    writePrivateFile(file, out);
}

MappingTable MappingTable::open(const std::filesystem::path& file, const ProjectKey& key) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file.string(), "cannot be opened for reading");
    std::ostringstream s;
    s << in.rdbuf();
    const std::string data = s.str();
    if (data.size() < 8 || std::memcmp(data.data(), kMagic, 8) != 0)
        throw Error(file.string(), "not a Veil mapping table");
    const auto plain = openWithKey(std::string_view(data).substr(8), tableKey(key));
    if (!plain)
        throw Error(file.string(),
                    "this mapping table was sealed with another project key (or altered)");
    try {
        return fromJson(*plain);
    } catch (const Error& e) {
        throw Error(file.string(), e.what());
    }
}

} // namespace veil
