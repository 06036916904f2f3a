#include "slides/Package.h"

#include "common/Error.h"
#include "study/ArchiveRules.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryFile>
#include <QUrl>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>

#include <deque>

namespace veil {

namespace {

const QString kContentTypes = QStringLiteral("[Content_Types].xml");
const QString kRelNs =
    QStringLiteral("http://schemas.openxmlformats.org/package/2006/relationships");
const QString kTypesNs =
    QStringLiteral("http://schemas.openxmlformats.org/package/2006/content-types");

std::string s(const QString& q) {
    return q.toStdString();
}

QString folderOf(const QString& part) {
    const int slash = part.lastIndexOf('/');
    return slash < 0 ? QString() : part.left(slash);
}

QString normalise(const QString& path) {
    QStringList out;
    for (const QString& piece : path.split('/', Qt::SkipEmptyParts)) {
        if (piece == ".")
            continue;
        if (piece == "..") {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        out << piece;
    }
    return out.join('/');
}

} // namespace

void checkNoDtd(const QByteArray& xml, const QString& part) {
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.tokenType() == QXmlStreamReader::DTD)
            throw Error(s(part), "holds a DTD: refused (a package's XML never needs one)");
        if (r.isStartElement())
            return; // a DTD can only come before the root
    }
}

DeckPackage DeckPackage::read(const QString& path) {
    const std::string shown = s(path);
    if (!QFileInfo(path).isFile())
        throw Error(shown, "no such file");
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdUnzip))
        throw Error(shown,
                    "not a slide deck: the file is not a zip package (corrupt or not .pptx)");
    DeckPackage pkg;
    pkg.m_source = path;
    long long total = 0;
    int entries = 0;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        const QString name = zip.getCurrentFileName();
        if (++entries > kMaxParts)
            throw Error(shown, "the package has more than " + std::to_string(kMaxParts) +
                                   " entries: refused");
        if (name.endsWith('/'))
            continue;
        if (!archive::safeEntryName(name))
            throw Error(shown, "unsafe entry name inside the package (" + s(name) + "): refused");
        QuaZipFile entry(&zip);
        if (!entry.open(QIODevice::ReadOnly))
            throw Error(shown, "the entry " + s(name) + " could not be read");
        const long long compressed = entry.csize();
        QByteArray bytes;
        char buf[1 << 16];
        qint64 n = 0;
        while ((n = entry.read(buf, sizeof buf)) > 0) {
            bytes.append(buf, n);
            total += n;
            if (bytes.size() > archive::kMaxEntryBytes || total > kMaxPackageBytes)
                throw Error(shown, "the package expands past " + std::to_string(kMaxPackageBytes) +
                                       " bytes: refused");
            if (archive::expandsTooMuch(bytes.size(), compressed))
                throw Error(shown, "the entry " + s(name) + " expands more than " +
                                       std::to_string(archive::kMaxRatio) +
                                       " times its compressed size: refused as a zip bomb");
        }
        entry.close();
        if (n < 0 || entry.getZipError() != UNZ_OK)
            throw Error(shown, "the entry " + s(name) + " is corrupt (CRC or data error)");
        QString key = QDir::cleanPath(name);
        if (pkg.m_parts.count(key))
            throw Error(shown, "the entry " + s(name) + " appears twice: refused");
        pkg.m_parts[key] = std::move(bytes);
    }
    if (zip.getZipError() != UNZ_OK)
        throw Error(shown, "the zip package is corrupt");
    if (!pkg.m_parts.count(kContentTypes))
        throw Error(shown, "not an Office package: [Content_Types].xml is missing");
    for (const auto& [name, bytes] : pkg.m_parts)
        if (name.endsWith(".xml") || name.endsWith(".rels"))
            checkNoDtd(bytes, path + " " + name);
    pkg.readContentTypes();
    return pkg;
}

void DeckPackage::readContentTypes() {
    QXmlStreamReader r(m_parts[kContentTypes]);
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement())
            continue;
        const auto a = r.attributes();
        if (r.name() == u"Default")
            m_defaults[a.value("Extension").toString().toLower()] =
                a.value("ContentType").toString();
        else if (r.name() == u"Override")
            m_overrides[normalise(a.value("PartName").toString())] =
                a.value("ContentType").toString();
    }
    if (r.hasError())
        throw Error(s(m_source), "[Content_Types].xml cannot be read: " + s(r.errorString()));
    m_parts.erase(kContentTypes);
}

