// Options more than one subcommand takes: the profile (--profile, --level, --option), the
// mapping table's place, who is at the keyboard, the inputs.
#include "Cli.h"

#include "common/Error.h"
#include "export/ExportJob.h"

#include <QDateTime>
#include <QStandardPaths>

namespace veil::cli {

void addProfileOptions(QCommandLineParser& parser) {
    parser.addOption({"level",
                      "Release level: publication (default; anonymised, no mapping kept) or "
                      "limited (pseudonymised, dates shifted, encrypted mapping kept).",
                      "LEVEL"});
    parser.addOption({"profile", "A profile file (JSON, see docs/profiles.md).", "FILE"});
    parser.addOption({"option",
                      "Adds a PS3.15 option, e.g. retain-patient-characteristics; "
                      "no-NAME removes one. Repeatable.",
                      "NAME"});
}

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
        if ((remove ? raw.mid(3) : raw) == "replace-encapsulated-documents") {
            profile.replaceEncapsulatedDocuments = !remove; // Veil's own, not a PS3.15 option
            continue;
        }
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

void addMrFacePlaneOption(QCommandLineParser& parser) {
    parser.addOption({"accept-mr-face-plane",
                      "With --option clean-recognizable-visual-features: MR series that may show "
                      "a face lose what lies in front of a plane fitted on the face (no bone is "
                      "found in MR). Without it they are refused (not written)."});
}

bool acceptMrFacePlaneFrom(const QCommandLineParser& parser, const Profile& profile) {
    const bool accept = parser.isSet("accept-mr-face-plane");
    if (accept && !profile.options.has(Option::CleanRecognizableVisualFeatures))
        throw Error("--accept-mr-face-plane needs --option clean-recognizable-visual-features");
    return accept;
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

std::string personFrom(const QCommandLineParser& parser) {
    if (parser.isSet("person") && !parser.value("person").trimmed().isEmpty())
        return parser.value("person").trimmed().toStdString();
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return user.isEmpty() ? "unknown" : user.toStdString();
}

std::vector<std::string> inputsFrom(const QStringList& values) {
    std::vector<std::string> inputs;
    for (const QString& in : values)
        inputs.push_back(in.toStdString());
    return inputs;
}

void printOutcomes(const std::vector<DeidFileOutcome>& files) {
    for (const DeidFileOutcome& f : files) {
        if (f.status == DeidFileOutcome::Status::Failed)
            std::fprintf(stderr, "FAILED   %s: %s\n", f.source.c_str(), f.message.c_str());
        else if (f.status == DeidFileOutcome::Status::Skipped)
            std::fprintf(stderr, "SKIPPED  %s: %s\n", f.source.c_str(), f.message.c_str());
    }
}

void printText(const std::string& text, FILE* to) {
    std::fwrite(text.data(), 1, text.size(), to);
}

} // namespace veil::cli
