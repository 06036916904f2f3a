#include "slides/DeckReader.h"

#include "common/Error.h"

#include <QFileInfo>
#include <QHash>
#include <QXmlStreamReader>

namespace veil {

namespace {

const QString kRNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string s(const QString& q) {
    return q.toStdString();
}

bool typeEnds(const QString& type, const char* suffix) {
    return type.endsWith(suffix);
}

bool isShapeElement(QStringView n) {
    return n == u"sp" || n == u"pic" || n == u"graphicFrame" || n == u"grpSp" || n == u"cxnSp" ||
           n == u"contentPart" || n == u"AlternateContent";
}

DeckShape::Kind kindOf(QStringView n) {
    if (n == u"sp")
        return DeckShape::Kind::Shape;
    if (n == u"pic")
        return DeckShape::Kind::Picture;
    if (n == u"graphicFrame")
        return DeckShape::Kind::Frame;
    if (n == u"grpSp")
        return DeckShape::Kind::Group;
    if (n == u"cxnSp")
        return DeckShape::Kind::Connector;
    return DeckShape::Kind::Other;
}

void fail(const QString& deck, const QString& part, const QXmlStreamReader& r) {
    throw Error(s(deck), s(part) + " is not well-formed XML (line " +
                             std::to_string(r.lineNumber()) + "): " + s(r.errorString()));
}

// The shapes of one slide's p:spTree.
void readShapes(const QByteArray& xml, const QString& deck, const QString& part, DeckSlide& slide,
                const std::vector<Relationship>& rels) {
    QXmlStreamReader r(xml);
    std::vector<QString> path;     // local names of open elements
    std::vector<std::size_t> open; // shapes open, innermost last
    std::vector<bool> xfrmSeen, nameSeen;
    int units = 0, pictures = 0;
    QHash<QString, Relationship> byId;
    for (const Relationship& rel : rels)
        byId.insert(rel.id, rel);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const QStringView name = r.name();
            const QString parent = path.empty() ? QString() : path.back();
            if (name == u"sld" && path.empty())
                slide.hidden = r.attributes().value("show") == u"0" ||
                               r.attributes().value("show") == u"false";
            const bool inTree = std::find(path.begin(), path.end(), "spTree") != path.end();
            if (inTree && isShapeElement(name) &&
                !(name != u"AlternateContent" && parent == "Fallback")) {
                DeckShape shape;
                shape.kind = kindOf(name);
                shape.topLevel = parent == "spTree";
                shape.unit = shape.topLevel ? units++ : slide.shapes[open.back()].unit;
                if (shape.kind == DeckShape::Kind::Picture)
                    shape.picture = pictures++;
                slide.shapes.push_back(shape);
                open.push_back(slide.shapes.size() - 1);
                xfrmSeen.push_back(false);
                nameSeen.push_back(false);
            } else if (inTree && name != u"AlternateContent" && parent == "Fallback" &&
                       isShapeElement(name)) {
                // the fallback of an AlternateContent repeats its choice: counted once
                if (name == u"pic")
                    ++pictures;
            }
            if (!open.empty()) {
                DeckShape& sh = slide.shapes[open.back()];
                const auto a = r.attributes();
                for (const QXmlStreamAttribute& at : a)
                    if (at.namespaceUri() == kRNs)
                        for (std::size_t k : open)
                            slide.shapes[k].rids << at.value().toString();
                if (name == u"cNvPr" && !nameSeen.back()) {
                    nameSeen.back() = true;
                    sh.name = a.value("name").toString();
                    sh.descr = a.value("descr").toString();
                    sh.title = a.value("title").toString();
                } else if (name == u"xfrm" && !xfrmSeen.back()) {
                    xfrmSeen.back() = true;
                    sh.xfrm.valid = false;
                } else if ((name == u"off" || name == u"ext") && parent == "xfrm" &&
                           path.size() >= 2 && !sh.xfrm.valid) {
                    if (name == u"off") {
                        sh.xfrm.x = a.value("x").toLongLong();
                        sh.xfrm.y = a.value("y").toLongLong();
                    } else {
                        sh.xfrm.cx = a.value("cx").toLongLong();
                        sh.xfrm.cy = a.value("cy").toLongLong();
                        sh.xfrm.valid = true;
                    }
                } else if (parent == "spPr" && sh.kind == DeckShape::Kind::Shape) {
                    if (name == u"noFill")
                        sh.fill = DeckShape::Fill::None;
                    else if (name == u"solidFill" || name == u"gradFill" || name == u"blipFill" ||
                             name == u"pattFill")
                        sh.fill = DeckShape::Fill::Other;
                } else if (name == u"srgbClr" && parent == "solidFill" && path.size() >= 2 &&
                           path[path.size() - 2] == "spPr") {
                    sh.fill = DeckShape::Fill::Solid;
                    sh.rgb = a.value("val").toUInt(nullptr, 16);
                } else if (name == u"fillRef" && parent == "style" &&
                           sh.kind == DeckShape::Kind::Shape && a.value("idx").toInt() > 0 &&
                           sh.fill == DeckShape::Fill::None) {
                    sh.fill = DeckShape::Fill::Other; // the theme's fill
                } else if (name == u"blip" && sh.kind == DeckShape::Kind::Picture) {
                    sh.embedRid = a.value(kRNs, "embed").toString();
                    sh.linkRid = a.value(kRNs, "link").toString();
                    if (byId.contains(sh.embedRid) && !byId[sh.embedRid].external)
                        sh.mediaPart = DeckPackage::resolve(part, byId[sh.embedRid].target);
                    if (byId.contains(sh.linkRid))
                        sh.linkTarget = byId[sh.linkRid].target;
                    else if (byId.contains(sh.embedRid) && byId[sh.embedRid].external) {
                        sh.linkRid = sh.embedRid;
                        sh.linkTarget = byId[sh.embedRid].target;
                    }
                } else if (name == u"srcRect" && sh.kind == DeckShape::Kind::Picture) {
                    sh.crop = {a.value("l").toInt(), a.value("t").toInt(), a.value("r").toInt(),
                               a.value("b").toInt(), true};
                } else if (name == u"oleObj") {
                    for (std::size_t k : open)
                        slide.shapes[k].ole = true;
                } else if (name == u"t" && parent == "r") {
                    const QString t = r.readElementText(QXmlStreamReader::IncludeChildElements);
                    for (std::size_t k : open)
                        slide.shapes[k].text += t;
                    continue; // readElementText consumed the end element
                }
            }
            path.push_back(name.toString());
        } else if (r.isEndElement()) {
            const QStringView name = r.name();
            if (!open.empty() && name == u"p")
                for (std::size_t k : open)
                    if (!slide.shapes[k].text.isEmpty() && !slide.shapes[k].text.endsWith('\n'))
                        slide.shapes[k].text += '\n';
            if (!path.empty())
                path.pop_back();
            const bool inTree = std::find(path.begin(), path.end(), "spTree") != path.end();
            if (inTree && isShapeElement(name) && !open.empty() &&
                !(name != u"AlternateContent" && !path.empty() && path.back() == "Fallback")) {
                open.pop_back();
                xfrmSeen.pop_back();
                nameSeen.pop_back();
            }
        }
    }
    if (r.hasError())
        fail(deck, part, r);
    for (DeckShape& sh : slide.shapes)
        sh.text = sh.text.trimmed();
}

