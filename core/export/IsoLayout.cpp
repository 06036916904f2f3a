#include "export/IsoLayout.h"

#include "common/Error.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace veil {

namespace fs = std::filesystem;

namespace {

std::string numbered(const char* prefix, int n) {
    if (n > 99999)
        throw Error("more than 99999 entries in one folder: too many for ISO 9660 names");
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%05d", prefix, n);
    return buf;
}

// Numbers names per parent: the n-th distinct child of a parent gets n.
class Numbering {
public:
    std::string name(const std::string& parent, const std::string& child, const char* prefix) {
        auto& children = m_children[parent];
        auto [it, fresh] = children.emplace(child, int(children.size()) + 1);
        return numbered(prefix, it->second);
    }

private:
    std::map<std::string, std::map<std::string, int>> m_children;
};

} // namespace

bool isIsoName(const std::string& relative) {
    std::size_t start = 0;
    int parts = 0;
    while (start <= relative.size()) {
        const std::size_t end = std::min(relative.find('/', start), relative.size());
        const std::string part = relative.substr(start, end - start);
        if (part.empty() || part.size() > 8 || !std::all_of(part.begin(), part.end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            }))
            return false;
        ++parts;
        start = end + 1;
    }
    return parts > 0 && parts <= 8;
}

std::map<std::string, std::string> relayoutIso(const fs::path& tree) {
    static const char* kPrefixes[] = {"PAT", "STU", "SER", "IMG"};
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(tree))
        if (e.is_regular_file())
            files.push_back(fs::relative(e.path(), tree));
    std::sort(files.begin(), files.end());
    const fs::path staging = tree.parent_path() / (tree.filename().string() + ".iso");
    fs::create_directories(staging);
    std::map<std::string, std::string> renames;
    Numbering numbering;
    for (const fs::path& rel : files) {
        std::vector<std::string> parts;
        for (const fs::path& p : rel)
            parts.push_back(p.string());
        if (parts.size() > 4)
            throw Error(rel.string(), "is nested deeper than patient/study/series/file");
        // A report beside the study (PATIENT/STUDY/REPORT-….pdf) stays in its study's folder
        // as RPTnnnnn; the DICOMDIR does not list it (it is not DICOM).
        const bool report = parts.size() == 3 && rel.extension() == ".pdf";
        std::string parent, target;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const char* prefix = report ? (i == 0   ? "PAT"
                                           : i == 1 ? "STU"
                                                    : "RPT")
                                        : kPrefixes[i + 4 - parts.size()];
            target += (target.empty() ? "" : "/") + numbering.name(parent, parts[i], prefix);
            parent += "/" + parts[i];
        }
        fs::create_directories((staging / target).parent_path());
        fs::rename(tree / rel, staging / target);
        renames[rel.generic_string()] = target;
    }
    fs::remove_all(tree);
    fs::rename(staging, tree);
    return renames;
}

} // namespace veil
