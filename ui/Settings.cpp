#include "Settings.h"

#include <QDir>
#include <QSettings>
#include <QVariantList>

namespace veil::ui {

namespace {
// The keys, once.
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastFolder = QStringLiteral("lastFolder");
const QString kLastSlide = QStringLiteral("slides/lastFile");
const QString kPresets = QStringLiteral("presets/");
const QString kReviewer = QStringLiteral("review/reviewerName");
const QString kPacsNodes = QStringLiteral("pacs/nodes");
const QString kPacsAet = QStringLiteral("pacs/callingAet");
const QString kPacsRetrieve = QStringLiteral("pacs/retrieve");
const QString kPacsMovePort = QStringLiteral("pacs/movePort");
} // namespace

QByteArray Settings::windowGeometry() {
    return QSettings().value(kGeometry).toByteArray();
}

QByteArray Settings::windowState() {
    return QSettings().value(kState).toByteArray();
}

void Settings::setWindow(const QByteArray& geometry, const QByteArray& state) {
    QSettings s;
    s.setValue(kGeometry, geometry);
    s.setValue(kState, state);
}

QString Settings::lastFolder() {
    return QSettings().value(kLastFolder, QDir::homePath()).toString();
}

void Settings::setLastFolder(const QString& folder) {
    QSettings().setValue(kLastFolder, folder);
}

QString Settings::lastSlideFile() {
    return QSettings().value(kLastSlide, QStringLiteral("slide.png")).toString();
}

void Settings::setLastSlideFile(const QString& file) {
    QSettings().setValue(kLastSlide, file);
}

QVector<QPointF> Settings::windowPresets(const QString& modality) {
    QVector<QPointF> out;
    for (const QVariant& v : QSettings().value(kPresets + modality).toList())
        out.push_back(v.toPointF());
    return out;
}

QString Settings::reviewerName() {
    return QSettings().value(kReviewer).toString().simplified();
}

void Settings::setReviewerName(const QString& name) {
    QSettings().setValue(kReviewer, name.simplified());
}

Settings::Pacs Settings::pacs() {
    QSettings s;
    Pacs p;
    p.nodes = s.value(kPacsNodes).toStringList();
    p.callingAet = s.value(kPacsAet, p.callingAet).toString();
    p.useMove = s.value(kPacsRetrieve, "get").toString() == "move";
    p.movePort = s.value(kPacsMovePort, p.movePort).toInt();
    return p;
}

void Settings::setPacs(const Pacs& p) {
    QSettings s;
    s.setValue(kPacsNodes, p.nodes);
    s.setValue(kPacsAet, p.callingAet);
    s.setValue(kPacsRetrieve, p.useMove ? "move" : "get");
    s.setValue(kPacsMovePort, p.movePort);
}

} // namespace veil::ui
