// veil-cli scan [--json FILE] INPUT...: burned-in text on every frame, which of it is the
// patient's, and the boxes of matching device templates.
#include "Cli.h"

#include "document/ReportPages.h"
#include "ocr/ScanJob.h"
#include "ocr/ScanReport.h"
#include "study/StudyIndexer.h"

#include <QCommandLineParser>
#include <QSaveFile>
#include <cstdio>

namespace veil::cli {

namespace {

bool writeOut(const QString& target, const std::string& text) {
    if (target == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) < 0 ||
        !file.commit()) {
        std::fprintf(stderr, "veil-cli scan: cannot write %s: %s\n", qPrintable(target),
                     qPrintable(file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int scan(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Finds burned-in text on every frame, says which of it identifies "
        "the patient, and adds the boxes of matching device templates.");
    parser.addHelpOption();
    parser.addOption(
        {"json", "Write the findings as JSON to FILE ('-': standard output).", "FILE"});
    parser.addOption(
        {"profiles", "Folder overriding the built-in allowlist and templates.", "DIR"});
    parser.addOption({"no-templates", "Do not propose device template boxes."});
    parser.addOption({"threads", "Worker threads (default: one per core).", "N"});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
    if (const auto done = parseArguments(parser, args, "scan"))
        return *done;
    const QStringList inputs = parser.positionalArguments();
    if (inputs.isEmpty())
        return usageError("scan", "no input given");

    ScanOptions options;
    options.useTemplates = !parser.isSet("no-templates");
    options.profilesFolder = parser.value("profiles").toStdString();
    options.threads = parser.value("threads").toInt();
    options.readReport = scanReport;
    TerminalProgress progress;
    CancelToken cancel;
    const StudyIndex index = StudyIndexer().run(inputsFrom(inputs), progress, cancel);
    const ScanResult result = ScanJob(options).run(index, progress, cancel);
    for (const LoadProblem& p : index.problems)
        if (p.kind == LoadProblem::Kind::Error)
            std::fprintf(stderr, "veil-cli scan: %s: %s\n", p.path.c_str(), p.message.c_str());
    const bool written = parser.isSet("json")
                             ? writeOut(parser.value("json"), scanReportJson(result))
                             : writeOut("-", scanReportText(result));
    bool scanFailed = false;
    for (const InstanceFindings& i : result.instances)
        if (!i.error.empty()) {
            std::fprintf(stderr, "veil-cli scan: %s: %s\n", i.file.c_str(), i.error.c_str());
            scanFailed = true;
        }
    if (!written || scanFailed)
        return Failed;
    return inputsExit(index);
}

} // namespace veil::cli
