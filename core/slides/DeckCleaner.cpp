#include "slides/DeckCleaner.h"

#include "common/Error.h"
#include "slides/DeckReader.h"
#include "slides/MediaMetadata.h"
#include "slides/PictureBake.h"
#include "slides/XmlFilter.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <map>
#include <set>

namespace veil {

namespace {

const QString kCoreEmpty =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    "<cp:coreProperties "
    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>";
const QString kAppEmpty =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
    "<Properties "
    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
    "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"/>";

// Relationship types a slide holds only because its XML names them: dropped when the
// rewritten XML no longer does.
bool referencedOnly(const Relationship& r) {
    return r.external || r.type.endsWith("/image") || r.type.endsWith("/hyperlink") ||
           r.type.endsWith("/oleObject") || r.type.endsWith("/package") ||
           r.type.endsWith("/video") || r.type.endsWith("/audio") || r.type.endsWith("/media");
}

bool isShapeElement(QStringView n) {
    return n == u"sp" || n == u"pic" || n == u"graphicFrame" || n == u"grpSp" || n == u"cxnSp" ||
           n == u"contentPart" || n == u"AlternateContent";
}

bool looksLikeFileName(const QString& name) {
    static const QRegularExpression re(
        R"(\.(jpe?g|png|gif|bmp|tiff?|dcm|dicom|heic|webp|emf|wmf|svg)\s*$)",
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

QString rAttribute(const QXmlStreamReader& r, const char* local) {
    for (const QXmlStreamAttribute& a : r.attributes())
        if (a.namespaceUri() == kRelationshipsNs && a.name() == QLatin1String(local))
            return a.qualifiedName().toString();
    return QString("r:") + local;
}

struct SlidePlan {
    std::set<int> dropUnits, dropPictures, dropCrop, dropLink;
    std::map<int, QString> newEmbed; // picture index -> relationship id
    QSet<QString> externalRids;
};

// Rewrites one slide's XML along its plan; returns the r:* ids still referenced.
QByteArray rewriteSlide(const QByteArray& xml, const QString& part, const SlidePlan& plan,
                        QSet<QString>& referenced) {
    int units = 0, pictures = 0, currentPic = -1, picDepth = -1;
    auto hook = [&](const QXmlStreamReader& r, const std::vector<QString>& path,
                    bool dropped) -> XmlEdit {
        XmlEdit e;
        const QStringView name = r.name();
        if (picDepth >= 0 && int(path.size()) <= picDepth) {
            currentPic = -1;
            picDepth = -1;
        }
        const bool inTree = std::find(path.begin(), path.end(), "spTree") != path.end();
        if (inTree && isShapeElement(name) && path.back() == "spTree" &&
            plan.dropUnits.count(units++))
            e.drop = true;
        if (inTree && name == u"pic") {
            currentPic = pictures++;
            picDepth = int(path.size());
            if (plan.dropPictures.count(currentPic))
                e.drop = true;
        }
        if (name == u"srcRect" && plan.dropCrop.count(currentPic))
            e.drop = true;
        if (name == u"blip" && currentPic >= 0) {
            if (auto it = plan.newEmbed.find(currentPic); it != plan.newEmbed.end())
                e.set.push_back({rAttribute(r, "embed"), it->second});
            if (plan.dropLink.count(currentPic))
                e.remove.push_back(rAttribute(r, "link"));
        }
        if (name == u"cNvPr") {
            const auto a = r.attributes();
            if (currentPic >= 0 && path.back() == "nvPicPr")
                e.set.push_back({"descr", kNeutralAltText});
            else if (a.hasAttribute("descr"))
                e.remove.push_back("descr");
            if (a.hasAttribute("title"))
                e.remove.push_back("title");
            if (looksLikeFileName(a.value("name").toString()))
                e.set.push_back(
                    {"name", (currentPic >= 0 ? "Picture " : "Shape ") + a.value("id").toString()});
        }
        if (name.startsWith(u"hlink")) {
            const QString id = r.attributes().value(kRelationshipsNs, "id").toString();
            if (plan.externalRids.contains(id))
                e.drop = true;
        }
        if (!dropped && !e.drop)
            for (const QXmlStreamAttribute& a : r.attributes())
                if (a.namespaceUri() == kRelationshipsNs) {
                    const bool removed = std::find(e.remove.begin(), e.remove.end(),
                                                   a.qualifiedName().toString()) != e.remove.end();
                    auto set = std::find_if(e.set.begin(), e.set.end(), [&](const auto& kv) {
                        return kv.first == a.qualifiedName().toString();
                    });
                    if (set != e.set.end())
                        referenced.insert(set->second);
                    else if (!removed)
                        referenced.insert(a.value().toString());
                }
        if (!dropped && !e.drop && name == u"blip" && currentPic >= 0)
            if (auto it = plan.newEmbed.find(currentPic); it != plan.newEmbed.end())
                referenced.insert(it->second);
        return e;
    };
    return filterXml(xml, hook, part);
}

class Cleaner {
public:
    Cleaner(const Deck& deck, const DeckCheck& check)
        : m_deck(deck), m_check(check), m_pkg(deck.package) {}

    DeckCleanResult run(const QString& output) {
        removeHiddenSlides();
        for (const DeckSlide& slide : m_deck.slides)
            if (!slide.hidden)
                cleanSlide(slide);
        cleanDocument();
        const QStringList swept = m_pkg.removeUnreachable();
        for (const QString& p : swept)
            if (!DeckPackage::isRelsName(p))
                change(0, p, "removed: nothing in the cleaned deck uses it any more");
        stripMedia();
        m_pkg.ensureDefault("png", "image/png");
        m_pkg.ensureDefault("jpeg", "image/jpeg");
        m_pkg.write(output);
        m_result.output = output;
        m_result.slidesKept = m_deck.visibleSlides();
        return m_result;
    }

private:
    void change(int slide, const QString& part, const QString& what) {
        m_result.changes.push_back({slide, part, what});
    }

    QString presentationPart() const {
        for (const Relationship& r : m_pkg.relationships(""))
            if (r.type == rel::kOfficeDoc)
                return DeckPackage::resolve("", r.target);
        return {};
    }

    void removeHiddenSlides() {
        QSet<QString> rids;
        for (const DeckSlide& s : m_deck.slides)
            if (s.hidden)
                rids.insert(s.rid);
        if (rids.isEmpty())
            return;
        const QString pres = presentationPart();
        m_pkg.setPart(
            pres,
            filterXml(
                m_pkg.part(pres),
                [&](const QXmlStreamReader& r, const std::vector<QString>&, bool) {
                    XmlEdit e;
                    if ((r.name() == u"sldId" || r.name() == u"sld") &&
                        rids.contains(r.attributes().value(kRelationshipsNs, "id").toString()))
                        e.drop = true;
                    return e;
                },
                pres));
        for (const DeckSlide& s : m_deck.slides) {
            if (!s.hidden)
                continue;
            if (!s.notesPart.isEmpty())
                m_pkg.removeWithLinks(s.notesPart);
            for (const QString& c : s.commentParts)
                m_pkg.removeWithLinks(c);
            m_pkg.removeWithLinks(s.part);
            change(s.number, s.part, "hidden slide removed, with its notes and comments");
        }
    }

    QString newMediaPart(const QString& ext) {
        for (;;) {
            const QString name = QString("ppt/media/veil-clean-%1.%2").arg(++m_mediaCount).arg(ext);
            if (!m_pkg.has(name))
                return name;
        }
    }

    const PictureGeometry* geometry(int slide, int picture) const {
        for (const PictureGeometry& g : m_check.pictures)
            if (g.slide == slide && g.shape == picture)
                return &g;
        return nullptr;
    }

    void cleanSlide(const DeckSlide& slide) {
        const int n = slide.number;
        if (!slide.notesPart.isEmpty()) {
            m_pkg.removeWithLinks(slide.notesPart);
            change(n, slide.notesPart, "speaker notes removed");
        }
        for (const QString& c : slide.commentParts) {
            m_pkg.removeWithLinks(c);
            change(n, c, "comments removed");
        }
        SlidePlan plan;
        std::vector<Relationship> rels = m_pkg.relationships(slide.part);
        for (const Relationship& r : rels)
            if (r.external)
                plan.externalRids.insert(r.id);
        std::vector<Relationship> added;
        for (const DeckShape& sh : slide.shapes) {
            if (sh.topLevel && sh.xfrm.valid &&
                !sh.xfrm.intersects({0, 0, m_deck.slideCx, m_deck.slideCy, true})) {
                plan.dropUnits.insert(sh.unit);
                change(n, slide.part, "shape off the slide removed (" + sh.name + ")");
            }
            if (sh.ole) {
                plan.dropUnits.insert(sh.unit);
                change(n, slide.part, "embedded object removed from the slide (" + sh.name + ")");
            }
            if (!isNeutral(sh))
                change(n, slide.part, "alt text replaced (" + sh.name + ")");
            if (sh.kind != DeckShape::Kind::Picture)
                continue;
            if (!sh.linkRid.isEmpty()) {
                if (sh.mediaPart.isEmpty()) {
                    plan.dropPictures.insert(sh.picture);
                    change(n, slide.part, "linked picture removed (" + sh.linkTarget + ")");
                } else {
                    plan.dropLink.insert(sh.picture);
                    change(n, slide.part, "link of a picture removed (" + sh.linkTarget + ")");
                }
            }
            const PictureGeometry* geo = geometry(n, sh.picture);
            if (!geo || plan.dropUnits.count(sh.unit))
                continue;
            std::vector<PixelBox> redact;
            for (const DeckFinding& f : m_check.findings)
                if (f.slide == n && f.shape == sh.picture && f.kind == "image-text" && f.redact)
                    redact.push_back(f.box);
            const bool crop = sh.crop.hidesPixels();
            if (!crop && geo->covers.empty() && redact.empty())
                continue;
            const QByteArray bytes = m_pkg.part(sh.mediaPart);
            const cv::Mat img = decodeImage(bytes);
            if (img.empty()) {
                m_result.notCleaned << sh.mediaPart + ": could not be decoded";
                continue;
            }
            const BakedPicture baked = bakePicture(img, geo->visible, geo->covers, redact, crop);
            const bool jpeg = sniffImage(bytes) == ImageFormat::Jpeg && !baked.padded;
            const QString part = newMediaPart(jpeg ? "jpeg" : "png");
            m_pkg.setPart(part,
                          encodeImage(baked.pixels, jpeg ? ImageFormat::Jpeg : ImageFormat::Png));
            const QString rid = QString("rIdVeil%1").arg(m_mediaCount);
            added.push_back(
                {rid, rel::kImage, DeckPackage::relativeTarget(slide.part, part), false});
            plan.newEmbed[sh.picture] = rid;
            if (crop)
                plan.dropCrop.insert(sh.picture);
            QStringList what;
            if (crop)
                what << "crop baked in (only the visible part kept)";
            if (!geo->covers.empty())
                what << QString("%1 covering shape(s) burned in").arg(geo->covers.size());
            if (!redact.empty())
                what << QString("%1 text line(s) redacted").arg(redact.size());
            change(n, part, what.join(", ") + " from " + sh.mediaPart);
        }
        for (const Relationship& r : rels)
            if (r.external && r.type != rel::kImage)
                change(n, slide.part, "external link removed (" + r.target + ")");
        QSet<QString> referenced;
        m_pkg.setPart(slide.part,
                      rewriteSlide(m_pkg.part(slide.part), slide.part, plan, referenced));
        std::erase_if(rels, [&](const Relationship& r) {
            return referencedOnly(r) && !referenced.contains(r.id);
        });
        for (const Relationship& r : added)
            rels.push_back(r);
        m_pkg.setRelationships(slide.part, rels);
    }

    static bool isNeutral(const DeckShape& sh) {
        return (sh.descr.isEmpty() || sh.descr == kNeutralAltText) && sh.title.isEmpty() &&
               !looksLikeFileName(sh.name);
    }

    void cleanDocument() {
        for (const QString& p : m_deck.authorParts)
            remove(p, "comment authors removed");
        for (const QString& p : m_deck.revisionParts)
            remove(p, "revision information removed");
        for (const QString& p : m_deck.customProperties)
            remove(p, "custom document properties removed");
        if (!m_deck.thumbnail.isEmpty())
            remove(m_deck.thumbnail, "thumbnail removed");
        for (const QString& p : m_deck.embeddings)
            remove(p, "embedded file removed");
        for (const Relationship& r : m_pkg.relationships("")) {
            const QString target = DeckPackage::resolve("", r.target);
            if (r.type.endsWith("/core-properties") && m_pkg.has(target)) {
                m_pkg.setPart(target, kCoreEmpty.toUtf8());
                change(0, target,
                       "document properties emptied (author, last modified by, "
                       "title, revision, dates)");
            } else if (r.type.endsWith("/extended-properties") && m_pkg.has(target)) {
                m_pkg.setPart(target, kAppEmpty.toUtf8());
                change(0, target, "application properties emptied (company, manager, template)");
            }
        }
    }

    void remove(const QString& part, const QString& what) {
        if (!m_pkg.has(part))
            return;
        m_pkg.removeWithLinks(part);
        change(0, part, what);
    }

    // Every image left: metadata stripped, and the identifying text of images no slide
    // picture shows (backgrounds, layouts) redacted in place.
    void stripMedia() {
        for (const QString& part : m_pkg.partNames()) {
            if (!part.startsWith("ppt/media/"))
                continue;
            const QByteArray bytes = m_pkg.part(part);
            std::vector<PixelBox> redact;
            for (const DeckFinding& f : m_check.findings)
                if (f.slide == 0 && f.kind == "image-text" && f.part == part && f.redact)
                    redact.push_back(f.box);
            const std::vector<MediaMetadata> meta = findMediaMetadata(bytes);
            if (meta.empty() && redact.empty())
                continue;
            cv::Mat img = decodeImage(bytes);
            if (img.empty()) {
                m_result.notCleaned << part + ": could not be decoded to strip its metadata";
                continue;
            }
            for (const PixelBox& b : redact)
                fillBox(img, {b.x, b.y, b.w, b.h}, 0);
            const ImageFormat format =
                sniffImage(bytes) == ImageFormat::Jpeg ? ImageFormat::Jpeg : ImageFormat::Png;
            m_pkg.setPart(part, encodeImage(img, format));
            QStringList what;
            if (!meta.empty())
                what << "metadata stripped (re-encoded)";
            if (!redact.empty())
                what << QString("%1 text line(s) redacted").arg(redact.size());
            change(0, part, what.join(", "));
        }
    }

    const Deck& m_deck;
    const DeckCheck& m_check;
    DeckPackage m_pkg;
    DeckCleanResult m_result;
    int m_mediaCount = 0;
};

} // namespace

DeckCleanResult cleanDeck(const Deck& deck, const DeckCheck& check, const QString& output) {
    if (QFileInfo(output).absoluteFilePath() == QFileInfo(deck.path).absoluteFilePath())
        throw Error(output.toStdString(), "the cleaned deck cannot replace its source");
    return Cleaner(deck, check).run(output);
}

} // namespace veil
