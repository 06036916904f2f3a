#pragma once
// The check's findings and the cleaner's changes as text for people and as JSON
// (docs/slides.md describes both).
#include "slides/DeckCleaner.h"

#include <QJsonObject>
#include <QString>

namespace veil {

QJsonObject deckCheckJson(const DeckCheck& check);
QString deckCheckText(const DeckCheck& check);

// `after`: the check of the cleaned deck, when it was run.
QJsonObject deckCleanJson(const DeckCleanResult& result, const DeckCheck* after);
QString deckCleanText(const DeckCleanResult& result, const DeckCheck* after);

} // namespace veil
