// veil-cli deid --out DIR [--level L] [--profile FILE] [--option NAME]... [--key-file FILE]
//               [--mapping FILE] [--boxes FILE.json] [--redact none] [--audit FILE]
//               [--person NAME] [--no-verify] [--threads N] [--explain] INPUT...
// An unreviewed batch release: one de-identified copy per input instance, boxes burned, the
// verification gate over what was written, the audit beside the output. The engine is
// runBatchRelease in core.
#include "Cli.h"

#include "export/OcrRegions.h"
#include "ocr/OcrPixelChecker.h"

#include "common/Error.h"
#include "export/BatchRelease.h"
#include "export/Certificate.h"
#include "study/StudyIndexer.h"

#include <cstdio>
#include <optional>

namespace veil::cli {

namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Writes a de-identified copy of every DICOM instance in the inputs into DIR, in folders by "
        "pseudonymous patient / study / series, then re-reads every copy through the verification "
        "gate. Sources are never modified. An unreviewed batch: the audit log says so.");
    parser.addHelpOption();
    parser.addOption({"out", "Output folder (required).", "DIR"});
    addProfileOptions(parser);
    parser.addOption({"key-file",
                      "The project key file (default: in the user's data folder, created on "
                      "first use). Passphrase: asked, or VEIL_PASSPHRASE without a terminal.",
                      "FILE"});
    parser.addOption({"mapping",
                      "Where the limited level writes its encrypted mapping table (default: in "
                      "the user's data folder; never inside DIR).",
                      "FILE"});
    parser.addOption({"boxes", "Redaction boxes to burn into the pixels (docs/redaction-boxes.md).",
                      "FILE.json"});
    parser.addOption({"redact",
                      "Automatic redaction of burned-in text: none (default), auto (text that "
                      "identifies the patient, and device templates) or all-text (every text found).",
                      "MODE"});
    parser.addOption(
        {"audit", "The audit log to append to (default: DIR.audit.jsonl beside DIR).", "FILE"});
    parser.addOption(
        {"person", "Who runs the release, for the audit log (default: login name).", "NAME"});
    parser.addOption({"no-verify", "Skip the verification gate (not recommended)."});
    parser.addOption({"threads", "Worker threads (default: one per core).", "N"});
    parser.addOption(
        {"explain", "Print every element's action, old and new value, and the rule that fired."});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
}

// `--redact auto|all-text|none`: burned-in text found by the text detector becomes boxes.
RegionFinder regionFinderFor(const QString& mode) {
    if (mode.isEmpty())
        return {};
    const auto policy = parseRedactPolicy(mode.toStdString());
    if (!policy)
        throw Error("--redact: '" + mode.toStdString() + "' is not auto, all-text or none");
    return ocrRegionFinder(*policy);
}

struct DeidArgs {
    std::filesystem::path out, mapping, audit;
    Profile profile;
    BatchReleaseOptions release;
    std::string person;
};

// Everything checked before anything is created. Throws veil::Error (a usage error).
DeidArgs readArgs(const QCommandLineParser& parser) {
    if (!parser.isSet("out") || parser.value("out").isEmpty())
        throw Error("--out DIR is required");
    if (parser.positionalArguments().isEmpty())
        throw Error("no input given");
    DeidArgs a;
    a.out = parser.value("out").toStdString();
    a.profile = profileFrom(parser);
    if (a.profile.keepsMapping())
        a.mapping = mappingPath(parser, a.out);
    else if (parser.isSet("mapping"))
        throw Error("--mapping: the publication level keeps no mapping table");
    bool ok = true;
    a.release.threads = parser.isSet("threads") ? parser.value("threads").toInt(&ok) : 0;
    if (!ok || a.release.threads < 0)
        throw Error("--threads: give a whole number");
    a.release.outDir = a.out;
    a.release.regionFinder = regionFinderFor(parser.value("redact"));
    if (parser.isSet("boxes"))
        a.release.boxes = loadBoxesFile(parser.value("boxes").toStdString());
    a.release.verify = !parser.isSet("no-verify");
    a.audit = parser.isSet("audit") ? std::filesystem::path(parser.value("audit").toStdString())
                                    : auditPathFor(a.out);
    a.person = personFrom(parser);
    return a;
}

void printSummary(const BatchReleaseResult& r, const DeidArgs& a) {
    int redacted = 0;
    for (const auto& [source, record] : r.redactions)
        redacted += record.result.framesTouched > 0;
    if (redacted > 0)
        std::printf("redacted: burned boxes into %d image(s)\n", redacted);
    if (r.deid.cleanedValues() > 0)
        std::printf("cleaned: %d free-text values lost identifying text (--explain shows which)\n",
                    r.deid.cleanedValues());
    std::printf("deid: %d written, %d skipped, %d failed (%s level) -> %s\n", r.deid.written(),
                r.deid.skipped(), r.deid.failed(), levelName(a.profile.level),
                a.out.string().c_str());
    if (r.verification)
        printText(r.verification->text());
    else if (!a.release.verify)
        std::printf("verification: skipped (--no-verify)\n");
    if (r.verificationFailed())
        std::printf("The outputs were kept in %s: do not share them before the hits are fixed.\n",
                    a.out.string().c_str());
    std::printf("audit log: %s\n", a.audit.string().c_str());
}

} // namespace

int deid(const QStringList& args) {
    QCommandLineParser parser;
    addOptions(parser);
    if (const auto done = parseArguments(parser, args, "deid"))
        return *done;
    DeidArgs a;
    try {
        a = readArgs(parser);
    } catch (const Error& e) {
        return usageError("deid", e.what());
    }
    if (parser.isSet("explain"))
        a.release.onPlanned = [](const DeidPlan& plan, const DeidFileOutcome&) {
            printText(plan.explainText());
        };

    const ProjectKey key = openProjectKey(parser.value("key-file"), KeyUse::OpenOrCreate);
    AuditRecorder audit(QString::fromStdString(a.audit.string()), a.person);
    a.release.audit = &audit;
    OcrPixelChecker pixels; // the gate re-reads every frame that had a box
    a.release.pixelChecker = &pixels;
    BatchReleaseResult result;
    {
        TerminalProgress progress; // cleared when it goes, before the outcomes are printed
        CancelToken cancel;
        const StudyIndex index =
            StudyIndexer().run(inputsFrom(parser.positionalArguments()), progress, cancel);
        if (index.instanceCount() == 0 && index.errorCount() == 0)
            return usageError("deid", "no DICOM instances found in the inputs");
        result = runBatchRelease(index, a.profile, key, a.release, progress, cancel);
    }
    printOutcomes(result.deid.files);
    if (a.profile.keepsMapping() && !result.deid.mapping.empty()) {
        result.deid.mapping.save(a.mapping, key);
        std::fprintf(stderr, "mapping table: %s (encrypted; read it with 'veil-cli mapping')\n",
                     a.mapping.string().c_str());
    }
    printSummary(result, a);
    return result.deid.failed() > 0 || result.verificationFailed() ? Failed : Ok;
}

} // namespace veil::cli
