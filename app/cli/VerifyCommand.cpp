// veil-cli verify --source INPUT... --output DIR|ZIP [--json FILE] [--level L] [--profile FILE]
//                 [--option NAME]...
// The verification gate on its own: every output file re-read and searched for its sources'
// identifying values and original UIDs. Exit 0 clean, 1 anything found, 2 usage.
#include "Cli.h"

#include "dicom/DicomFile.h"
#include "verify/OcrPixelChecker.h"

#include "common/Error.h"
#include "export/Archive.h"
#include "study/InputExpander.h"
#include "study/StudyIndexer.h"
#include "verify/VerificationGate.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>

namespace veil::cli {

namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Re-reads every file of a de-identified output (a folder or a zip) and searches every "
        "element at every depth, the file meta and the raw bytes for the identifying values and "
        "original UIDs of the sources. Exit status 0 when nothing is found, 1 when something is.");
    parser.addHelpOption();
    parser.addOption(
        {"source", "The original inputs (files, folders, zips). Repeatable.", "INPUT"});
    parser.addOption({"output", "The de-identified output: a folder or a zip.", "DIR"});
    parser.addOption({"json", "Also write the report as JSON (with the values found).", "FILE"});
    parser.addOption({"no-ocr", "Do not read the outputs' pixels again (header and bytes only)."});
    addProfileOptions(parser);
    parser.addPositionalArgument("INPUT", "More sources (as --source).", "[INPUT...]");
}

// The files to check: a folder's files, or a zip's entries extracted into `scratch`.
std::vector<OutputToVerify> outputsOf(const std::filesystem::path& output,
                                      const QTemporaryDir& scratch) {
    if (std::filesystem::is_directory(output))
        return outputsIn(output);
    if (!looksLikeZip(output))
        throw Error(output.string(), "is neither a folder nor a zip archive");
    const std::filesystem::path dir = scratch.path().toStdString();
    extractZip(output, dir);
    return outputsIn(dir);
}

void writeJson(const QString& file, const VerificationReport& report) {
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw Error(file.toStdString(), "cannot be written: " + f.errorString().toStdString());
    f.write(QJsonDocument(report.toJson(true)).toJson(QJsonDocument::Indented));
}

} // namespace

int verify(const QStringList& args) {
    QCommandLineParser parser;
    addOptions(parser);
    if (const auto done = parseArguments(parser, args, "verify"))
        return *done;
    const QStringList sources = parser.values("source") + parser.positionalArguments();
    if (sources.isEmpty())
        return usageError("verify", "--source INPUT is required");
    if (!parser.isSet("output") || !QFileInfo::exists(parser.value("output")))
        return usageError("verify", "--output DIR: give the de-identified folder or zip");
    Profile profile;
    try {
        profile = profileFrom(parser);
    } catch (const Error& e) {
        return usageError("verify", e.what());
    }
    QTemporaryDir scratch;
    VerificationReport report;
    {
        TerminalProgress progress; // cleared before the report is printed
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run(inputsFrom(sources), progress, cancel);
        if (index.instanceCount() == 0)
            return usageError("verify", "no DICOM instances found in the sources");
        const SourceEvidence evidence = evidenceFromIndex(index, {}, profile, cancel);
        const std::vector<OutputToVerify> outputs =
            outputsOf(parser.value("output").toStdString(), scratch);
        OcrPixelChecker pixels;
        GateOptions gate;
        if (!parser.isSet("no-ocr"))
            gate.pixels = &pixels; // every frame is read again: text left in pixels is a leak
        report = runGate(evidence, outputs, gate, progress, cancel);
    }
    if (parser.isSet("json"))
        writeJson(parser.value("json"), report);
    printText(report.text(1000));
    return report.passed() ? Ok : Failed;
}

} // namespace veil::cli
