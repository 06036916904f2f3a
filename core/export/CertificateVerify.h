#pragma once
// `veil-cli certificate verify CERT.json`: does an export still match its certificate? Every
// sign-off's signature is checked against its own public key, the set of sign-offs against the
// level's rules (the approver's key differs from the reviewer's), and every file listed against
// the export beside the certificate (folder or zip): present, same size, same SHA-256; files in
// the export the certificate does not list are named too (the folder manifest
// .veil-output.json of a veil-cli deid output is not an output).
#include "export/Certificate.h"

#include <filesystem>
#include <string>
#include <vector>

namespace veil {

struct CertificateCheck {
    std::filesystem::path exportPath; // the folder or zip the certificate names
    std::vector<std::string>
        signOffLines; // "reviewer Dr Ada (account ada), key 3f9a …: signature valid"
    int filesChecked = 0, filesMatching = 0;
    std::vector<std::string> problems; // plain words, one per problem
    bool ok() const { return problems.empty(); }
};

// Throws veil::Error when the certificate itself cannot be read.
CertificateCheck verifyCertificate(const std::filesystem::path& certificateFile);

// Several runs into one output folder (shards of one release, each with its own
// certificate): the folder is checked against the union of their file lists, and every
// certificate's sign-offs are checked. Throws veil::Error when a certificate cannot be read
// or the certificates name different exports.
CertificateCheck verifyCertificates(const std::vector<std::filesystem::path>& certificateFiles);

} // namespace veil