void DeckPackage::writeContentTypes() {
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument("1.0", true);
    w.writeStartElement("Types");
    w.writeDefaultNamespace(kTypesNs);
    for (const auto& [ext, type] : m_defaults) {
        w.writeEmptyElement("Default");
        w.writeAttribute("Extension", ext);
        w.writeAttribute("ContentType", type);
    }
    for (const auto& [part, type] : m_overrides) {
        w.writeEmptyElement("Override");
        w.writeAttribute("PartName", "/" + part);
        w.writeAttribute("ContentType", type);
    }
    w.writeEndElement();
    w.writeEndDocument();
    m_parts[kContentTypes] = out;
}

void DeckPackage::write(const QString& path) const {
    DeckPackage copy = *this;
    copy.writeContentTypes();
    const std::string shown = s(path);
    const QFileInfo dest(path);
    QTemporaryFile tmp(dest.absolutePath() + "/" + dest.fileName() + ".veil-partial-XXXXXX");
    if (!tmp.open())
        throw Error(shown, "cannot write next to the destination: " + s(tmp.errorString()));
    tmp.close();
    {
        QuaZip zip(tmp.fileName());
        if (!zip.open(QuaZip::mdCreate))
            throw Error(shown, "cannot create the package");
        QStringList order{kContentTypes};
        for (const auto& [name, bytes] : copy.m_parts)
            if (name != kContentTypes)
                order << name;
        for (const QString& name : order) {
            QuaZipFile f(&zip);
            if (!f.open(QIODevice::WriteOnly, QuaZipNewInfo(name), nullptr, 0, Z_DEFLATED,
                        Z_DEFAULT_COMPRESSION)) {
                throw Error(shown, "cannot write the entry " + s(name));
            }
            const QByteArray& bytes = copy.m_parts.at(name);
            if (f.write(bytes) != bytes.size())
                throw Error(shown, "cannot write the entry " + s(name));
            f.close();
            if (f.getZipError() != ZIP_OK)
                throw Error(shown, "cannot write the entry " + s(name));
        }
        zip.close();
        if (zip.getZipError() != ZIP_OK)
            throw Error(shown, "cannot finish the package");
    }
    QFile::remove(path);
    if (!QFile::rename(tmp.fileName(), path))
        throw Error(shown, "cannot rename the finished package into place");
    tmp.setAutoRemove(false);
}

QByteArray DeckPackage::part(const QString& name) const {
    auto it = m_parts.find(name);
    return it == m_parts.end() ? QByteArray() : it->second;
}

QStringList DeckPackage::partNames() const {
    QStringList out;
    for (const auto& [name, bytes] : m_parts)
        out << name;
    return out;
}

QString DeckPackage::relsName(const QString& part) {
    if (part.isEmpty())
        return "_rels/.rels";
    const QString folder = folderOf(part);
    const QString file = part.mid(folder.isEmpty() ? 0 : folder.size() + 1);
    return (folder.isEmpty() ? QString() : folder + "/") + "_rels/" + file + ".rels";
}

bool DeckPackage::isRelsName(const QString& name) {
    return name.endsWith(".rels") && (name.startsWith("_rels/") || name.contains("/_rels/"));
}

QString DeckPackage::resolve(const QString& source, const QString& target) {
    QString t = target;
    const int hash = t.indexOf('#');
    if (hash >= 0)
        t = t.left(hash);
    t = QUrl::fromPercentEncoding(t.toUtf8());
    if (t.startsWith('/'))
        return normalise(t);
    const QString folder = folderOf(source);
    return normalise(folder.isEmpty() ? t : folder + "/" + t);
}

