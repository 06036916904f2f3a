#include "ocr/ScanReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <sstream>

namespace veil {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QJsonObject findingJson(const Finding& f) {
    return QJsonObject{
        {"frame", f.frame},
        {"x", f.box.x},
        {"y", f.box.y},
        {"w", f.box.w},
        {"h", f.box.h},
        {"text", q(f.text)},
        {"confidence", double(qRound(f.confidence * 1000)) / 1000},
        {"phi", f.phi},
        {"matched", f.matched.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(q(f.matched))},
        {"source", sourceName(f.source)},
        {"reason", f.reason.empty() ? QJsonValue(QJsonValue::Null) : QJsonValue(q(f.reason))},
        {"overlayGroup",
         f.overlayGroup ? QJsonValue(q(overlayLabel(f).substr(8))) : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace

std::string scanReportJson(const ScanResult& result) {
    QJsonArray instances;
    for (const InstanceFindings& i : result.instances) {
        QJsonArray findings;
        for (const Finding& f : i.findings)
            findings.append(findingJson(f));
        QJsonObject o{{"file", q(i.file)},
                      {"sopInstanceUid", q(i.sopInstanceUid)},
                      {"frames", i.frames},
                      {"findings", findings}};
        if (!i.error.empty())
            o.insert("error", q(i.error));
        instances.append(o);
    }
    QJsonArray warnings;
    for (const std::string& w : result.warnings)
        warnings.append(q(w));
    const QJsonObject root{{"instances", instances},
                           {"framesScanned", double(result.framesScanned)},
                           {"cancelled", result.cancelled},
                           {"warnings", warnings}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

std::string scanReportText(const ScanResult& result) {
    std::ostringstream out;
    int phi = 0, text = 0, errors = 0;
    for (const InstanceFindings& i : result.instances) {
        out << i.file << "\n";
        if (!i.error.empty()) {
            out << "  error: " << i.error << "\n";
            ++errors;
        }
        for (const Finding& f : i.findings) {
            char where[96];
            std::snprintf(where, sizeof where, "  %s frame %-3s %4d,%-4d %4dx%-4d",
                          f.phi ? "PHI " : "text",
                          f.frame < 0 ? "all" : std::to_string(f.frame).c_str(), f.box.x, f.box.y,
                          f.box.w, f.box.h);
            out << where << " \"" << f.text << "\"";
            if (!f.matched.empty())
                out << "  = " << f.matched;
            else if (f.reason == "unreadable")
                out << "  (text that could not be read: treated as identifying)";
            if (f.source == FindingSource::Template)
                out << "  (template)";
            if (f.overlayGroup)
                out << "  (in " << overlayLabel(f) << ")";
            out << "\n";
            (f.phi ? phi : text)++;
        }
    }
    out << result.instances.size() << " instances, " << result.framesScanned << " frames: " << phi
        << " identifying, " << text << " other text";
    if (errors)
        out << ", " << errors << " could not be scanned";
    if (result.cancelled)
        out << " (cancelled)";
    out << "\n";
    for (const std::string& w : result.warnings)
        out << "warning: " << w << "\n";
    return out.str();
}

} // namespace veil
