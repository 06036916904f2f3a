#include "export/Archive.h"

#include "common/Sha256.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QFile>

#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

namespace veil {

namespace fs = std::filesystem;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

bool safeEntryName(const QString& name) {
    if (name.isEmpty() || name.startsWith('/') || name.startsWith('\\') || name.contains(':'))
        return false;
    return !QString(name).replace('\\', '/').split('/', Qt::SkipEmptyParts).contains("..");
}

// Copies `in` to `out` in blocks, feeding the hash when given. False on a read/write error.
bool pump(QIODevice& in, QIODevice* out, QCryptographicHash* hash) {
    char buf[1 << 16];
    qint64 n = 0;
    while ((n = in.read(buf, sizeof buf)) > 0) {
        if (hash)
            hash->addData(QByteArrayView(buf, n));
        if (out && out->write(buf, n) != n)
            return false;
    }
    return n == 0;
}

std::vector<fs::path> filesBelow(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        if (e.is_regular_file())
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

void addEntry(QuaZip& zip, const fs::path& file, const QString& name) {
    QFile in(q(file));
    if (!in.open(QIODevice::ReadOnly))
        throw Error(file.string(), "cannot be read for the zip: " + in.errorString().toStdString());
    QuaZipNewInfo info(name, q(file));
    QuaZipFile entry(&zip);
    if (!entry.open(QIODevice::WriteOnly, info))
        throw Error(file.string(), "cannot be added to the zip");
    const bool ok = pump(in, &entry, nullptr);
    entry.close();
    if (!ok || entry.getZipError() != ZIP_OK)
        throw Error(file.string(), "could not be written into the zip");
}

// Calls `visit(name, entry)` for every file entry of the zip.
template <class Visit> void eachEntry(const fs::path& zipPath, Visit visit) {
    QuaZip zip(q(zipPath));
    if (!zip.open(QuaZip::mdUnzip))
        throw Error(zipPath.string(), "the zip archive cannot be opened");
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        const QString name = zip.getCurrentFileName();
        if (name.endsWith('/'))
            continue;
        QuaZipFile entry(&zip);
        if (!entry.open(QIODevice::ReadOnly))
            throw Error(zipPath.string(), "entry " + name.toStdString() + " cannot be read");
        visit(name, entry);
        entry.close();
        if (entry.getZipError() != UNZ_OK)
            throw Error(zipPath.string(), "entry " + name.toStdString() + " is corrupt");
    }
}

} // namespace

std::string fileSha256(const fs::path& file) {
    return fileSha256Hex(file);
}

void zipFolder(const fs::path& folder, const fs::path& zipPath) {
    QuaZip zip(q(zipPath));
    if (!zip.open(QuaZip::mdCreate))
        throw Error(zipPath.string(), "the zip archive cannot be created");
    for (const fs::path& file : filesBelow(folder))
        addEntry(zip, file, QString::fromStdString(fs::relative(file, folder).generic_string()));
    zip.close();
    if (zip.getZipError() != ZIP_OK)
        throw Error(zipPath.string(), "the zip archive could not be completed");
}

std::map<std::string, std::string> zipEntrySha256(const fs::path& zipPath) {
    std::map<std::string, std::string> out;
    eachEntry(zipPath, [&](const QString& name, QuaZipFile& entry) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        if (!pump(entry, nullptr, &h))
            throw Error(zipPath.string(), "entry " + name.toStdString() + " cannot be read");
        out[name.toStdString()] = h.result().toHex().toStdString();
    });
    return out;
}

void extractZip(const fs::path& zipPath, const fs::path& dir) {
    eachEntry(zipPath, [&](const QString& name, QuaZipFile& entry) {
        if (!safeEntryName(name))
            throw Error(zipPath.string(),
                        "entry " + name.toStdString() + " would leave the folder");
        const fs::path target = dir / name.toStdString();
        fs::create_directories(target.parent_path());
        QFile out(q(target));
        if (!out.open(QIODevice::WriteOnly) || !pump(entry, &out, nullptr))
            throw Error(target.string(), "could not be extracted");
    });
}

} // namespace veil