QHash<QString, QString> readAuthors(const DeckPackage& pkg, const QString& part) {
    QHash<QString, QString> out;
    QXmlStreamReader r(pkg.part(part));
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && (r.name() == u"cmAuthor" || r.name() == u"author"))
            out.insert(r.attributes().value("id").toString(),
                       r.attributes().value("name").toString());
    }
    return out;
}

std::vector<DeckComment> readComments(const DeckPackage& pkg, const QString& part,
                                      const QHash<QString, QString>& authors) {
    std::vector<DeckComment> out;
    QXmlStreamReader r(pkg.part(part));
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == u"cm") {
            DeckComment c;
            c.part = part;
            c.author = authors.value(r.attributes().value("authorId").toString());
            int depth = 1;
            while (depth > 0 && !r.atEnd()) {
                r.readNext();
                if (r.isStartElement()) {
                    ++depth;
                    if (r.name() == u"text" || r.name() == u"t") {
                        if (!c.text.isEmpty() && r.name() == u"t")
                            c.text += ' ';
                        c.text += r.readElementText(QXmlStreamReader::IncludeChildElements);
                        --depth;
                    }
                } else if (r.isEndElement()) {
                    --depth;
                }
            }
            c.text = c.text.simplified();
            out.push_back(c);
        }
    }
    return out;
}

