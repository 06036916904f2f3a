#pragma once
// An append-only audit log: JSON lines, each carrying the SHA-256 of the previous line
// (a hash chain), its sequence number, the time and the person. Any edited, deleted,
// inserted or reordered line breaks the chain, and verify() says which. Appends take a lock
// file (LOG.lock) and continue the chain from the file's last line, so several processes
// (shards of one release) can share one log. The end of a chain is anchored by a
// certificate that records its head (verifyAuditLog with an AuditAnchor).
#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

namespace veil {

class AuditLog {
public:
    // Opens (creating if needed) the log at path; reads the chain head so appends continue
    // it. Throws veil::Error if the file cannot be opened or its last line is damaged.
    explicit AuditLog(const QString& path);

    // Appends one event: {"seq","time","person","event","data","prev","hash"}; flushed and
    // synced to disk before returning. Returns the new line's hash. Throws veil::Error.
    std::string append(const QString& event, const QString& person, const QJsonObject& data = {});

    const QString& path() const { return m_path; }
    const std::string& head() const { return m_head; } // hash of the last line
    long long count() const { return m_seq; }

private:
    void readHead();
    QString m_path;
    std::string m_head;
    long long m_seq = 0;
};

struct AuditProblem {
    long long line = 0; // 1-based line number in the file
    std::string message;
};

struct AuditVerification {
    bool ok = false;
    long long lines = 0;
    std::string head; // hash of the last line
    std::vector<AuditProblem> problems;
    std::string lastEvent; // the event of the last line
    bool closed = false;   // the last line closes a run (isClosingEvent)
};

// What a certificate recorded of the log when it was written: the chain's head then and
// the number of lines up to it.
struct AuditAnchor {
    std::string head;
    long long lines = 0;
};

// Events that end a run: a finished, blocked, failed or refused export, a batch release, a
// send of an export to a PACS node.
bool isClosingEvent(const std::string& event);

// Reads the whole log and checks every link; with an anchor, also that line `lines` is there
// and has the hash `head` (so deleting the last lines, or recomputing the chain after an
// edit, is found). Never throws for a damaged log: damage is the answer. Throws
// veil::Error only when the file cannot be read at all.
AuditVerification verifyAuditLog(const QString& path, const AuditAnchor* anchor = nullptr);

// The SHA-256 (hex) of a line's bytes, as the chain uses it.
std::string auditLineHash(const QByteArray& line);

inline const std::string kAuditGenesis(64, '0');

} // namespace veil
