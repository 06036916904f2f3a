#pragma once
// Reads a .pptx into a Deck: the slides in presentation order (p:sldIdLst through the
// presentation's relationships), hidden slides, the slide size, every shape and picture with
// its position, crop and alt text, notes, legacy and modern comments with their authors,
// embedded objects, external links, document properties and the thumbnail. Never changes
// the file.
#include "slides/Deck.h"

namespace veil {

// Throws veil::Error naming the file when it is not a readable deck.
Deck readDeck(const QString& path);
// The same on a package already in memory (the cleaner reads its own output again).
Deck readDeck(DeckPackage package, const QString& shownPath);

// The text of an XML part: every a:t (fields such as slide numbers left out), paragraphs on
// lines.
QString partText(const QByteArray& xml);

} // namespace veil
