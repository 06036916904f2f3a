#pragma once
// veil-cli subcommands: each parses its arguments and hands off to core.
#include "common/Progress.h"

#include <QStringList>

namespace veil::cli {

enum Exit { Ok = 0, Failed = 1, Usage = 2 };

int info(const QStringList& args);
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

// Prints "veil-cli <cmd>: message" on stderr and returns Usage.
int usageError(const QString& command, const QString& message);

} // namespace veil::cli
