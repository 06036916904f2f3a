// veil-cli slides check [--json FILE] DECK.pptx | slides clean --out CLEAN.pptx DECK.pptx:
// what a slide deck leaks, and a cleaned copy of it (core/slides does the work).
#include "Cli.h"

#include "common/Error.h"
#include "slides/DeckReader.h"
#include "slides/SlidesReport.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QSaveFile>
#include <cstdio>

namespace veil::cli {

namespace {

bool writeJson(const QString& target, const QJsonObject& json, const char* command) {
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Indented);
    if (target == "-") {
        std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
        return true;
    }
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) < 0 || !file.commit()) {
        std::fprintf(stderr, "veil-cli slides %s: cannot write %s: %s\n", command,
                     qPrintable(target), qPrintable(file.errorString()));
        return false;
    }
    return true;
}

int unreadable(const char* command, const Error& e) {
    std::fprintf(stderr, "veil-cli slides %s: %s\n", command, e.what());
    return Usage;
}

int check(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Lists everything a slide deck leaks. Exit status: 0 "
                                     "nothing found, 1 findings, 2 unreadable deck.");
    parser.addHelpOption();
    parser.addOption(
        {"json", "Write the findings as JSON to FILE ('-': standard output).", "FILE"});
    parser.addPositionalArgument("DECK", "The .pptx to check.");
    if (const auto done = parseArguments(parser, args, "slides check"))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return usageError("slides check", "give exactly one deck");
    const QString path = parser.positionalArguments().front();
    DeckCheck result;
    try {
        result = DeckChecker().check(readDeck(path));
    } catch (const Error& e) {
        return unreadable("check", e);
    }
    const QString json = parser.value("json");
    if (json != "-")
        printText(deckCheckText(result).toStdString());
    if (!json.isEmpty() && !writeJson(json, deckCheckJson(result), "check"))
        return Usage;
    return result.clean() ? Ok : Failed;
}

int clean(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes a cleaned copy of a slide deck and lists every change, then checks the copy. "
        "Exit status: 0 the copy passes the check, 1 it still has findings, 2 unreadable deck "
        "or nothing written.");
    parser.addHelpOption();
    parser.addOption({"out", "The cleaned deck to write (never the source).", "CLEAN.pptx"});
    parser.addOption({"json", "Write the changes as JSON to FILE ('-': standard output).", "FILE"});
    parser.addPositionalArgument("DECK", "The .pptx to clean.");
    if (const auto done = parseArguments(parser, args, "slides clean"))
        return *done;
    if (parser.positionalArguments().size() != 1)
        return usageError("slides clean", "give exactly one deck");
    if (!parser.isSet("out"))
        return usageError("slides clean", "--out CLEAN.pptx is required");
    const QString path = parser.positionalArguments().front();
    const DeckChecker checker;
    DeckCleanResult result;
    DeckCheck after;
    try {
        const Deck deck = readDeck(path);
        result = cleanDeck(deck, checker.check(deck), parser.value("out"));
    } catch (const Error& e) {
        return unreadable("clean", e);
    }
    try {
        after = checker.check(readDeck(result.output));
    } catch (const Error& e) {
        std::fprintf(stderr, "veil-cli slides clean: the cleaned deck cannot be read back: %s\n",
                     e.what());
        return Failed;
    }
    const QString json = parser.value("json");
    if (json != "-")
        printText(deckCleanText(result, &after).toStdString());
    if (!json.isEmpty() && !writeJson(json, deckCleanJson(result, &after), "clean"))
        return Usage;
    return after.clean() && result.notCleaned.isEmpty() ? Ok : Failed;
}

} // namespace

int slides(const QStringList& args) {
    // args: veil-cli SUB [options]; the parser sees "veil-cli [options]"
    if (args.size() >= 2 && (args[1] == "--help" || args[1] == "-h")) {
        printText("Usage: veil-cli slides check [--json FILE] DECK.pptx\n"
                  "       veil-cli slides clean --out CLEAN.pptx [--json FILE] DECK.pptx\n"
                  "Checks a slide deck for what it can leak (text hidden by crops and shapes, "
                  "burned-in text, notes, comments, alt text, hidden slides, metadata, embedded "
                  "objects) and writes a cleaned copy. 'veil-cli slides check --help' and "
                  "'veil-cli slides clean --help' list each one's options.\n");
        return Ok;
    }
    if (args.size() < 2 || (args[1] != "check" && args[1] != "clean"))
        return usageError("slides", "say 'slides check DECK.pptx' or 'slides clean --out "
                                    "CLEAN.pptx DECK.pptx'");
    QStringList rest = args;
    const QString sub = rest.takeAt(1);
    return sub == "check" ? check(rest) : clean(rest);
}

} // namespace veil::cli
