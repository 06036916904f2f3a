#pragma once
// One way for a test to run a program (veil-cli) and see how it ended: exit code, whether it
// crashed, what it printed. Header-only; every test target has tests/common on its path.
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace veil::test {

struct CliRun {
    int exitCode = -1;    // -1 when it crashed or did not finish in time
    bool crashed = false; // ended by a signal
    QByteArray out, err;
};

inline CliRun runProgram(const QString& program, const QStringList& args, int timeoutMs = 300000) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(timeoutMs);
    const bool normal = p.exitStatus() == QProcess::NormalExit;
    return {normal ? p.exitCode() : -1, !normal, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

} // namespace veil::test
