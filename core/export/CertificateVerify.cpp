#include "export/CertificateVerify.h"

#include "common/Error.h"
#include "export/Archive.h"
#include "export/OutputFolder.h"

#include <algorithm>
#include <map>
#include <set>

namespace veil {

namespace fs = std::filesystem;

namespace {

std::map<std::string, std::pair<std::string, long long>> folderFiles(const fs::path& root) {
    std::map<std::string, std::pair<std::string, long long>> out;
    for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
        if (!e.is_regular_file())
            continue;
        const std::string rel = fs::relative(e.path(), root).generic_string();
        if (rel == kOutputManifest)
            continue; // the folder's manifest (veil-cli deid), not an output
        out[rel] = {fileSha256(e.path()), (long long)e.file_size()};
    }
    return out;
}

} // namespace

CertificateCheck verifyCertificate(const fs::path& certificateFile) {
    return verifyCertificates({certificateFile});
}

CertificateCheck verifyCertificates(const std::vector<fs::path>& certificateFiles) {
    if (certificateFiles.empty())
        throw Error("no certificate given");
    std::vector<Certificate> certificates;
    for (const fs::path& f : certificateFiles)
        certificates.push_back(Certificate::load(f));
    CertificateCheck r;
    r.exportPath = (fs::absolute(certificateFiles[0]).parent_path() / certificates[0].destination)
                       .lexically_normal();
    for (std::size_t i = 1; i < certificates.size(); ++i) {
        const fs::path other =
            (fs::absolute(certificateFiles[i]).parent_path() / certificates[i].destination)
                .lexically_normal();
        if (other != r.exportPath || certificates[i].container != certificates[0].container)
            throw Error(certificateFiles[i].string(),
                        "names the export " + other.string() + ", not " + r.exportPath.string() +
                            ": certificates of one output folder only");
    }
    const Certificate& c = certificates[0];

    for (const Certificate& cert : certificates) {
        for (const SignOff& s : cert.signOffs) {
            std::string line = std::string(roleName(s.role)) + " " + s.name +
                               (s.account.empty() ? "" : " (account " + s.account + ")");
            if (!s.isSigned()) {
                line += ": NOT SIGNED";
                r.problems.push_back(std::string(roleName(s.role)) + " sign-off by " + s.name +
                                     " carries no signature");
            } else if (s.signatureValid()) {
                line += ", key " + s.fingerprint() + ": signature valid";
            } else {
                line += ", key " + s.fingerprint() + ": SIGNATURE DOES NOT MATCH";
            }
            r.signOffLines.push_back(line);
        }
        for (const std::string& p : checkSignOffs(cert.signOffs, cert.level).items)
            if (std::find(r.problems.begin(), r.problems.end(), p) == r.problems.end())
                r.problems.push_back(p); // said once for several certificates
    }

    std::map<std::string, std::pair<std::string, long long>> found;
    bool zip = c.container == "zip";
    try {
        if (!fs::exists(r.exportPath)) {
            r.problems.push_back("the export " + r.exportPath.string() +
                                 " is not beside the certificate");
            return r;
        }
        if (zip) {
            for (const auto& [name, sha] : zipEntrySha256(r.exportPath))
                found[name] = {sha, -1};
        } else {
            found = folderFiles(r.exportPath);
        }
    } catch (const Error& e) {
        r.problems.push_back(e.what());
        return r;
    }
    std::map<std::string, std::string>
        listed; // path -> SHA-256 of the first certificate listing it
    for (const Certificate& cert : certificates)
        for (const CertificateFile& f : cert.files) {
            if (const auto [seen, fresh] = listed.emplace(f.path, f.sha256); !fresh) {
                // the same file in two runs' certificates (an overlap of shards): checked once
                if (seen->second != f.sha256)
                    r.problems.push_back(f.path +
                                         ": two certificates list it with different SHA-256");
                continue;
            }
            ++r.filesChecked;
            const auto it = found.find(f.path);
            if (it == found.end()) {
                r.problems.push_back(f.path + ": missing from the export");
                continue;
            }
            if (it->second.first != f.sha256) {
                r.problems.push_back(f.path +
                                     ": SHA-256 differs from the certificate (the file changed)");
                continue;
            }
            if (it->second.second >= 0 && it->second.second != f.bytes) {
                r.problems.push_back(f.path + ": size differs from the certificate");
                continue;
            }
            ++r.filesMatching;
        }
    for (const auto& [path, hash] : found)
        if (!listed.count(path))
            r.problems.push_back(path + ": in the export but not in the certificate");
    return r;
}

} // namespace veil
