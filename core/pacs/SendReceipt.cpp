#include "pacs/SendReceipt.h"

#include "audit/AuditRecorder.h"
#include "export/Archive.h"
#include "export/Certificate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace veil::pacs {

namespace fs = std::filesystem;

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A file's path inside the export ("DICOM/0001/IM0001"), from the path the send saw.
std::string inside(const fs::path& destination, const std::string& path) {
    const std::string root = destination.lexically_normal().string();
    const std::string p = fs::path(path).lexically_normal().string();
    if (p.size() > root.size() && p.compare(0, root.size(), root) == 0 && p[root.size()] == '/')
        return p.substr(root.size() + 1);
    return path;
}
} // namespace

fs::path writeSendReceipt(const fs::path& destination, const fs::path& certificate,
                          const SendReport& report, const std::string& person) {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::string aet;
    for (char c : report.node.substr(0, report.node.find('@')))
        aet += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    const fs::path clean = destination.lexically_normal();
    const fs::path name = clean.has_filename() ? clean : clean.parent_path();
    const fs::path file = name.string() + ".sent-" + aet + "-" +
                          now.toString("yyyyMMdd'T'HHmmss'Z'").toStdString() + ".json";
    QJsonArray files;
    for (const SendFileResult& f : report.files) {
        QJsonObject o{{"path", q(inside(name, f.path))},
                      {"ok", f.ok},
                      {"attempts", f.attempts},
                      {"message", q(f.message)}};
        if (!f.sopInstanceUid.empty())
            o.insert("sopInstanceUid", q(f.sopInstanceUid));
        if (f.status >= 0)
            o.insert("status", f.status);
        if (!f.transferSyntaxUid.empty())
            o.insert("transferSyntaxUid", q(f.transferSyntaxUid));
        files.append(o);
    }
    QJsonObject root{{"kind", "veil-send-receipt"},
                     {"created", now.toString(Qt::ISODate)},
                     {"person", q(person)},
                     {"node", q(report.node)},
                     {"export", q(name.filename().string())},
                     {"sent", report.sent()},
                     {"failed", report.failed()},
                     {"cancelled", report.cancelled},
                     {"files", files}};
    if (!certificate.empty()) {
        root.insert("certificate", q(certificate.filename().string()));
        root.insert("certificateSha256", q(fileSha256(certificate)));
    }
    QSaveFile out(q(file.string()));
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !out.commit())
        throw Error(file.string(),
                    "the send receipt cannot be written: " + out.errorString().toStdString());
    return file;
}

bool isCertifiedExport(const fs::path& path) {
    std::error_code ec;
    return fs::exists(path, ec) && fs::is_regular_file(certificatePathFor(path), ec);
}

fs::path recordExportSend(const fs::path& destination, const SendReport& report,
                          const std::string& person, std::vector<std::string>& problems,
                          const fs::path& auditLog) {
    const fs::path log = auditLog.empty() ? auditPathFor(destination) : auditLog;
    fs::path receipt;
    try {
        receipt = writeSendReceipt(destination, certificatePathFor(destination), report, person);
    } catch (const std::exception& e) {
        problems.push_back(e.what());
    }
    try {
        AuditRecorder(q(log.string()), person)
            .pacsSent(report.node, destination.string(), receipt.string(), report.sent(),
                      report.failed(), report.cancelled);
    } catch (const std::exception& e) {
        problems.push_back(log.string() + ": " + e.what());
    }
    return receipt;
}

} // namespace veil::pacs
