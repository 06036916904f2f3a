#pragma once
// Writes a cleaned copy of a slide deck: crops baked into the media (only the visible part
// kept, a:srcRect removed; a picture used twice with different crops gets media of its
// own), shapes over pictures burned into the pixels (their fill colour when solid, else
// black), the image text the check found redacted (those with redact set), metadata
// stripped from every image (re-encoded by OpenCV), notes, comments and their authors,
// hidden slides, shapes off the slide, OLE objects, embedded files, linked pictures,
// external links, revision info, custom properties and the thumbnail removed, alt text
// replaced by "Image", core and app properties emptied. Every change is reported. The source
// is never modified; the output is written beside the destination and renamed.
#include "slides/DeckChecker.h"

namespace veil {

struct DeckChange {
    int slide = 0; // the slide's number in the source deck; 0: the document
    QString part;
    QString what;
};

struct DeckCleanResult {
    QString output;
    std::vector<DeckChange> changes;
    int slidesKept = 0;
    QStringList notCleaned; // what could not be cleaned, and why
};

// `check` is DeckChecker::check of the same deck. Throws veil::Error naming the file.
DeckCleanResult cleanDeck(const Deck& deck, const DeckCheck& check, const QString& output);

// The alt text a cleaned picture gets.
inline const QString kNeutralAltText = "Image";

} // namespace veil
