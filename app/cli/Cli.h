#pragma once
// veil-cli subcommands: each parses its arguments and hands off to core.
#include "common/Progress.h"
#include "deid/DeidJob.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "study/StudyIndex.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace veil::cli {

enum Exit { Ok = 0, Failed = 1, Usage = 2 };

int info(const QStringList& args);
int deid(const QStringList& args);
int mapping(const QStringList& args);
int scan(const QStringList& args);
int audit(const QStringList& args);
int verify(const QStringList& args);
int exportCommand(const QStringList& args);
int certificate(const QStringList& args);
int slides(const QStringList& args);
int pacs(const QStringList& args);

// Progress on stderr, only when stderr is a terminal.
class TerminalProgress final : public ProgressSink {
public:
    TerminalProgress();
    ~TerminalProgress() override;
    void progress(long done, long total, const std::string& what) override;

private:
    bool m_tty = false;
    bool m_dirty = false;
};

// The passphrase: asked on the terminal without echo, or read from VEIL_PASSPHRASE when there
// is no terminal. `confirm` asks twice (a new key; keyfile::openEntered compares). Throws
// veil::Error when there is neither.
PassphraseEntry readPassphrase(const std::string& prompt, bool confirm);

// Opens the project key in `keyFile` (default: the user's data folder). A missing default key
// is created on first use (OpenOrCreate); a missing file named by --key-file is an error
// unless a new key is asked for (CreateNew, --new-key), and CreateNew never overwrites an
// existing file. Prints where a new key was made. Throws veil::Error naming the file.
enum class KeyUse { OpenOrCreate, OpenExisting, CreateNew };
ProjectKey openProjectKey(const QString& keyFile, KeyUse use);
// --key-file FILE and --new-key (deid, export), and the key they name.
void addKeyOptions(QCommandLineParser& parser);
ProjectKey openProjectKey(const QCommandLineParser& parser);

// The exit code for a command that read `index`: Failed when any input failed, Usage when
// nothing was found at all, Ok otherwise.
int inputsExit(const StudyIndex& index);

// --level, --profile, --option (deid, export, verify) and the profile they make. Throws
// veil::Error.
void addProfileOptions(QCommandLineParser& parser);
Profile profileFrom(const QCommandLineParser& parser);
// --accept-mr-face-plane (deid, export) and its value; throws veil::Error without the
// clean-recognizable-visual-features option in `profile`.
void addMrFacePlaneOption(QCommandLineParser& parser);
bool acceptMrFacePlaneFrom(const QCommandLineParser& parser, const Profile& profile);
// The limited level's mapping table: --mapping, or a new file in the user's data folder.
// Throws veil::Error when it would go inside `out`.
std::filesystem::path mappingPath(const QCommandLineParser& parser,
                                  const std::filesystem::path& out);
// --person, or the login name.
std::string personFrom(const QCommandLineParser& parser);
std::vector<std::string> inputsFrom(const QStringList& values);
// FAILED / SKIPPED lines on stderr.
void printOutcomes(const std::vector<DeidFileOutcome>& files);
void printText(const std::string& text, FILE* to = stdout);

// Parses a subcommand's arguments: returns the exit code when the command should stop here
// (a usage error, or --help printed), nothing when it should go on.
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  const QString& command);

// Prints "veil-cli <cmd>: message" on stderr and returns Usage.
int usageError(const QString& command, const QString& message);

} // namespace veil::cli
