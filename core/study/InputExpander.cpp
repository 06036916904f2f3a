#include "study/InputExpander.h"

#include "common/Error.h"
#include "dicom/DicomDir.h"
#include "study/ArchiveRules.h"
#include "study/Scratch.h"

#include <QDir>
#include <QFile>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>

#include <fstream>
#include <set>
#include <string_view>

namespace fs = std::filesystem;

namespace veil {

bool archive::safeEntryName(const QString& name) {
    if (name.isEmpty() || name.startsWith('/') || name.startsWith('\\') || name.contains(':'))
        return false;
    const QStringList parts = QString(name).replace('\\', '/').split('/', Qt::SkipEmptyParts);
    return !parts.contains("..");
}

namespace {

constexpr int kMaxArchiveDepth = 3;
using archive::kMaxEntryBytes;
using archive::kMaxExtractedBytes;
using archive::kMaxRatio;
using archive::safeEntryName;

bool hasDicomExtension(const fs::path& p) {
    std::string e = p.extension().string();
    for (char& c : e)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return e == ".dcm" || e == ".dicom";
}

bool isDicomdirName(const fs::path& p) {
    std::string n = p.filename().string();
    for (char& c : n)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return n == "DICOMDIR";
}

class Expander {
public:
    Expander(Expansion& out, const CancelToken& cancel) : m_out(out), m_cancel(cancel) {}

    void input(const std::string& given) {
        const fs::path p(given);
        std::error_code ec;
        if (!fs::exists(p, ec)) {
            problem(given, "does not exist");
            return;
        }
        const std::size_t before = m_out.candidates.size() + m_out.problems.size();
        if (fs::is_directory(p, ec)) {
            folder(p, given, 0);
            if (m_out.candidates.size() + m_out.problems.size() == before)
                skipped(given, "is a folder holding no files");
        } else {
            file(p, given, 0, true);
        }
    }

private:
    void folder(const fs::path& dir, const std::string& shown, int depth) {
        std::error_code ec;
        struct Entry {
            fs::path path;
            bool symlink = false;
            bool operator<(const Entry& o) const { return path < o.path; }
        };
        std::vector<Entry> entries;
        for (fs::recursive_directory_iterator
                 it(dir, fs::directory_options::skip_permission_denied, ec),
             end;
             it != end && !m_cancel.isCancelled(); it.increment(ec)) {
            if (ec) {
                problem(shown, "part of the folder could not be read: " + ec.message());
                ec.clear();
                continue;
            }
            if (it->is_regular_file(ec))
                entries.push_back({it->path(), it->is_symlink(ec)});
            else if (it->is_directory(ec) && hasDicomExtension(it->path()) &&
                     fs::is_empty(it->path(), ec))
                problem((fs::path(shown) / fs::relative(it->path(), dir, ec)).generic_string(),
                        "is a folder holding no files, not a DICOM file");
        }
        std::sort(entries.begin(), entries.end());
        // The walk does not follow links to folders: below the folder's own real path, a file
        // that is not a link is where its name says (fs::relative and fs::weakly_canonical
        // would ask the file system about every component of every file, twice).
        std::error_code canonError;
        const fs::path canonDir = fs::weakly_canonical(dir, canonError);
        for (const Entry& e : entries) {
            if (e.symlink || canonError) {
                const fs::path rel = fs::relative(e.path, dir, ec);
                file(e.path, (fs::path(shown) / rel).generic_string(), depth);
                continue;
            }
            const fs::path rel = e.path.lexically_relative(dir);
            file(e.path, (fs::path(shown) / rel).generic_string(), depth, false, canonDir / rel);
        }
    }

    // `canon`: the file's real path when the caller knows it (else asked here).
    void file(const fs::path& local, const std::string& shown, int depth, bool given = false,
              const fs::path& canon = {}) {
        if (m_cancel.isCancelled())
            return;
        if (looksLikeZip(local)) {
            zip(local, shown, depth);
            return;
        }
        if (isDicomdirName(local)) {
            dicomdir(local, shown);
            return;
        }
        add(local, shown, given || hasDicomExtension(local), canon);
    }

