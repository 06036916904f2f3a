// The real-anatomy set's key as JSON: every image's lines with their boxes, text, whether
// they identify and their causes, and the text-free slices (RealText.h).
#include "RealText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::bench {

std::string keyJson(const RealTextSet& set) {
    QJsonArray images;
    for (const KeyImage& k : set.images) {
        QJsonArray lines;
        for (const KeyLine& l : k.lines) {
            QJsonArray causes;
            for (const std::string& c : l.causes)
                causes.append(QString::fromStdString(c));
            lines.append(QJsonObject{{"text", QString::fromStdString(l.text)},
                                     {"x", l.box.x},
                                     {"y", l.box.y},
                                     {"w", l.box.width},
                                     {"h", l.box.height},
                                     {"identifying", l.phi},
                                     {"sizePx", l.sizePx},
                                     {"font", QString::fromStdString(l.font)},
                                     {"antialias", l.antialias},
                                     {"native", l.native},
                                     {"causes", causes}});
        }
        images.append(QJsonObject{{"file", QString::fromStdString(k.file)},
                                  {"source", QString::fromStdString(k.source)},
                                  {"form", QString::fromStdString(k.form)},
                                  {"headerMatches", k.headerMatches},
                                  {"lines", lines}});
    }
    QJsonArray free;
    for (const std::string& f : set.textFree)
        free.append(QString::fromStdString(f));
    return QJsonDocument(QJsonObject{{"images", images}, {"textFree", free}})
        .toJson()
        .toStdString();
}

} // namespace veil::bench
