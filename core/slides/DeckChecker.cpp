#include "slides/DeckChecker.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "slides/DeckReader.h"
#include "slides/MediaMetadata.h"
#include "study/Scratch.h"

#include <QFile>
#include <QRegularExpression>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <set>

namespace veil {

namespace {

// Longest side an image is read at: larger ones are read scaled down (text of a slide-sized
// screenshot stays well above the detector's smallest glyph).
constexpr int kMaxReadSide = 2400;
// Pixels under a covering shape count as content when they vary more than this (grey levels,
// standard deviation): a burned cover is one flat colour.
constexpr double kFlatStdDev = 2.0;

const QStringList kKinds = {
    "cropped-picture", "cropped-text",      "covered-picture", "image-text",
    "media-metadata",  "unreadable-media",  "linked-picture",  "embedded-dicom",
    "embedded-object", "external-link",     "notes",           "comment",
    "comment-author",  "alt-text",          "hidden-slide",    "off-slide",
    "revision-info",   "document-property", "thumbnail"};

bool looksLikeFileName(const QString& name) {
    static const QRegularExpression re(
        R"(\.(jpe?g|png|gif|bmp|tiff?|dcm|dicom|heic|webp|emf|wmf|svg)\s*$)",
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

bool isNeutralAlt(const QString& s) {
    return s.isEmpty() || s == "Image";
}

cv::Point2d centre(const PixelBox& b) {
    return {b.x + b.w / 2.0, b.y + b.h / 2.0};
}

bool inside(const cv::Rect& r, const cv::Point2d& p) {
    return p.x >= r.x && p.x < r.x + r.width && p.y >= r.y && p.y < r.y + r.height;
}

bool hasSignatureDicm(const QByteArray& b) {
    return b.size() > 132 && b.mid(128, 4) == "DICM";
}

// Reads the patient of an embedded DICOM file through a private scratch copy.
QString dicomSummary(const QByteArray& bytes, const QString& part) {
    try {
        auto scratch = ScratchDir::create();
        const auto file = scratch->path() / "embedded.dcm";
        {
            std::ofstream out(file, std::ios::binary);
            out.write(bytes.constData(), bytes.size());
        }
        const DicomFile dcm = DicomFile::open(file, DicomFile::Load::HeaderOnly);
        return QString("a DICOM file: PatientName=%1, PatientID=%2, StudyDate=%3")
            .arg(QString::fromStdString(dcm.string(tags::PatientName)),
                 QString::fromStdString(dcm.string(tags::PatientID)),
                 QString::fromStdString(dcm.string(tags::StudyDate)));
    } catch (const Error& e) {
        return "a DICOM file (its header could not be read: " + QString::fromStdString(e.detail()) +
               ") in " + part;
    }
}

} // namespace

QString DeckFinding::id() const {
    return QString("%1:%2:%3:%4:%5,%6,%7,%8")
        .arg(kind)
        .arg(slide)
        .arg(part)
        .arg(shape)
        .arg(box.x)
        .arg(box.y)
        .arg(box.w)
        .arg(box.h);
}

QStringList findingKinds() {
    return kKinds;
}

const char* kindDescription(const QString& kind) {
    if (kind == "cropped-picture")
        return "a picture cropped on the slide: the cut-away part is still in the file";
    if (kind == "cropped-text")
        return "text in the part of a picture hidden by its crop";
    if (kind == "covered-picture")
        return "a shape drawn over a picture: the pixels under it are intact";
    if (kind == "image-text")
        return "identifying text in the visible part of a picture";
    if (kind == "media-metadata")
        return "metadata in an image file (EXIF, XMP, PNG text)";
    if (kind == "unreadable-media")
        return "an image that could not be decoded: NOT checked";
    if (kind == "linked-picture")
        return "a picture linked from outside the file";
    if (kind == "embedded-dicom")
        return "a DICOM file embedded in the deck";
    if (kind == "embedded-object")
        return "an embedded object (OLE, package)";
    if (kind == "external-link")
        return "a link to an outside address";
    if (kind == "notes")
        return "speaker notes";
    if (kind == "comment")
        return "a comment";
    if (kind == "comment-author")
        return "comment authors";
    if (kind == "alt-text")
        return "alt text or a picture's file name";
    if (kind == "hidden-slide")
        return "a hidden slide";
    if (kind == "off-slide")
        return "a shape placed off the slide";
    if (kind == "revision-info")
        return "revision information";
    if (kind == "document-property")
        return "a document property";
    if (kind == "thumbnail")
        return "the thumbnail (a picture of the first slide)";
    return "finding";
}

cv::Rect cropRect(const SourceCrop& c, int w, int h) {
    const int x0 = int(std::lround(double(c.l) * w / 100000.0));
    const int y0 = int(std::lround(double(c.t) * h / 100000.0));
    const int x1 = w - int(std::lround(double(c.r) * w / 100000.0));
    const int y1 = h - int(std::lround(double(c.b) * h / 100000.0));
    return {x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0)};
}

cv::Rect slideToImage(const EmuRect& r, const EmuRect& frame, const cv::Rect& visible) {
    if (!r.valid || !frame.valid || frame.cx <= 0 || frame.cy <= 0)
        return {};
    const double sx = double(visible.width) / double(frame.cx);
    const double sy = double(visible.height) / double(frame.cy);
    const int x0 = visible.x + int(std::floor((r.x - frame.x) * sx));
    const int y0 = visible.y + int(std::floor((r.y - frame.y) * sy));
    const int x1 = visible.x + int(std::ceil((r.x + r.cx - frame.x) * sx));
    const int y1 = visible.y + int(std::ceil((r.y + r.cy - frame.y) * sy));
    return {x0, y0, x1 - x0, y1 - y0};
}

DeckChecker::DeckChecker(ScanOptions options) : m_scan(std::move(options)) {}

DeckCheck DeckChecker::check(const Deck& deck) const {
    DeckCheck out;
    out.deck = deck.path;
    out.slides = int(deck.slides.size());
    out.visibleSlides = deck.visibleSlides();
    auto add = [&](int slide, const QString& kind, const QString& part, const QString& text) {
        DeckFinding f;
        f.slide = slide;
        f.kind = kind;
        f.part = part;
        f.text = text;
        out.findings.push_back(f);
        return &out.findings.back();
    };
    const DeckPackage& pkg = deck.package;

    // Every image part once: metadata, then its text.
    std::map<QString, cv::Size> sizes;
    QStringList images = deck.media();
    for (const QString& name : pkg.partNames())
        if (name.startsWith("ppt/media/") && !images.contains(name) &&
            pkg.contentType(name).startsWith("image/"))
            images << name;
    for (const QString& media : images) {
        const QByteArray bytes = pkg.part(media);
        for (const MediaMetadata& m : findMediaMetadata(bytes))
            add(0, "media-metadata", media, m.kind + ": " + m.text);
        const cv::Mat img = decodeImage(bytes);
        if (img.empty()) {
            add(0, "unreadable-media", media,
                "this image's format cannot be decoded: its pixels were NOT checked");
            out.notChecked << media + ": undecodable image format";
            continue;
        }
        sizes[media] = img.size();
        const int side = std::max(img.cols, img.rows);
        const double scale = side > kMaxReadSide ? double(kMaxReadSide) / side : 1.0;
        cv::Mat read = img;
        if (scale < 1.0)
            cv::resize(img, read, {}, scale, scale, cv::INTER_AREA);
        try {
            std::vector<Finding> lines = m_scan.scanImage(read);
            for (Finding& f : lines)
                if (scale < 1.0)
                    f.box = {int(f.box.x / scale), int(f.box.y / scale),
                             int(std::ceil(f.box.w / scale)), int(std::ceil(f.box.h / scale))};
            out.mediaText[media] = std::move(lines);
        } catch (const Error& e) {
            out.notChecked << media + ": " + QString::fromStdString(e.detail());
        }
    }

    std::set<QString> placed; // media whose text is judged through a picture on a slide
    for (const DeckSlide& slide : deck.slides) {
        if (slide.hidden)
            add(slide.number, "hidden-slide", slide.part,
                slide.text().isEmpty() ? QString("(no text)") : slide.text());
        if (!slide.notesText.isEmpty())
            add(slide.number, "notes", slide.notesPart, slide.notesText);
        for (const DeckComment& c : slide.comments)
            add(slide.number, "comment", c.part,
                (c.author.isEmpty() ? QString() : c.author + ": ") + c.text);
        for (const DeckShape& sh : slide.shapes) {
            QStringList alt;
            if (!isNeutralAlt(sh.descr))
                alt << "descr=" + sh.descr;
            if (!sh.title.isEmpty())
                alt << "title=" + sh.title;
            if (looksLikeFileName(sh.name))
                alt << "name=" + sh.name;
            if (!alt.isEmpty())
                add(slide.number, "alt-text", slide.part, alt.join("; "))->shape = sh.picture;
            if (sh.topLevel && sh.xfrm.valid &&
                !sh.xfrm.intersects({0, 0, deck.slideCx, deck.slideCy, true}))
                add(slide.number, "off-slide", slide.part,
                    sh.text.isEmpty() ? "(shape " + sh.name + ")" : sh.text);
            if (sh.ole)
                add(slide.number, "embedded-object", slide.part,
                    "an OLE object on the slide (" + sh.name + ")");
            if (!sh.linkRid.isEmpty())
                add(slide.number, "linked-picture", slide.part, sh.linkTarget)->shape = sh.picture;
        }
        // Pictures: the crop, the shapes over them, their text.
        for (const DeckShape& pic : slide.shapes) {
            if (pic.kind != DeckShape::Kind::Picture || pic.mediaPart.isEmpty() ||
                !sizes.count(pic.mediaPart))
                continue;
            placed.insert(pic.mediaPart);
            const cv::Size size = sizes[pic.mediaPart];
            const cv::Rect image(0, 0, size.width, size.height);
            PictureGeometry geo;
            geo.slide = slide.number;
            geo.shape = pic.picture;
            geo.media = pic.mediaPart;
            geo.width = size.width;
            geo.height = size.height;
            geo.visible = cropRect(pic.crop, size.width, size.height);
            const cv::Rect shown = geo.visible & image;
            if (pic.crop.hidesPixels()) {
                const double share = 1.0 - double(shown.area()) / double(image.area());
                add(slide.number, "cropped-picture", pic.mediaPart,
                    QString("%1% of the image is cut away on the slide and still in the file")
                        .arg(int(std::lround(share * 100))))
                    ->shape = pic.picture;
            }
            // covering shapes: later in the tree (drawn above), filled, overlapping
            if (pic.topLevel) {
                const cv::Mat img = decodeImage(pkg.part(pic.mediaPart));
                cv::Mat grey;
                if (img.channels() == 1)
                    grey = img;
                else
                    cv::cvtColor(img, grey,
                                 img.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
                for (const DeckShape& sh : slide.shapes) {
                    if (!sh.topLevel || sh.unit <= pic.unit || sh.kind != DeckShape::Kind::Shape ||
                        sh.fill == DeckShape::Fill::None || !sh.xfrm.intersects(pic.xfrm))
                        continue;
                    const cv::Rect under = slideToImage(sh.xfrm, pic.xfrm, geo.visible) & shown;
                    if (under.empty())
                        continue;
                    cv::Scalar mean, dev;
                    cv::meanStdDev(grey(under), mean, dev);
                    if (dev[0] <= kFlatStdDev)
                        continue; // nothing under it but one flat colour (a burned cover)
                    geo.covers.push_back(
                        {under, sh.fill == DeckShape::Fill::Solid, sh.rgb, sh.name});
                }
            }
            const std::vector<Finding>& lines = out.mediaText[pic.mediaPart];
            for (const PictureGeometry::Cover& c : geo.covers) {
                QStringList under;
                for (const Finding& f : lines)
                    if (inside(c.rect, centre(f.box)))
                        under << QString::fromStdString(f.text);
                DeckFinding* f =
                    add(slide.number, "covered-picture", pic.mediaPart,
                        under.isEmpty() ? "(pixels under " + c.shapeName + ": no text read)"
                                        : under.join(" / "));
                f->shape = pic.picture;
                f->box = {c.rect.x, c.rect.y, c.rect.width, c.rect.height};
            }
            for (const Finding& line : lines) {
                const cv::Point2d p = centre(line.box);
                bool covered = false;
                for (const PictureGeometry::Cover& c : geo.covers)
                    covered = covered || inside(c.rect, p);
                if (covered)
                    continue;
                const bool hidden = !inside(shown, p);
                if (!hidden && !line.phi)
                    continue;
                DeckFinding* f = add(slide.number, hidden ? "cropped-text" : "image-text",
                                     pic.mediaPart, QString::fromStdString(line.text));
                f->identifying = line.phi;
                f->shape = pic.picture;
                f->box = line.box;
            }
            out.pictures.push_back(std::move(geo));
        }
    }
    // Images no slide picture shows (backgrounds, layouts, fills): their identifying text.
    for (const auto& [media, lines] : out.mediaText) {
        if (placed.count(media))
            continue;
        for (const Finding& line : lines)
            if (line.phi) {
                DeckFinding* f = add(0, "image-text", media, QString::fromStdString(line.text));
                f->identifying = true;
                f->box = line.box;
            }
    }

    for (const QString& part : deck.embeddings) {
        const QByteArray bytes = pkg.part(part);
        if (hasSignatureDicm(bytes))
            add(0, "embedded-dicom", part, dicomSummary(bytes, part));
        else if (bytes.indexOf("DICM") >= 128)
            add(0, "embedded-dicom", part, "a DICOM file inside an embedded package");
        else
            add(0, "embedded-object", part,
                bytes.startsWith("\xD0\xCF\x11\xE0") ? QString("an OLE compound file")
                                                     : QString("an embedded file"));
    }
    for (const DeckLink& link : deck.externalLinks)
        if (link.type != rel::kImage)
            add(link.slide, "external-link", link.source, link.target);
    for (const QString& part : deck.authorParts) {
        add(0, "comment-author", part,
            deck.authorNames.count(part) ? deck.authorNames.at(part).join(", ")
                                         : QString("(no names)"));
    }
    for (const QString& part : deck.revisionParts)
        add(0, "revision-info", part, "PowerPoint revision information");
    for (const DeckProperty& p : deck.properties)
        add(0, p.name == "revision" ? "revision-info" : "document-property", p.part,
            p.name + ": " + p.value);
    if (!deck.thumbnail.isEmpty())
        add(0, "thumbnail", deck.thumbnail, "a picture of the first slide");
    return out;
}

} // namespace veil
