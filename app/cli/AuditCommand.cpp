// veil-cli audit verify [--certificate CERT.json] FILE: checks an audit log's hash chain,
// names any broken line, says whether the last run closed, and with a certificate checks
// that the chain still reaches the head the certificate recorded.
#include "Cli.h"

#include "audit/AuditLog.h"
#include "common/Error.h"
#include "export/Certificate.h"

#include <QCommandLineParser>
#include <cstdio>

namespace veil::cli {

int audit(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Checks that an audit log is intact: no line edited, deleted, inserted or reordered. "
        "With --certificate, also that the log still holds the chain head the certificate "
        "recorded (deleting the last lines, or recomputing the chain after an edit, is found).");
    parser.addHelpOption();
    parser.addOption(
        {"certificate", "The certificate written with the log (deid or export).", "CERT.json"});
    parser.addPositionalArgument("verify", "The action (only 'verify').");
    parser.addPositionalArgument("FILE", "The audit log (JSON lines).");
    if (const auto done = parseArguments(parser, args, "audit"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || pos[0] != "verify")
        return usageError("audit", "expected: audit verify [--certificate CERT.json] FILE");
    try {
        std::optional<AuditAnchor> anchor;
        if (parser.isSet("certificate")) {
            const Certificate c = Certificate::load(parser.value("certificate").toStdString());
            if (c.auditHead.empty() || c.auditLines <= 0)
                throw Error(parser.value("certificate").toStdString(),
                            "records no audit chain head to check against");
            anchor = AuditAnchor{c.auditHead, c.auditLines};
        }
        const AuditVerification v = verifyAuditLog(pos[1], anchor ? &*anchor : nullptr);
        for (const AuditProblem& p : v.problems)
            std::fprintf(stdout, "%s: %s\n", qPrintable(pos[1]), p.message.c_str());
        if (!v.closed)
            std::fprintf(stdout,
                         "%s: the last run has no closing event (last: %s): it may have been "
                         "interrupted\n",
                         qPrintable(pos[1]), v.lastEvent.empty() ? "none" : v.lastEvent.c_str());
        std::fprintf(stdout, "%s: %lld lines, %s; chain head %s%s\n", qPrintable(pos[1]), v.lines,
                     v.ok ? "intact" : "BROKEN", v.head.c_str(),
                     anchor ? (v.ok ? "; the certificate's head is in it" : "") : "");
        return v.ok ? Ok : Failed;
    } catch (const Error& e) {
        std::fprintf(stderr, "veil-cli audit: %s\n", e.what());
        return Failed;
    }
}

} // namespace veil::cli
