#pragma once
// Every setting the GUI keeps between sessions, by name and type, in one place over
// QSettings (the organisation and application names set in main). No other file names a key.
#include <QByteArray>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

namespace veil::ui {

class Settings {
public:
    // The main window's geometry and dock layout (empty: never saved).
    static QByteArray windowGeometry();
    static QByteArray windowState();
    static void setWindow(const QByteArray& geometry, const QByteArray& state);

    // The folder the last file, folder or archive was opened from (home at first).
    static QString lastFolder();
    static void setLastFolder(const QString& folder);

    // The file the last slide was exported to.
    static QString lastSlideFile();
    static void setLastSlideFile(const QString& file);

    // Window presets the reviewer saved for a modality: (centre, width) each.
    static QVector<QPointF> windowPresets(const QString& modality);

    // The reviewer's name as set in the GUI (empty: not set).
    static QString reviewerName();
    static void setReviewerName(const QString& name);

    // The PACS part: nodes AET@HOST:PORT, most recent first; our calling AE title; retrieve
    // by C-MOVE (else C-GET); the port C-MOVE sends to.
    struct Pacs {
        QStringList nodes;
        QString callingAet = QStringLiteral("VEIL");
        bool useMove = false;
        int movePort = 11112;
    };
    static Pacs pacs();
    static void setPacs(const Pacs& pacs);
};

} // namespace veil::ui
