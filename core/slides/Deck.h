#pragma once
// What a slide deck holds, as read by DeckReader: plain values about the package's parts.
// Lengths are EMU (914400 per inch) as the XML writes them.
#include "slides/Package.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace veil {

struct EmuRect {
    long long x = 0, y = 0, cx = 0, cy = 0;
    bool valid = false; // the shape had an a:xfrm with an offset and an extent
    bool intersects(const EmuRect& o) const {
        return valid && o.valid && x < o.x + o.cx && o.x < x + cx && y < o.y + o.cy && o.y < y + cy;
    }
};

// a:srcRect: how much of the image is cut from each side, in 1/1000 of a percent (100000 is
// the whole image). Negative values pad the image with empty space.
struct SourceCrop {
    int l = 0, t = 0, r = 0, b = 0;
    bool present = false;
    bool hidesPixels() const { return l > 0 || t > 0 || r > 0 || b > 0; }
};

// One shape of a slide's tree (p:spTree), top level or inside a group.
struct DeckShape {
    enum class Kind { Shape, Picture, Frame, Group, Connector, Other };
    Kind kind = Kind::Shape;
    int unit = -1;    // index of the top-level unit of the tree it belongs to
    int picture = -1; // for pictures: its index among the slide's p:pic (document order)
    bool topLevel = true;
    QString name, descr, title; // p:cNvPr
    EmuRect xfrm;               // for shapes in groups: in the group's child space
    QString text;               // a:t of its text body, paragraphs on lines
    // Fill of a p:sp: none (noFill), a solid sRGB colour, or something else that hides what
    // is under it (theme colour, gradient, picture: burned black).
    enum class Fill { None, Solid, Other } fill = Fill::None;
    unsigned rgb = 0;   // 0xRRGGBB for Solid
    bool ole = false;   // holds an embedded or linked OLE object
    QString embedRid;   // a:blip r:embed
    QString linkRid;    // a:blip r:link (an image outside the file)
    QString mediaPart;  // the embedded image part
    QString linkTarget; // the linked image's address
    SourceCrop crop;    // a:srcRect of the picture
    QStringList rids;   // every r:* reference inside it
};

struct DeckComment {
    QString part, author, text;
};

struct DeckSlide {
    int number = 0; // 1-based, in the presentation's order (hidden slides counted)
    QString part, rid;
    bool hidden = false; // show="0"
    std::vector<DeckShape> shapes;
    QString notesPart, notesText;
    QStringList commentParts;
    std::vector<DeckComment> comments;
    QString text() const; // the text of every shape, one per line
};

struct DeckProperty {
    QString part, name, value;
};

struct DeckLink {
    int slide = 0; // 0: not a slide's
    QString source, id, type, target;
};

struct Deck {
    QString path;
    DeckPackage package;
    long long slideCx = 9144000, slideCy = 6858000; // p:sldSz (4:3 when absent)
    std::vector<DeckSlide> slides;
    std::vector<DeckProperty> properties;       // core, app and custom docProps worth a look
    QStringList embeddings;                     // parts under ppt/embeddings/ and OLE targets
    QString thumbnail;                          // docProps/thumbnail.* when present
    QStringList authorParts;                    // commentAuthors.xml, authors.xml
    std::map<QString, QStringList> authorNames; // the names each of them lists
    QStringList revisionParts;                  // ppt/revisionInfo.xml
    QStringList customProperties;               // docProps/custom.xml
    std::vector<DeckLink> externalLinks;        // every TargetMode="External" relationship
    QStringList media() const;                  // every picture's image part, once each
    int visibleSlides() const;
};

namespace rel {
inline const QString kOfficeDoc =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
inline const QString kSlide =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide";
inline const QString kNotes =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide";
inline const QString kComments =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
inline const QString kModernComments =
    "http://schemas.microsoft.com/office/2018/10/relationships/comments";
inline const QString kImage =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image";
} // namespace rel

} // namespace veil