void readProperties(Deck& deck, const QString& part, const QStringList& wanted, bool custom) {
    QXmlStreamReader r(deck.package.part(part));
    QString propertyName;
    int depth = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            ++depth;
            if (custom && r.name() == u"property") {
                propertyName = r.attributes().value("name").toString();
            } else if ((custom && depth == 3) || (!custom && depth == 2)) {
                const QString local = r.name().toString();
                const QString value =
                    r.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
                --depth;
                if (value.isEmpty())
                    continue;
                if (custom)
                    deck.properties.push_back({part, propertyName, value});
                else if (wanted.contains(local))
                    deck.properties.push_back({part, local, value});
            }
        } else if (r.isEndElement()) {
            --depth;
        }
    }
    if (r.hasError())
        fail(deck.path, part, r);
}

} // namespace

QString partText(const QByteArray& xml) {
    QXmlStreamReader r(xml);
    QString out;
    int inField = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            if (r.name() == u"fld")
                ++inField;
            else if (r.name() == u"t" && !inField)
                out += r.readElementText(QXmlStreamReader::IncludeChildElements);
        } else if (r.isEndElement()) {
            if (r.name() == u"fld")
                --inField;
            else if (r.name() == u"p" && !out.isEmpty() && !out.endsWith('\n'))
                out += '\n';
        }
    }
    return out.trimmed();
}

QString DeckSlide::text() const {
    QStringList lines;
    for (const DeckShape& sh : shapes)
        if (!sh.text.isEmpty() && sh.topLevel)
            lines << sh.text;
    return lines.join('\n');
}

QStringList Deck::media() const {
    QStringList out;
    for (const DeckSlide& sl : slides)
        for (const DeckShape& sh : sl.shapes)
            if (!sh.mediaPart.isEmpty() && !out.contains(sh.mediaPart))
                out << sh.mediaPart;
    return out;
}

int Deck::visibleSlides() const {
    return int(
        std::count_if(slides.begin(), slides.end(), [](const DeckSlide& s) { return !s.hidden; }));
}

Deck readDeck(const QString& path) {
    return readDeck(DeckPackage::read(path), path);
}