QString DeckPackage::relativeTarget(const QString& source, const QString& part) {
    const QString folder = folderOf(source);
    if (folder.isEmpty())
        return part;
    const QStringList from = folder.split('/', Qt::SkipEmptyParts);
    const QStringList to = part.split('/', Qt::SkipEmptyParts);
    int common = 0;
    while (common < from.size() && common < to.size() - 1 && from[common] == to[common])
        ++common;
    QStringList out;
    for (int i = common; i < from.size(); ++i)
        out << "..";
    for (int i = common; i < to.size(); ++i)
        out << to[i];
    return out.join('/');
}

std::vector<Relationship> DeckPackage::relationships(const QString& part) const {
    std::vector<Relationship> out;
    auto it = m_parts.find(relsName(part));
    if (it == m_parts.end())
        return out;
    QXmlStreamReader r(it->second);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == u"Relationship") {
            const auto a = r.attributes();
            out.push_back({a.value("Id").toString(), a.value("Type").toString(),
                           a.value("Target").toString(),
                           a.value("TargetMode").compare(u"External", Qt::CaseInsensitive) == 0});
        }
    }
    if (r.hasError())
        throw Error(s(m_source), s(relsName(part)) + " cannot be read: " + s(r.errorString()));
    return out;
}

void DeckPackage::setRelationships(const QString& part, const std::vector<Relationship>& rels) {
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartDocument("1.0", true);
    w.writeStartElement("Relationships");
    w.writeDefaultNamespace(kRelNs);
    for (const Relationship& rel : rels) {
        w.writeEmptyElement("Relationship");
        w.writeAttribute("Id", rel.id);
        w.writeAttribute("Type", rel.type);
        w.writeAttribute("Target", rel.target);
        if (rel.external)
            w.writeAttribute("TargetMode", "External");
    }
    w.writeEndElement();
    w.writeEndDocument();
    m_parts[relsName(part)] = out;
}

QString DeckPackage::contentType(const QString& part) const {
    if (auto it = m_overrides.find(part); it != m_overrides.end())
        return it->second;
    const QString ext = QFileInfo(part).suffix().toLower();
    auto it = m_defaults.find(ext);
    return it == m_defaults.end() ? QString() : it->second;
}

void DeckPackage::setOverride(const QString& part, const QString& type) {
    m_overrides[part] = type;
}

void DeckPackage::ensureDefault(const QString& extension, const QString& type) {
    if (!m_defaults.count(extension.toLower()))
        m_defaults[extension.toLower()] = type;
}

void DeckPackage::removeWithLinks(const QString& part) {
    m_parts.erase(part);
    m_parts.erase(relsName(part));
    m_overrides.erase(part);
    std::vector<QString> sources;
    for (const auto& [name, bytes] : m_parts)
        if (isRelsName(name))
            sources.push_back(name);
    for (const QString& relsPart : sources) {
        // the source part of a rels file: "a/_rels/b.xml.rels" -> "a/b.xml"; "_rels/.rels" -> ""
        QString src = relsPart;
        src.remove(src.lastIndexOf("_rels/"), 6);
        src.chop(5);
        std::vector<Relationship> rels = relationships(src);
        const auto before = rels.size();
        std::erase_if(rels, [&](const Relationship& r) {
            return !r.external && resolve(src, r.target) == part;
        });
        if (rels.size() != before)
            setRelationships(src, rels);
    }
}

QStringList DeckPackage::removeUnreachable() {
    QSet<QString> reached;
    std::deque<QString> todo{QString()};
    while (!todo.empty()) {
        const QString src = todo.front();
        todo.pop_front();
        for (const Relationship& r : relationships(src)) {
            if (r.external)
                continue;
            const QString target = resolve(src, r.target);
            if (!reached.contains(target) && m_parts.count(target)) {
                reached.insert(target);
                todo.push_back(target);
            }
        }
    }
    QStringList removed;
    for (const QString& name : partNames()) {
        if (name == kContentTypes || reached.contains(name))
            continue;
        if (isRelsName(name)) {
            QString src = name;
            src.remove(src.lastIndexOf("_rels/"), 6);
            src.chop(5);
            if (src.isEmpty() || reached.contains(src))
                continue;
        }
        m_parts.erase(name);
        removed << name;
    }
    std::erase_if(m_overrides, [&](const auto& kv) { return !m_parts.count(kv.first); });
    return removed;
}

} // namespace veil
