#include "Cli.h"

#include <cstdio>
#include <mutex>
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

int usageError(const QString& command, const QString& message) {
    std::fprintf(stderr, "veil-cli %s: %s\nTry 'veil-cli %s --help'.\n", qPrintable(command),
                 qPrintable(message), qPrintable(command));
    return Usage;
}

} // namespace veil::cli
