#pragma once
// An Office Open XML package (a .pptx) held in memory: its parts by name, its relationships
// and content types. Read from an untrusted zip with the archive rules of study/ArchiveRules
// (safe names, inflated bytes counted, zip bombs refused, at most kMaxParts entries and
// kMaxPackageBytes in all), and written back through a temporary file beside the destination
// that is renamed over it. Parts are named without a leading slash ("ppt/slides/slide1.xml").
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace veil {

struct Relationship {
    QString id, type, target; // target as written (relative to the source part's folder)
    bool external = false;    // TargetMode="External"
};

class DeckPackage {
public:
    static constexpr int kMaxParts = 10000;
    static constexpr long long kMaxPackageBytes = 4LL << 30;

    // Throws veil::Error naming the file when it is not a readable, safe zip.
    static DeckPackage read(const QString& path);
    // Writes every part (content types first) to DEST.veil-partial-XXXXXX next to `path`,
    // then renames it over `path`. Throws veil::Error; nothing is left at `path` on failure.
    void write(const QString& path) const;

    bool has(const QString& part) const { return m_parts.count(part) != 0; }
    QByteArray part(const QString& name) const;
    void setPart(const QString& name, QByteArray bytes) { m_parts[name] = std::move(bytes); }
    void removePart(const QString& name) { m_parts.erase(name); }
    QStringList partNames() const;
    const QString& source() const { return m_source; }

    // Relationships of a part ("" for the package's own _rels/.rels).
    std::vector<Relationship> relationships(const QString& part) const;
    void setRelationships(const QString& part, const std::vector<Relationship>& rels);
    // The part a relationship of `source` points to (internal targets only).
    static QString resolve(const QString& source, const QString& target);
    // A target for `part` written relative to `source`'s folder.
    static QString relativeTarget(const QString& source, const QString& part);
    static QString relsName(const QString& part);
    static bool isRelsName(const QString& name);

    // [Content_Types].xml: the type of a part (Override, else Default by extension).
    QString contentType(const QString& part) const;
    void setOverride(const QString& part, const QString& type);
    void ensureDefault(const QString& extension, const QString& type);

    // Removes a part, its relationships, every relationship pointing at it and its Override.
    void removeWithLinks(const QString& part);
    // Removes every part no relationship chain from the package root reaches, and Overrides
    // of parts that are gone. Returns the parts removed.
    QStringList removeUnreachable();

private:
    void readContentTypes();
    void writeContentTypes();

    QString m_source;
    std::map<QString, QByteArray> m_parts;
    std::map<QString, QString> m_defaults;  // extension (lower case) -> type
    std::map<QString, QString> m_overrides; // part -> type
};

// Refuses DTDs (no entity expansion in a package's XML): throws veil::Error naming `part`.
void checkNoDtd(const QByteArray& xml, const QString& part);

} // namespace veil
