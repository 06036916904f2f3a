#pragma once
// Everything a slide deck leaks, as findings: pictures (text hidden by a crop, pixels under
// a shape drawn over them, identifying text anywhere in an image, image metadata, linked
// images), embedded objects and DICOM files, external links, speaker notes, comments and
// their authors, alt text, hidden slides, shapes off the slide, revision info, document
// properties and the thumbnail. Images are read with the scan's detector and identifier
// rules (ScanJob::scanImage: label words, dates, long digit runs, names after titles).
#include "ocr/Finding.h"
#include "ocr/ScanJob.h"
#include "slides/Deck.h"

#include <opencv2/core/types.hpp>

#include <map>
#include <vector>

namespace veil {

struct DeckFinding {
    int slide = 0;            // 1-based in the presentation's order; 0: the document as a whole
    QString kind;             // see kindDescription()
    QString part;             // where inside the package ("ppt/media/image1.png")
    QString text;             // what was read (may be empty: a cropped picture with no text in it)
    bool identifying = false; // image text judged the patient's (or identifier-like)
    int shape = -1;           // the picture's index on its slide (p:pic in document order)
    PixelBox box;             // image text: where, in the image's pixels
    bool redact = true;       // image text: the cleaner burns it (the reviewer may keep it)
    QString id() const;       // stable within one check: kind, slide, part, shape, box
};

// How a picture sits on its slide, in its image's pixels.
struct PictureGeometry {
    int slide = 0, shape = -1; // shape: the picture index (DeckShape::picture)
    QString media;
    int width = 0, height = 0; // the image as stored
    cv::Rect visible;          // the part the crop shows (may reach past the image: padding)
    struct Cover {
        cv::Rect rect; // in image pixels, clipped to the image
        bool solid = false;
        unsigned rgb = 0; // 0xRRGGBB when solid
        QString shapeName;
    };
    std::vector<Cover> covers; // shapes above the picture that hide content under them
};

struct DeckCheck {
    QString deck;
    int slides = 0, visibleSlides = 0;
    std::vector<DeckFinding> findings;
    std::vector<PictureGeometry> pictures;
    std::map<QString, std::vector<Finding>> mediaText; // every line read in each image
    QStringList notChecked;                            // what could not be looked at, and why
    bool clean() const { return findings.empty() && notChecked.isEmpty(); }
};

// The visible part of an image of w x h under a crop, in image pixels.
cv::Rect cropRect(const SourceCrop& crop, int w, int h);
// A slide rectangle (EMU) mapped into the pixels of a picture placed at `frame` whose
// visible part is `visible`.
cv::Rect slideToImage(const EmuRect& slideRect, const EmuRect& frame, const cv::Rect& visible);

const char* kindDescription(const QString& kind);
QStringList findingKinds();

class DeckChecker {
public:
    explicit DeckChecker(ScanOptions options = {});
    DeckCheck check(const Deck& deck) const;

private:
    ScanJob m_scan;
};

} // namespace veil
