// veil-cli info [--json] INPUT...: the study tree and every file that could not be loaded.
#include "Cli.h"

#include "study/IndexReport.h"
#include "study/StudyIndexer.h"

#include <QCommandLineParser>
#include <cstdio>

namespace veil::cli {

int info(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Lists patients, studies, series and instances found in the "
                                     "inputs, and every file that could not be loaded.");
    parser.addHelpOption();
    parser.addOption({"json", "Print JSON instead of text."});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
    if (const auto done = parseArguments(parser, args, "info"))
        return *done;
    const QStringList inputs = parser.positionalArguments();
    if (inputs.isEmpty())
        return usageError("info", "no input given");

    TerminalProgress progress;
    CancelToken cancel;
    const StudyIndex index = StudyIndexer().run(inputsFrom(inputs), progress, cancel);
    const std::string out = parser.isSet("json") ? indexReportJson(index) : indexReportText(index);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return inputsExit(index);
}

} // namespace veil::cli