Deck readDeck(DeckPackage package, const QString& shownPath) {
    Deck deck;
    deck.path = shownPath;
    deck.package = std::move(package);
    const DeckPackage& pkg = deck.package;
    QString presentation;
    for (const Relationship& r : pkg.relationships("")) {
        const QString target = DeckPackage::resolve("", r.target);
        if (r.type == rel::kOfficeDoc)
            presentation = target;
        else if (typeEnds(r.type, "/thumbnail") && pkg.has(target))
            deck.thumbnail = target;
        else if (typeEnds(r.type, "/core-properties") && pkg.has(target))
            readProperties(deck, target,
                           {"creator", "lastModifiedBy", "title", "subject", "keywords",
                            "description", "category", "contentStatus", "revision", "identifier",
                            "lastPrinted", "version"},
                           false);
        else if (typeEnds(r.type, "/extended-properties") && pkg.has(target))
            readProperties(deck, target, {"Company", "Manager", "HyperlinkBase", "Template"},
                           false);
        else if (typeEnds(r.type, "/custom-properties") && pkg.has(target)) {
            deck.customProperties << target;
            readProperties(deck, target, {}, true);
        }
    }
    if (presentation.isEmpty() || !pkg.has(presentation))
        throw Error(s(shownPath), "not a presentation: the package has no ppt/presentation.xml");

    const std::vector<Relationship> presRels = pkg.relationships(presentation);
    QHash<QString, QString> authors;
    for (const Relationship& r : presRels) {
        const QString target = DeckPackage::resolve(presentation, r.target);
        if (typeEnds(r.type, "/commentAuthors") || typeEnds(r.type, "/authors")) {
            deck.authorParts << target;
            const QHash<QString, QString> listed = readAuthors(pkg, target);
            authors.insert(listed);
            for (const QString& n : listed)
                if (!n.isEmpty())
                    deck.authorNames[target] << n;
        } else if (typeEnds(r.type, "/revisionInfo")) {
            deck.revisionParts << target;
        }
    }

    QXmlStreamReader r(pkg.part(presentation));
    QStringList slideRids;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == u"sldId")
            slideRids << r.attributes().value(kRNs, "id").toString();
        else if (r.isStartElement() && r.name() == u"sldSz") {
            deck.slideCx = r.attributes().value("cx").toLongLong();
            deck.slideCy = r.attributes().value("cy").toLongLong();
        }
    }
    if (r.hasError())
        fail(shownPath, presentation, r);

    for (const QString& rid : slideRids) {
        auto it = std::find_if(presRels.begin(), presRels.end(),
                               [&](const Relationship& x) { return x.id == rid; });
        if (it == presRels.end() || it->external)
            throw Error(s(shownPath), "the presentation lists slide " + s(rid) +
                                          " but has no relationship for it");
        DeckSlide slide;
        slide.number = int(deck.slides.size()) + 1;
        slide.rid = rid;
        slide.part = DeckPackage::resolve(presentation, it->target);
        if (!pkg.has(slide.part))
            throw Error(s(shownPath), "slide " + std::to_string(slide.number) + " (" +
                                          s(slide.part) + ") is missing from the package");
        const std::vector<Relationship> rels = pkg.relationships(slide.part);
        readShapes(pkg.part(slide.part), shownPath, slide.part, slide, rels);
        for (const Relationship& sr : rels) {
            const QString target = DeckPackage::resolve(slide.part, sr.target);
            if (sr.external)
                continue;
            if (sr.type == rel::kNotes && pkg.has(target)) {
                slide.notesPart = target;
                slide.notesText = partText(pkg.part(target));
            } else if ((sr.type == rel::kComments || sr.type == rel::kModernComments) &&
                       pkg.has(target)) {
                slide.commentParts << target;
                for (DeckComment& c : readComments(pkg, target, authors))
                    slide.comments.push_back(c);
            } else if ((typeEnds(sr.type, "/oleObject") || typeEnds(sr.type, "/package")) &&
                       !deck.embeddings.contains(target)) {
                deck.embeddings << target;
            }
        }
        deck.slides.push_back(std::move(slide));
    }
    for (const QString& name : pkg.partNames()) {
        if (name.startsWith("ppt/embeddings/") && !deck.embeddings.contains(name))
            deck.embeddings << name;
        if (!DeckPackage::isRelsName(name))
            continue;
        QString src = name;
        src.remove(src.lastIndexOf("_rels/"), 6);
        src.chop(5);
        int slideNo = 0;
        for (const DeckSlide& sl : deck.slides)
            if (sl.part == src || sl.notesPart == src)
                slideNo = sl.number;
        for (const Relationship& x : pkg.relationships(src))
            if (x.external)
                deck.externalLinks.push_back({slideNo, src, x.id, x.type, x.target});
    }
    return deck;
}

} // namespace veil
