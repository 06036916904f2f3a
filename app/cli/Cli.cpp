#include "Cli.h"

#include "common/Error.h"
#include "study/StudyIndex.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <termios.h>
#include <unistd.h>

namespace veil::cli {

namespace {
std::mutex g_printMutex;
}

TerminalProgress::TerminalProgress() : m_tty(isatty(fileno(stderr)) != 0) {}

TerminalProgress::~TerminalProgress() {
    if (m_dirty)
        std::fputs("\r\033[K", stderr);
}

void TerminalProgress::progress(long done, long total, const std::string& what) {
    if (!m_tty)
        return;
    std::lock_guard lock(g_printMutex);
    if (total > 0)
        std::fprintf(stderr, "\r\033[K%ld/%ld  %.60s", done, total, what.c_str());
    else
        std::fprintf(stderr, "\r\033[K%.70s", what.c_str());
    m_dirty = true;
}

namespace {

std::string promptNoEcho(const std::string& prompt) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line += char(c);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fputc('\n', stderr);
    return line;
}

} // namespace

PassphraseEntry readPassphrase(const std::string& prompt, bool confirm) {
    PassphraseEntry entry;
    if (!isatty(STDIN_FILENO)) {
        const char* env = std::getenv("VEIL_PASSPHRASE");
        if (!env || !*env)
            throw Error("no terminal to ask for the passphrase, and VEIL_PASSPHRASE is not set");
        entry.passphrase = Passphrase(env);
        entry.fromEnvironment = true;
        return entry;
    }
    entry.passphrase = Passphrase(promptNoEcho(prompt));
    if (confirm && !entry.passphrase.empty())
        entry.repeated = Passphrase(promptNoEcho("Repeat the passphrase: "));
    return entry;
}

ProjectKey openProjectKey(const QString& keyFile, KeyUse use) {
    const std::filesystem::path file =
        keyFile.isEmpty() ? keyfile::defaultPath() : std::filesystem::path(keyFile.toStdString());
    std::error_code ec;
    const bool exists = std::filesystem::exists(file, ec);
    if (!exists && use == KeyUse::OpenExisting)
        throw Error(file.string(), "no such key file");
    if (!exists && use == KeyUse::OpenOrCreate && !keyFile.isEmpty())
        throw Error(file.string(),
                    "no such key file (a mistyped name?); give --new-key to create a "
                    "new project key there");
    if (exists && use == KeyUse::CreateNew)
        throw Error(file.string(),
                    "--new-key: the key file already exists; leave out --new-key to use it");
    const PassphraseEntry entry =
        readPassphrase(exists ? "Passphrase for " + file.string() + ": "
                              : "New project key " + file.string() + "\nPassphrase: ",
                       !exists);
    KeyOrigin origin = KeyOrigin::Opened;
    ProjectKey key = keyfile::openEntered(file, entry, &origin);
    if (origin == KeyOrigin::Created)
        std::fprintf(
            stderr,
            "veil-cli: created project key %s (fingerprint %s); keep it and its passphrase safe\n",
            file.string().c_str(), key.fingerprint().c_str());
    return key;
}

void addKeyOptions(QCommandLineParser& parser) {
    parser.addOption({"key-file",
                      "The project key file (default: in the user's data folder, created on "
                      "first use). Passphrase: asked, or VEIL_PASSPHRASE without a terminal. A "
                      "file that does not exist is an error unless --new-key is given.",
                      "FILE"});
    parser.addOption({"new-key", "Create a new project key in --key-file (which must not exist)."});
}

ProjectKey openProjectKey(const QCommandLineParser& parser) {
    if (parser.isSet("new-key") && !parser.isSet("key-file"))
        throw Error("--new-key needs --key-file FILE: where the new key goes");
    return openProjectKey(parser.value("key-file"),
                          parser.isSet("new-key") ? KeyUse::CreateNew : KeyUse::OpenOrCreate);
}

int inputsExit(const StudyIndex& index) {
    if (index.errorCount() > 0)
        return Failed;
    return index.instanceCount() > 0 ? Ok : Usage;
}

std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args,
                                  const QString& command) {
    if (!parser.parse(args))
        return usageError(command, parser.errorText());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Ok;
    }
    return std::nullopt;
}

int usageError(const QString& command, const QString& message) {
    std::fprintf(stderr, "veil-cli %s: %s\nTry 'veil-cli %s --help'.\n", qPrintable(command),
                 qPrintable(message), qPrintable(command));
    return Usage;
}

} // namespace veil::cli
