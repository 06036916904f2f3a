// veil-cli: the headless face of Veil. main() wires; the engine lives in core.
#include "Cli.h"

#include <QCoreApplication>
#include <cstdio>
#include <exception>

namespace {
const char* kUsage =
    "Usage: veil-cli COMMAND [OPTIONS] INPUT...\n"
    "\n"
    "Commands:\n"
    "  info      list the studies found in files, folders, zips and DICOMDIRs\n"
    "  scan      find burned-in text and say which of it identifies the patient\n"
    "  deid      write de-identified copies (PS3.15 profile, options, release levels), an\n"
    "            unreviewed batch: boxes burned, outputs verified, audit log beside them\n"
    "  export    release a reviewed, signed-off study (folder or zip, DICOMDIR), verified,\n"
    "            with a certificate and the audit log beside it\n"
    "  verify    search de-identified output for the sources' identifying values and UIDs\n"
    "  mapping   print a limited-level mapping table (needs the project key)\n"
    "  audit     verify an audit log's hash chain (audit verify FILE)\n"
    "  certificate  check an export against its certificate: signatures, SHA-256 of every file\n"
    "            (certificate verify CERT.json)\n"
    "  slides    what a .pptx leaks, and a cleaned copy (slides check DECK.pptx,\n"
    "            slides clean --out CLEAN.pptx DECK.pptx)\n"
    "  pacs      talk to a PACS: echo, find, get (C-GET or C-MOVE), send (C-STORE)\n"
    "\n"
    "Run 'veil-cli COMMAND --help' for a command's options.\n";
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("veil");
    QCoreApplication::setOrganizationName("Veil");
    QStringList args = app.arguments();
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h") {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? veil::cli::Usage : veil::cli::Ok;
    }
    const QString command = args[1];
    args.removeAt(1); // the parser sees "veil-cli [options] inputs"
    try {
        if (command == "info")
            return veil::cli::info(args);
        if (command == "scan")
            return veil::cli::scan(args);
        if (command == "deid")
            return veil::cli::deid(args);
        if (command == "mapping")
            return veil::cli::mapping(args);
        if (command == "audit")
            return veil::cli::audit(args);
        if (command == "verify")
            return veil::cli::verify(args);
        if (command == "export")
            return veil::cli::exportCommand(args);
        if (command == "certificate")
            return veil::cli::certificate(args);
        if (command == "slides")
            return veil::cli::slides(args);
        if (command == "pacs")
            return veil::cli::pacs(args);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "veil-cli %s: %s\n", qPrintable(command), e.what());
        return veil::cli::Failed;
    }
    std::fprintf(stderr, "veil-cli: unknown command '%s'\n\n%s", qPrintable(command), kUsage);
    return veil::cli::Usage;
}