    void add(const fs::path& local, const std::string& shown, bool expectDicom,
             const fs::path& known = {}) {
        const std::string name = local.filename().string();
        const auto endsWith = [&](std::string_view suffix) {
            return name.size() >= suffix.size() &&
                   name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (endsWith(".veil-review.json") || endsWith(".veil-review.json.audit.jsonl"))
            return; // Veil's own review file and its audit log, kept beside the study
        std::error_code ec;
        const fs::path canon = known.empty() ? fs::weakly_canonical(local, ec) : known;
        if (!m_seen.insert(canon.string()).second)
            return; // the same file reached twice (folder + DICOMDIR)
        m_out.candidates.push_back({shown, local.string(), expectDicom});
    }

    void dicomdir(const fs::path& local, const std::string& shown) {
        try {
            const fs::path base = fs::path(shown).parent_path();
            for (const fs::path& ref : dicomdirReferencedFiles(local)) {
                const fs::path rel = fs::relative(ref, local.parent_path());
                std::error_code ec;
                if (rel.empty() || rel.is_absolute() || *rel.begin() == "..")
                    problem(shown, "a record points outside the DICOMDIR's folder (" +
                                       ref.string() + "): not read");
                else if (!fs::exists(ref, ec))
                    problem((base / rel).generic_string(),
                            "listed in " + shown + " but missing on disk");
                else
                    add(ref, (base / rel).generic_string(), true);
            }
        } catch (const Error& e) {
            problem(shown, e.detail());
        }
    }

    void zip(const fs::path& local, const std::string& shown, int depth) {
        if (depth >= kMaxArchiveDepth) {
            skipped(shown, "archive nested too deeply (more than 3 levels)");
            return;
        }
        QuaZip archive(QString::fromStdString(local.string()));
        if (!archive.open(QuaZip::mdUnzip)) {
            problem(shown, "the zip archive could not be opened (corrupt or not a zip)");
            return;
        }
        const fs::path dest = scratchDir() / std::to_string(m_archives++);
        fs::create_directories(dest);
        bool any = false;
        for (bool more = archive.goToFirstFile(); more && !m_cancel.isCancelled();
             more = archive.goToNextFile()) {
            const QString name = archive.getCurrentFileName();
            if (name.endsWith('/'))
                continue;
            const std::string entryShown = shown + "/" + name.toStdString();
            if (!safeEntryName(name)) {
                problem(entryShown, "unsafe path inside the archive: not extracted");
                continue;
            }
            QuaZipFile entry(&archive);
            if (!entry.open(QIODevice::ReadOnly)) {
                problem(entryShown, "this archive entry could not be read");
                continue;
            }
            if (entry.usize() > kMaxEntryBytes) {
                problem(entryShown, "this archive entry is too large (" +
                                        std::to_string(entry.usize()) + " bytes; at most " +
                                        std::to_string(kMaxEntryBytes) + ")");
                continue;
            }
            const fs::path target = dest / name.toStdString();
            fs::create_directories(target.parent_path());
            std::string refused = extract(entry, target);
            entry.close(); // the CRC is checked here
            if (refused.empty() && entry.getZipError() != UNZ_OK)
                refused = "this archive entry is corrupt (CRC or data error)";
            if (!refused.empty()) {
                std::error_code ec;
                fs::remove(target, ec);
                problem(entryShown, refused);
                if (m_extracted > kMaxExtractedBytes)
                    break;
                continue;
            }
            any = true;
            file(target, entryShown, depth + 1);
        }
        if (archive.getZipError() != UNZ_OK && !any)
            problem(shown, "the zip archive is corrupt");
    }

    // Copies one entry to `target`, counting what it really expands to. Returns why it was
    // refused, or "" when it was extracted whole.
    std::string extract(QuaZipFile& entry, const fs::path& target) {
        QFile out(QString::fromStdString(target.string()));
        if (!out.open(QIODevice::WriteOnly))
            return "could not be extracted to the temporary folder: " +
                   out.errorString().toStdString();
        const long long compressed = std::max<long long>(1, entry.csize());
        char buf[1 << 16];
        qint64 n = 0;
        long long written = 0;
        while ((n = entry.read(buf, sizeof buf)) > 0) {
            if (m_cancel.isCancelled())
                return "cancelled before it was extracted";
            written += n;
            m_extracted += n;
            if (written > kMaxEntryBytes)
                return "this archive entry expands past " + std::to_string(kMaxEntryBytes) +
                       " bytes: refused, nothing of it was read";
            if (archive::expandsTooMuch(written, compressed))
                return "this archive entry expands more than " + std::to_string(kMaxRatio) +
                       " times its compressed size (" + std::to_string(compressed) +
                       " bytes): refused as a zip bomb, nothing of it was read";
            if (m_extracted > kMaxExtractedBytes)
                return "the archives of this run expand past " +
                       std::to_string(kMaxExtractedBytes) + " bytes: the rest is refused";
            if (out.write(buf, n) != n)
                return "could not be extracted to the temporary folder: " +
                       out.errorString().toStdString();
        }
        if (n < 0 || entry.getZipError() != UNZ_OK)
            return "this archive entry is corrupt (CRC or data error)";
        return {};
    }

    fs::path scratchDir() {
        if (!m_scratch) {
            m_scratch = ScratchDir::create();
            m_out.scratch = m_scratch;
        }
        return m_scratch->path();
    }

    void problem(const std::string& path, const std::string& msg) {
        m_out.problems.push_back({path, msg, LoadProblem::Kind::Error});
    }
    void skipped(const std::string& path, const std::string& msg) {
        m_out.problems.push_back({path, msg, LoadProblem::Kind::Skipped});
    }

    Expansion& m_out;
    const CancelToken& m_cancel;
    std::set<std::string> m_seen;
    std::shared_ptr<ScratchDir> m_scratch;
    int m_archives = 0;
    long long m_extracted = 0;
};

} // namespace

bool looksLikeZip(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    char b[4] = {};
    in.read(b, 4);
    return in.gcount() == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

Expansion expandInputs(const std::vector<std::string>& inputs, const CancelToken& cancel) {
    sweepStaleScratch(); // what a run that was killed left behind
    Expansion out;
    Expander ex(out, cancel);
    for (const std::string& in : inputs) {
        if (cancel.isCancelled())
            break;
        try {
            ex.input(in);
        } catch (const std::exception& e) {
            out.problems.push_back({in, e.what(), LoadProblem::Kind::Error});
        }
    }
    return out;
}

} // namespace veil
