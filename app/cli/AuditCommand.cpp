// veil-cli audit verify FILE: checks an audit log's hash chain and names any broken line.
#include "Cli.h"

#include "audit/AuditLog.h"
#include "common/Error.h"

#include <QCommandLineParser>
#include <cstdio>

namespace veil::cli {

int audit(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Checks that an audit log is intact: no line edited, deleted, "
                                     "inserted or reordered.");
    parser.addHelpOption();
    parser.addPositionalArgument("verify", "The action (only 'verify').");
    parser.addPositionalArgument("FILE", "The audit log (JSON lines).");
    if (const auto done = parseArguments(parser, args, "audit"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || pos[0] != "verify")
        return usageError("audit", "expected: audit verify FILE");
    try {
        const AuditVerification v = verifyAuditLog(pos[1]);
        for (const AuditProblem& p : v.problems)
            std::fprintf(stdout, "%s: %s\n", qPrintable(pos[1]), p.message.c_str());
        std::fprintf(stdout, "%s: %lld lines, %s; chain head %s\n", qPrintable(pos[1]), v.lines,
                     v.ok ? "intact" : "BROKEN", v.head.c_str());
        return v.ok ? Ok : Failed;
    } catch (const Error& e) {
        std::fprintf(stderr, "veil-cli audit: %s\n", e.what());
        return Failed;
    }
}

} // namespace veil::cli
