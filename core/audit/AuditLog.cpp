#include "audit/AuditLog.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QLockFile>

#include <algorithm>

#include <unistd.h>

namespace veil {

namespace {

// The hash a line carries for itself covers the line with "hash" removed: an edit that
// does not also recompute it is caught even on the last line.
std::string selfHash(QJsonObject o) {
    o.remove("hash");
    return auditLineHash(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QList<QByteArray> readLines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Error(path.toStdString(),
                    "audit log cannot be read: " + f.errorString().toStdString());
    QList<QByteArray> lines = f.readAll().split('\n');
    while (!lines.isEmpty() && lines.back().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

std::string auditLineHash(const QByteArray& line) {
    return QCryptographicHash::hash(line, QCryptographicHash::Sha256).toHex().toStdString();
}

namespace {
// The file's last non-empty line, read from the end (logs grow long; lines may be large).
QByteArray lastLine(QFile& f) {
    const qint64 size = f.size();
    qint64 window = 4096;
    while (true) {
        const qint64 from = std::max<qint64>(0, size - window);
        f.seek(from);
        QByteArray tail = f.read(size - from);
        while (!tail.isEmpty() && (tail.back() == '\n' || tail.back() == '\r'))
            tail.chop(1);
        const qsizetype nl = tail.lastIndexOf('\n');
        if (nl >= 0)
            return tail.mid(nl + 1);
        if (from == 0)
            return tail;
        window *= 4;
    }
}

} // namespace

bool isClosingEvent(const std::string& event) {
    return event == "export-finished" || event == "export-blocked" || event == "export-failed" ||
           event == "export-refused" || event == "batch-release" || event == "pacs-send";
}

AuditLog::AuditLog(const QString& path) : m_path(path), m_head(kAuditGenesis) {
    readHead();
}

void AuditLog::readHead() {
    QFile f(m_path);
    if (!f.exists())
        return;
    if (!f.open(QIODevice::ReadOnly))
        throw Error(m_path.toStdString(),
                    "audit log cannot be read: " + f.errorString().toStdString());
    const QByteArray last = lastLine(f);
    if (last.trimmed().isEmpty()) {
        m_seq = 0;
        m_head = kAuditGenesis;
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(last);
    if (!doc.isObject())
        throw Error(m_path.toStdString(),
                    "audit log's last line is damaged: refusing to continue the chain");
    m_seq = doc.object().value("seq").toInteger();
    m_head = auditLineHash(last);
}

std::string AuditLog::append(const QString& event, const QString& person, const QJsonObject& data) {
    QLockFile lock(m_path + ".lock");
    lock.setStaleLockTime(0); // stale only when its process is gone
    if (!lock.tryLock(60000))
        throw Error(m_path.toStdString(), "audit log is locked by another process (" +
                                              (m_path + ".lock").toStdString() + ")");
    readHead(); // another process may have appended since
    QJsonObject line{
        {"seq", m_seq + 1}, {"time", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {"person", person}, {"event", event},
        {"data", data},     {"prev", QString::fromStdString(m_head)}};
    line.insert("hash", QString::fromStdString(selfHash(line)));
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact);
    QFile f(m_path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        throw Error(m_path.toStdString(),
                    "audit log cannot be written: " + f.errorString().toStdString());
    if (f.write(bytes + '\n') != bytes.size() + 1 || !f.flush())
        throw Error(m_path.toStdString(),
                    "audit log write failed: " + f.errorString().toStdString());
    ::fsync(f.handle());
    f.close();
    ++m_seq;
    m_head = auditLineHash(bytes);
    return m_head;
}

AuditVerification verifyAuditLog(const QString& path, const AuditAnchor* anchor) {
    AuditVerification v;
    const QList<QByteArray> lines = readLines(path);
    v.lines = lines.size();
    std::string prevHash = kAuditGenesis;
    long long prevSeq = 0;
    auto problem = [&](long long line, std::string msg) {
        v.problems.push_back({line, std::move(msg)});
    };
    for (long long i = 0; i < lines.size(); ++i) {
        const long long n = i + 1;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[int(i)], &err);
        if (!doc.isObject()) {
            problem(n, "line " + std::to_string(n) + " is not valid JSON (edited or damaged)");
            prevHash = auditLineHash(lines[int(i)]);
            ++prevSeq;
            continue;
        }
        const QJsonObject o = doc.object();
        const long long seq = o.value("seq").toInteger();
        const std::string prev = o.value("prev").toString().toStdString();
        if (o.value("hash").toString().toStdString() != selfHash(o))
            problem(n, "line " + std::to_string(n) + " (seq " + std::to_string(seq) +
                           ") was edited: its content no longer matches its own hash");
        if (seq != prevSeq + 1) {
            if (seq > prevSeq + 1)
                problem(n, "line " + std::to_string(n) + ": " + std::to_string(seq - prevSeq - 1) +
                               " line(s) deleted before it (seq jumps from " +
                               std::to_string(prevSeq) + " to " + std::to_string(seq) + ")");
            else
                problem(n, "line " + std::to_string(n) + " is out of order or inserted (seq " +
                               std::to_string(seq) + " after " + std::to_string(prevSeq) + ")");
        } else if (prev != prevHash) {
            problem(n, "line " + std::to_string(n) + " does not follow line " +
                           std::to_string(n - 1) +
                           ": the line before it was edited, inserted or replaced");
        }
        prevHash = auditLineHash(lines[int(i)]);
        prevSeq = seq;
        v.lastEvent = o.value("event").toString().toStdString();
        if (anchor && n == anchor->lines && prevHash != anchor->head)
            problem(n, "line " + std::to_string(n) +
                           " is not the line the certificate recorded as the chain's head: the "
                           "log was rewritten");
    }
    v.head = prevHash;
    v.closed = isClosingEvent(v.lastEvent);
    if (anchor && v.lines < anchor->lines)
        problem(v.lines, "the log ends at line " + std::to_string(v.lines) +
                             " but the certificate recorded " + std::to_string(anchor->lines) +
                             " lines: lines were deleted from its end");
    v.ok = v.problems.empty();
    return v;
}

} // namespace veil
