#include "slides/SlidesReport.h"

#include <QJsonArray>

namespace veil {

namespace {

QJsonObject findingJson(const DeckFinding& f) {
    QJsonObject o{{"slide", f.slide}, {"kind", f.kind}, {"part", f.part}, {"text", f.text}};
    if (f.kind == "image-text" || f.kind == "cropped-text" || f.kind == "covered-picture") {
        o["box"] = QJsonObject{{"x", f.box.x}, {"y", f.box.y}, {"w", f.box.w}, {"h", f.box.h}};
        o["identifying"] = f.identifying;
    }
    return o;
}

QString where(int slide) {
    return slide > 0 ? QString("slide %1").arg(slide) : QString("document");
}

} // namespace

QJsonObject deckCheckJson(const DeckCheck& check) {
    QJsonArray findings;
    for (const DeckFinding& f : check.findings)
        findings.append(findingJson(f));
    QJsonArray notChecked;
    for (const QString& s : check.notChecked)
        notChecked.append(s);
    return {
        {"deck", check.deck},   {"slides", check.slides},   {"visibleSlides", check.visibleSlides},
        {"findings", findings}, {"notChecked", notChecked}, {"clean", check.clean()}};
}

QString deckCheckText(const DeckCheck& check) {
    QString out = QString("%1: %2 slide(s), %3 visible\n")
                      .arg(check.deck)
                      .arg(check.slides)
                      .arg(check.visibleSlides);
    for (const DeckFinding& f : check.findings)
        out += QString("  %1  %2  %3  %4\n")
                   .arg(where(f.slide), -9)
                   .arg(f.kind, -17)
                   .arg(f.part, f.text.simplified().left(200));
    for (const QString& s : check.notChecked)
        out += "  NOT CHECKED  " + s + "\n";
    out += check.findings.empty()
               ? (check.notChecked.isEmpty() ? QString("nothing found\n")
                                             : QString("nothing found in what was checked\n"))
               : QString("%1 finding(s)\n").arg(check.findings.size());
    return out;
}

QJsonObject deckCleanJson(const DeckCleanResult& result, const DeckCheck* after) {
    QJsonArray changes;
    for (const DeckChange& c : result.changes)
        changes.append(QJsonObject{{"slide", c.slide}, {"part", c.part}, {"change", c.what}});
    QJsonArray notCleaned;
    for (const QString& s : result.notCleaned)
        notCleaned.append(s);
    QJsonObject o{{"output", result.output},
                  {"slides", result.slidesKept},
                  {"changes", changes},
                  {"notCleaned", notCleaned}};
    if (after)
        o["after"] = deckCheckJson(*after);
    return o;
}

QString deckCleanText(const DeckCleanResult& result, const DeckCheck* after) {
    QString out = QString("%1: %2 slide(s) written, %3 change(s)\n")
                      .arg(result.output)
                      .arg(result.slidesKept)
                      .arg(result.changes.size());
    for (const DeckChange& c : result.changes)
        out += QString("  %1  %2  %3\n").arg(where(c.slide), -9).arg(c.part, c.what);
    for (const QString& s : result.notCleaned)
        out += "  NOT CLEANED  " + s + "\n";
    if (after) {
        out += after->clean() ? QString("the cleaned deck passes the check\n")
                              : QString("the cleaned deck still has %1 finding(s):\n")
                                    .arg(after->findings.size() + after->notChecked.size());
        if (!after->clean())
            for (const DeckFinding& f : after->findings)
                out += QString("  %1  %2  %3  %4\n")
                           .arg(where(f.slide), -9)
                           .arg(f.kind, -17)
                           .arg(f.part, f.text.simplified().left(200));
    }
    return out;
}

} // namespace veil
