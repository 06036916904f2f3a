// veil-cli certificate verify CERT.json [CERT.json...]: checks every sign-off's signature and
// every exported file's SHA-256 against the certificate; exit 0 only when everything matches.
// Several certificates of one output folder (shards of a release, one certificate per run):
// the folder is checked against the union of their file lists.
#include "Cli.h"

#include "common/Error.h"
#include "export/CertificateVerify.h"

#include <QCommandLineParser>
#include <cstdio>

namespace veil::cli {

int certificate(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Checks an export against its certificate: each sign-off's signature (the signer's own "
        "key), the sign-off rules, and the SHA-256 of every file in the export beside it. Give "
        "every certificate of a folder that several runs wrote (shards of one release): the "
        "folder is checked against the union of their lists.");
    parser.addHelpOption();
    parser.addPositionalArgument("verify", "The action (only 'verify').");
    parser.addPositionalArgument("CERT", "The certificate(s) (DEST.certificate.json).", "CERT...");
    if (const auto done = parseArguments(parser, args, "certificate"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2 || pos[0] != "verify")
        return usageError("certificate", "expected: certificate verify CERT.json [CERT.json...]");
    try {
        std::vector<std::filesystem::path> files;
        for (qsizetype i = 1; i < pos.size(); ++i)
            files.push_back(pos[i].toStdString());
        const CertificateCheck c = verifyCertificates(files);
        for (const std::string& line : c.signOffLines)
            std::fprintf(stdout, "sign-off: %s\n", line.c_str());
        const QString named =
            pos.size() == 2 ? pos[1] : QString("%1 certificates").arg(pos.size() - 1);
        for (const std::string& p : c.problems)
            std::fprintf(stdout, "%s: %s\n", qPrintable(named), p.c_str());
        std::fprintf(stdout, "%s: %d of %d files match their SHA-256 in %s; %s\n",
                     qPrintable(named), c.filesMatching, c.filesChecked,
                     c.exportPath.string().c_str(), c.ok() ? "VERIFIED" : "NOT VERIFIED");
        return c.ok() ? Ok : Failed;
    } catch (const Error& e) {
        std::fprintf(stderr, "veil-cli certificate: %s\n", e.what());
        return Failed;
    }
}

} // namespace veil::cli
