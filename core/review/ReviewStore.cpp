#include "review/ReviewStore.h"

#include "common/Error.h"
#include "common/JsonRead.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace veil {

namespace {
bool writableFolder(const QString& dir) {
    const QFileInfo fi(dir);
    if (!fi.isDir() || !fi.isWritable())
        return false;
    // isWritable trusts permission bits; a read-only mount says otherwise only on a try.
    QFile probe(QDir(dir).filePath(".veil-write-probe"));
    if (!probe.open(QIODevice::WriteOnly))
        return false;
    probe.close();
    probe.remove();
    return true;
}
} // namespace

ReviewStore::ReviewStore(const QStringList& inputs) {
    QStringList canonical;
    for (const QString& in : inputs)
        canonical << QFileInfo(in).absoluteFilePath();
    canonical.sort();
    if (canonical.size() == 1) {
        const QFileInfo fi(canonical.first());
        // A folder holds its review inside; a file or zip keeps one beside it.
        const QString dir = fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath();
        const QString name =
            fi.isDir() ? QStringLiteral(".veil-review.json") : fi.fileName() + ".veil-review.json";
        if (writableFolder(dir)) {
            m_path = QDir(dir).filePath(name);
            m_beside = true;
            return;
        }
    }
    const QByteArray key =
        QCryptographicHash::hash(canonical.join('\n').toUtf8(), QCryptographicHash::Sha256).toHex();
    const QString base =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/reviews";
    QDir().mkpath(base);
    m_path = base + "/" + QString::fromLatin1(key.left(24)) + ".json";
}

bool ReviewStore::exists() const {
    return QFileInfo::exists(m_path);
}

void ReviewStore::save(const ReviewSession& session) const {
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly))
        throw Error(m_path.toStdString(),
                    "review file cannot be written: " + f.errorString().toStdString());
    f.write(QJsonDocument(session.toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        throw Error(m_path.toStdString(),
                    "review file could not be saved: " + f.errorString().toStdString());
}

ReviewSession ReviewStore::load() const {
    if (!QFile::exists(m_path))
        return {};
    return loadFile(m_path);
}

ReviewSession ReviewStore::loadFile(const QString& path) {
    const QJsonObject o = readJsonObject(path.toStdString(), "review file");
    try {
        return ReviewSession::fromJson(o);
    } catch (const Error& e) {
        throw Error(path.toStdString(), e.what());
    }
}

} // namespace veil
