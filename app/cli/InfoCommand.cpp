// veil-cli info [--json] [--expect-accessions FILE] INPUT...: the study tree and every file that
// could not be loaded; with a list, whether the studies found are exactly the accessions on it.
#include "Cli.h"

#include "common/Error.h"
#include "study/AccessionCheck.h"
#include "study/IndexReport.h"
#include "study/StudyIndexer.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <cstdio>

namespace veil::cli {

int info(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Lists patients, studies, series and instances found in the inputs, and every file that "
        "could not be loaded. With --expect-accessions, compares the studies' accession numbers "
        "with a list and exits 1 naming every expected accession missing and every study not on "
        "the list.");
    parser.addHelpOption();
    parser.addOption({"json", "Print JSON instead of text."});
    parser.addOption({"expect-accessions",
                      "The accession numbers the release must hold: one per line, or a CSV with "
                      "a header (the Accession/AccessionNumber column, else the first).",
                      "FILE"});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
    if (const auto done = parseArguments(parser, args, "info"))
        return *done;
    const QStringList inputs = parser.positionalArguments();
    if (inputs.isEmpty())
        return usageError("info", "no input given");

    std::optional<AccessionList> list;
    if (parser.isSet("expect-accessions")) {
        try {
            list = loadAccessionList(parser.value("expect-accessions").toStdString());
        } catch (const Error& e) {
            return usageError("info", QString::fromUtf8(e.what()));
        }
    }

    TerminalProgress progress;
    CancelToken cancel;
    const StudyIndex index = StudyIndexer().run(inputsFrom(inputs), progress, cancel);
    std::optional<AccessionComparison> check;
    if (list)
        check = compareAccessions(*list, index);
    std::string out;
    if (parser.isSet("json")) {
        QJsonObject root = indexReportObject(index);
        if (check) {
            QJsonObject c = check->toJson();
            c.insert("list", QString::fromStdString(list->file));
            root.insert("accessionCheck", c);
        }
        out = QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
    } else {
        out = indexReportText(index);
        if (check)
            out += accessionCheckReport(*list, *check);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    if (check && !check->complete()) {
        for (const std::string& line : check->problems())
            std::fprintf(stderr, "veil-cli info: %s\n", line.c_str());
        return Failed;
    }
    return inputsExit(index);
}

} // namespace veil::cli
