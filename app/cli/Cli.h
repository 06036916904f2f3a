#pragma once
// veil-cli subcommands: each parses its arguments and hands off to core.
#include "common/Progress.h"
#include "deid/ProjectKey.h"

#include <QStringList>

#include <filesystem>

namespace veil::cli {

enum Exit { Ok = 0, Failed = 1, Usage = 2 };

int info(const QStringList& args);
int deid(const QStringList& args);
int mapping(const QStringList& args);
int scan(const QStringList& args);
int audit(const QStringList& args);

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
// is no terminal. `confirm` asks twice (a new key). Throws veil::Error when there is neither.
Passphrase readPassphrase(const std::string& prompt, bool confirm);

// Opens the project key in `keyFile` (default: the user's data folder), creating it on first
// use when `create` says so. Prints where a new key was made. Throws veil::Error.
enum class KeyUse { OpenOrCreate, OpenExisting };
ProjectKey openProjectKey(const QString& keyFile, KeyUse use);

// Prints "veil-cli <cmd>: message" on stderr and returns Usage.
int usageError(const QString& command, const QString& message);

} // namespace veil::cli
