#include "export/OutputFolder.h"

#include "common/Error.h"
#include "export/ExportJob.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <unistd.h>

namespace veil {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool sameBytes(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::file_size(a, ec) == fs::file_size(b, ec) && !ec && slurp(a) == slurp(b);
}

std::string manifestFingerprint(const fs::path& dir) {
    QFile f(QString::fromStdString((dir / kOutputManifest).string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.value("format").toString() != "veil-output")
        return {};
    return o.value("keyFingerprint").toString().toStdString();
}

// Links `from` to `to` only if `to` does not exist (link(2) never replaces), then drops `from`.
enum class Placed { Moved, Same, Conflict };
Placed placeFile(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    fs::create_directories(to.parent_path(), ec);
    if (ec)
        throw Error(to.parent_path().string(), "cannot be created: " + ec.message());
    if (::link(from.c_str(), to.c_str()) == 0) {
        fs::remove(from, ec);
        return Placed::Moved;
    }
    if (errno != EEXIST)
        throw Error(to.string(), std::string("cannot be written: ") + std::strerror(errno));
    return sameBytes(from, to) ? Placed::Same : Placed::Conflict;
}

} // namespace

std::string outputFolderProblem(const fs::path& out, const ProjectKey& key,
                                const std::vector<fs::path>& inputs) {
    for (const fs::path& in : inputs)
        if (fs::is_directory(in) && isInside(out, in))
            return out.string() + " is inside the input " + in.string() +
                   ": a later run would read its own outputs; choose a folder outside the inputs";
    std::error_code ec;
    if (!fs::exists(out, ec))
        return fs::is_directory(fs::absolute(out).lexically_normal().parent_path(), ec)
                   ? std::string()
                   : out.string() + ": its parent folder does not exist";
    if (!fs::is_directory(out, ec))
        return out.string() + " exists and is not a folder";
    if (fs::is_empty(out, ec))
        return {};
    const std::string fingerprint = manifestFingerprint(out);
    if (fingerprint.empty())
        return out.string() +
               " is not empty and is not a Veil output folder: choose an empty or new folder";
    if (fingerprint != key.fingerprint())
        return out.string() + " is a Veil output folder made with another project key (" +
               fingerprint + ", this one is " + key.fingerprint() +
               "): its files would not match; choose another folder";
    return {};
}

void writeOutputManifest(const fs::path& dir, const ProjectKey& key) {
    const QJsonObject o{{"format", "veil-output"},
                        {"version", 1},
                        {"keyFingerprint", QString::fromStdString(key.fingerprint())}};
    writePrivateFile(dir / kOutputManifest, QJsonDocument(o).toJson().toStdString());
}

PublishResult publishInto(const fs::path& tree, const fs::path& out) {
    PublishResult r;
    std::error_code ec;
    if (!fs::exists(out, ec)) {
        fs::rename(tree, out, ec);
        if (!ec) {
            r.renamedWhole = true;
            return r;
        }
        // another shard made OUT meanwhile: join it file by file
    } else if (fs::is_empty(out, ec)) {
        fs::rename(tree, out, ec); // replaces the empty folder in one step
        if (!ec) {
            r.renamedWhole = true;
            return r;
        }
    }
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(tree, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file())
            files.push_back(it->path());
    if (ec)
        throw Error(tree.string(), "cannot be read: " + ec.message());
    for (const fs::path& f : files) {
        const fs::path rel = fs::relative(f, tree);
        switch (placeFile(f, out / rel)) {
        case Placed::Moved:
            ++r.moved;
            break;
        case Placed::Same:
            ++r.alreadyThere;
            break;
        case Placed::Conflict:
            r.conflicts.push_back(rel.generic_string());
            break;
        }
    }
    return r;
}

} // namespace veil
