// veil-cli deid --out DIR [--level L] [--profile FILE] [--option NAME]... [--key-file FILE]
//               [--mapping FILE] [--threads N] [--explain] INPUT...
// Writes one de-identified copy per input instance; the engine is DeidJob in core.
#include "Cli.h"

#include "common/Error.h"
#include "deid/DeidJob.h"
#include "study/StudyIndexer.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QStandardPaths>

#include <cstdio>

namespace veil::cli {

namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Writes a de-identified copy of every DICOM instance in the inputs into DIR, in folders by "
        "pseudonymous patient / study / series. Sources are never modified.");
    parser.addHelpOption();
    parser.addOption({"out", "Output folder (required).", "DIR"});
    parser.addOption({"level",
                      "Release level: publication (default; anonymised, no mapping kept) or "
                      "limited (pseudonymised, dates shifted, encrypted mapping kept).",
                      "LEVEL"});
    parser.addOption({"profile", "A profile file (JSON, see docs/profiles.md).", "FILE"});
    parser.addOption({"option",
                      "Adds a PS3.15 option, e.g. retain-patient-characteristics; "
                      "no-NAME removes one. Repeatable.",
                      "NAME"});
    parser.addOption({"key-file",
                      "The project key file (default: in the user's data folder, created on "
                      "first use). Passphrase: asked, or VEIL_PASSPHRASE without a terminal.",
                      "FILE"});
    parser.addOption({"mapping",
                      "Where the limited level writes its encrypted mapping table (default: in "
                      "the user's data folder; never inside DIR).",
                      "FILE"});
    parser.addOption({"threads", "Worker threads (default: one per core).", "N"});
    parser.addOption(
        {"explain", "Print every element's action, old and new value, and the rule that fired."});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
}

// Builds the profile from --profile, --level and --option. Throws veil::Error for bad input.
Profile profileFrom(const QCommandLineParser& parser) {
    Profile profile = parser.isSet("profile") ? Profile::load(parser.value("profile").toStdString())
                                              : Profile::standard(ReleaseLevel::Publication);
    if (parser.isSet("level")) {
        const auto level = levelFromName(parser.value("level").toStdString());
        if (!level)
            throw Error("--level: '" + parser.value("level").toStdString() +
                        "' is not publication or limited");
        if (parser.isSet("profile"))
            profile.switchLevel(*level);
        else
            profile = Profile::standard(*level);
    }
    for (const QString& raw : parser.values("option")) {
        const bool remove = raw.startsWith("no-");
        const auto option = optionFromName((remove ? raw.mid(3) : raw).toStdString());
        if (!option)
            throw Error("--option: '" + raw.toStdString() +
                        "' is not a PS3.15 option (see --help and docs/profiles.md)");
        if (remove)
            profile.options.remove(*option);
        else
            profile.options.add(*option);
    }
    profile.validate();
    return profile;
}

bool isInside(const std::filesystem::path& file, const std::filesystem::path& dir) {
    const auto f = std::filesystem::weakly_canonical(file),
               d = std::filesystem::weakly_canonical(dir);
    auto it = f.begin();
    for (const auto& part : d) {
        if (it == f.end() || *it != part)
            return false;
        ++it;
    }
    return true;
}

std::filesystem::path mappingPath(const QCommandLineParser& parser,
                                  const std::filesystem::path& out) {
    std::filesystem::path file;
    if (parser.isSet("mapping")) {
        file = parser.value("mapping").toStdString();
    } else {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (dir.isEmpty())
            throw Error(
                "--mapping: no user data folder for the mapping table; give --mapping FILE");
        const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
        file = std::filesystem::path(dir.toStdString()) / "mappings" /
               ("mapping-" + stamp.toStdString() + ".veilmap");
    }
    if (isInside(file, out))
        throw Error("--mapping: the mapping table must not go inside the export folder " +
                    out.string());
    return file;
}

void printOutcomes(const DeidJobResult& result) {
    for (const DeidFileOutcome& f : result.files) {
        if (f.status == DeidFileOutcome::Status::Failed)
            std::fprintf(stderr, "FAILED   %s: %s\n", f.source.c_str(), f.message.c_str());
        else if (f.status == DeidFileOutcome::Status::Skipped)
            std::fprintf(stderr, "SKIPPED  %s: %s\n", f.source.c_str(), f.message.c_str());
    }
}

} // namespace

int deid(const QStringList& args) {
    QCommandLineParser parser;
    addOptions(parser);
    if (!parser.parse(args))
        return usageError("deid", parser.errorText());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Ok;
    }
    if (!parser.isSet("out") || parser.value("out").isEmpty())
        return usageError("deid", "--out DIR is required");
    if (parser.positionalArguments().isEmpty())
        return usageError("deid", "no input given");
    const std::filesystem::path out = parser.value("out").toStdString();
    Profile profile;
    std::filesystem::path mapping;
    DeidJobOptions options;
    options.outDir = out;
    try {
        profile = profileFrom(parser);
        if (profile.keepsMapping())
            mapping = mappingPath(parser, out);
        else if (parser.isSet("mapping"))
            return usageError("deid", "--mapping: the publication level keeps no mapping table");
        bool ok = true;
        options.threads = parser.isSet("threads") ? parser.value("threads").toInt(&ok) : 0;
        if (!ok || options.threads < 0)
            return usageError("deid", "--threads: give a whole number");
    } catch (const Error& e) {
        return usageError("deid", e.what());
    }
    if (parser.isSet("explain"))
        options.onPlanned = [](const DeidPlan& plan, const DeidFileOutcome&) {
            const std::string text = plan.explainText();
            std::fwrite(text.data(), 1, text.size(), stdout);
        };

    const ProjectKey key = openProjectKey(parser.value("key-file"), KeyUse::OpenOrCreate);
    std::vector<std::string> inputs;
    for (const QString& in : parser.positionalArguments())
        inputs.push_back(in.toStdString());
    DeidJobResult result;
    {
        TerminalProgress progress; // cleared when it goes, before the outcomes are printed
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run(inputs, progress, cancel);
        if (index.instanceCount() == 0 && index.errorCount() == 0)
            return usageError("deid", "no DICOM instances found in the inputs");
        result = DeidJob(profile, key, options).run(index, progress, cancel);
    }
    printOutcomes(result);
    if (profile.keepsMapping() && !result.mapping.empty()) {
        result.mapping.save(mapping, key);
        std::fprintf(stderr, "mapping table: %s (encrypted; read it with 'veil-cli mapping')\n",
                     mapping.string().c_str());
    }
    if (result.cleanedValues() > 0)
        std::printf("cleaned: %d free-text values lost identifying text (--explain shows which)\n",
                    result.cleanedValues());
    std::printf("deid: %d written, %d skipped, %d failed (%s level) -> %s\n", result.written(),
                result.skipped(), result.failed(), levelName(profile.level), out.string().c_str());
    return result.failed() > 0 ? Failed : Ok;
}

} // namespace veil::cli
