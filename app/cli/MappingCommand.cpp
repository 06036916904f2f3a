// veil-cli mapping [--key-file FILE] [--json] MAPPING: prints a limited-level mapping table.
#include "Cli.h"

#include "deid/MappingTable.h"

#include <QCommandLineParser>
#include <cstdio>

namespace veil::cli {

int mapping(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Decrypts and prints a mapping table written by 'veil-cli deid --level "
        "limited'. Needs the project key file and its passphrase (asked, or "
        "VEIL_PASSPHRASE without a terminal).");
    parser.addHelpOption();
    parser.addOption(
        {"key-file", "The project key file (default: in the user's data folder).", "FILE"});
    parser.addOption({"json", "Print JSON instead of text."});
    parser.addPositionalArgument("MAPPING", "The mapping table file.");
    if (const auto done = parseArguments(parser, args, "mapping"))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return usageError("mapping", "give exactly one mapping table file");
    const ProjectKey key = openProjectKey(parser.value("key-file"), KeyUse::OpenExisting);
    const MappingTable table =
        MappingTable::open(parser.positionalArguments().front().toStdString(), key);
    // Decrypted in full before anything is printed: a failure prints nothing.
    const std::string out = parser.isSet("json") ? table.toJson() + "\n" : table.text();
    std::fwrite(out.data(), 1, out.size(), stdout);
    return Ok;
}

} // namespace veil::cli
