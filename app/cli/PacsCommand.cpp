// veil-cli pacs echo|find|get|send: thin argument parsing over core/pacs.
#include "Cli.h"

#include "pacs/PacsClient.h"
#include "pacs/SendReceipt.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

namespace veil::cli {

namespace {

using namespace veil::pacs;

const char* kPacsUsage = "expected: pacs echo|find|get|send --node AET@HOST:PORT [OPTIONS]";

QJsonObject toJson(const PacsMatch& m) {
    QJsonObject o;
    auto put = [&o](const char* key, const std::string& value) {
        if (!value.empty())
            o.insert(key, QString::fromStdString(value));
    };
    o.insert("level", QString::fromStdString(levelName(m.level)));
    put("patientId", m.patientId);
    put("patientName", m.patientName);
    put("patientBirthDate", m.patientBirthDate);
    put("patientSex", m.patientSex);
    put("studyInstanceUid", m.studyUid);
    put("studyDate", m.studyDate);
    put("studyTime", m.studyTime);
    put("studyDescription", m.studyDescription);
    put("accessionNumber", m.accession);
    put("modalitiesInStudy", m.modalitiesInStudy);
    put("seriesInstanceUid", m.seriesUid);
    put("seriesNumber", m.seriesNumber);
    put("seriesDescription", m.seriesDescription);
    put("modality", m.modality);
    if (m.relatedStudies >= 0)
        o.insert("relatedStudies", m.relatedStudies);
    if (m.relatedSeries >= 0)
        o.insert("relatedSeries", m.relatedSeries);
    if (m.relatedInstances >= 0)
        o.insert("relatedInstances", m.relatedInstances);
    return o;
}

std::string matchLine(const PacsMatch& m) {
    auto count = [](int n) { return n < 0 ? std::string("?") : std::to_string(n); };
    switch (m.level) {
    case QueryLevel::Patient:
        return m.patientId + "\t" + m.patientName + "\t" + m.patientBirthDate + "\t" +
               count(m.relatedStudies) + " studies";
    case QueryLevel::Study:
        return m.studyUid + "\t" + m.patientId + "\t" + m.patientName + "\t" + m.studyDate + "\t" +
               m.accession + "\t" + m.modalitiesInStudy + "\t" + m.studyDescription + "\t" +
               count(m.relatedInstances) + " instances";
    case QueryLevel::Series:
        return m.seriesUid + "\t" + m.studyUid + "\t" + m.patientId + "\t" + m.modality + "\t" +
               m.seriesNumber + "\t" + m.seriesDescription + "\t" + count(m.relatedInstances) +
               " instances";
    }
    return {};
}

int writeJson(const QString& file, const std::vector<PacsMatch>& matches) {
    QJsonArray array;
    for (const PacsMatch& m : matches)
        array.append(toJson(m));
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(array).toJson()) < 0 ||
        !out.commit()) {
        std::fprintf(stderr, "veil-cli pacs find: %s: cannot be written: %s\n", qPrintable(file),
                     qPrintable(out.errorString()));
        return Failed;
    }
    return Ok;
}

int number(const QCommandLineParser& parser, const QString& option, int min, int max, int& out) {
    if (!parser.isSet(option))
        return Ok;
    bool ok = false;
    const int v = parser.value(option).toInt(&ok);
    if (!ok || v < min || v > max)
        return usageError(
            "pacs", QString("--%1 takes a number from %2 to %3").arg(option).arg(min).arg(max));
    out = v;
    return Ok;
}

} // namespace

int pacs(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Talks to a DICOM node (PACS): echo (C-ECHO), find (C-FIND), get (C-GET or C-MOVE of "
        "whole studies into a folder) and send (C-STORE of files, folders, zips, DICOMDIRs).");
    parser.addHelpOption();
    parser.addPositionalArgument("action", "echo, find, get or send.");
    parser.addPositionalArgument("INPUT", "send: the files, folders or zips to send.",
                                 "[INPUT...]");
    parser.addOptions({
        {"node", "The node: AET@HOST:PORT.", "AET@HOST:PORT"},
        {"aet",
         "Our calling AE title (default VEIL); with --retrieve move also the C-MOVE "
         "destination the node must know.",
         "AET", "VEIL"},
        {"port", "--retrieve move: the port Veil's storage SCP listens on (default 11112).", "N"},
        {"timeout", "Seconds to wait for a connection and association (default 10).", "S"},
        {"dimse-timeout", "Seconds to wait for each DIMSE message (default 60).", "S"},
        {"retries", "send: extra attempts per file after a network failure (default 2).", "N"},
        {"person",
         "send: who sends an export, for its receipt and audit log (default: login "
         "name).",
         "NAME"},
        {"level", "find: patient, study (default) or series.", "LEVEL", "study"},
        {"patient-id", "find: Patient ID.", "ID"},
        {"patient-name", "find: Patient's Name; * and ? are wildcards.", "NAME"},
        {"accession", "find: Accession Number.", "A"},
        {"study-date", "find: YYYYMMDD, FROM-TO, FROM- or -TO.", "FROM-TO"},
        {"modality", "find: modality (Modalities in Study at study level).", "M"},
        {"json", "find: also write the matches as JSON to FILE.", "FILE"},
        {"study", "get: a Study Instance UID (repeat for several).", "UID"},
        {"out", "get: the folder the studies go into (one sub-folder per study UID).", "DIR"},
        {"retrieve", "get: 'get' (C-GET, default) or 'move' (C-MOVE to our storage SCP).", "HOW",
         "get"},
    });
    if (const auto done = parseArguments(parser, args, "pacs"))
        return *done;
    const QStringList pos = parser.positionalArguments();
    if (pos.isEmpty())
        return usageError("pacs", kPacsUsage);
    const QString action = pos[0];
    if (action != "echo" && action != "find" && action != "get" && action != "send")
        return usageError("pacs", "unknown action '" + action + "'; " + kPacsUsage);
    if (!parser.isSet("node"))
        return usageError("pacs", "--node AET@HOST:PORT is required");
    if (action != "send" && pos.size() > 1)
        return usageError("pacs", "unexpected argument '" + pos[1] + "'");

    PacsSettings settings;
    settings.callingAet = parser.value("aet").toStdString();
    if (int e = number(parser, "port", 1, 65535, settings.movePort))
        return e;
    if (int e = number(parser, "timeout", 1, 3600, settings.connectTimeoutSeconds))
        return e;
    if (int e = number(parser, "dimse-timeout", 1, 86400, settings.dimseTimeoutSeconds))
        return e;
    if (int e = number(parser, "retries", 0, 100, settings.retries))
        return e;

    try {
        const PacsClient client(PacsNode::parse(parser.value("node").toStdString()), settings);
        const std::string node = client.node().toString();
        if (action == "echo") {
            client.echo();
            std::fprintf(stdout, "%s: C-ECHO answered\n", node.c_str());
            return Ok;
        }
        if (action == "find") {
            PacsQuery q;
            q.level = parseLevel(parser.value("level").toStdString());
            q.patientId = parser.value("patient-id").toStdString();
            q.patientName = parser.value("patient-name").toStdString();
            q.accession = parser.value("accession").toStdString();
            q.studyDate = parser.value("study-date").toStdString();
            q.modality = parser.value("modality").toStdString();
            const std::vector<PacsMatch> matches = client.find(q);
            for (const PacsMatch& m : matches)
                std::fprintf(stdout, "%s\n", matchLine(m).c_str());
            std::fprintf(stderr, "%s: %zu %s-level matches\n", node.c_str(), matches.size(),
                         levelName(q.level).c_str());
            return parser.isSet("json") ? writeJson(parser.value("json"), matches) : Ok;
        }
        if (action == "get") {
            const QStringList studies = parser.values("study");
            if (studies.isEmpty() || !parser.isSet("out"))
                return usageError("pacs", "get needs --study UID (one or more) and --out DIR");
            const QString how = parser.value("retrieve");
            if (how != "get" && how != "move")
                return usageError("pacs", "--retrieve takes 'get' or 'move'");
            std::vector<std::string> uids;
            for (const QString& s : studies)
                uids.push_back(s.toStdString());
            TerminalProgress progress;
            const auto got =
                client.retrieve(uids, parser.value("out").toStdString(),
                                how == "move" ? RetrieveMethod::Move : RetrieveMethod::Get,
                                PacsClient::Existing::Refuse, progress);
            int code = Ok;
            for (const RetrievedStudy& s : got) {
                std::fprintf(stdout, "%s: %d files in %s", s.studyUid.c_str(), s.files,
                             s.folder.string().c_str());
                if (s.failed || s.warnings)
                    std::fprintf(stdout, " (%d failed, %d with warnings on the node's side)",
                                 s.failed, s.warnings);
                std::fputc('\n', stdout);
                if (s.failed)
                    code = Failed;
            }
            return code;
        }
        // send
        if (pos.size() < 2)
            return usageError("pacs", "send needs at least one INPUT");
        TerminalProgress progress;
        const SendReport report = client.send(inputsFrom(pos.mid(1)), progress);
        for (const SendFileResult& f : report.files) {
            if (!f.ok)
                std::fprintf(stderr, "FAILED %s: %s\n", f.path.c_str(), f.message.c_str());
        }
        std::fprintf(stdout, "sent %d of %zu files to %s%s\n", report.sent(), report.files.size(),
                     node.c_str(), report.cancelled ? " (cancelled)" : "");
        // A single export with its certificate beside it: a send receipt and "pacs-send" in
        // its audit log, as the GUI's Send to… writes them.
        if (pos.size() == 2 && isCertifiedExport(pos[1].toStdString()) && !report.files.empty()) {
            std::vector<std::string> problems;
            const auto receipt =
                recordExportSend(pos[1].toStdString(), report, personFrom(parser), problems);
            for (const std::string& p : problems)
                std::fprintf(stderr, "veil-cli pacs send: not recorded: %s\n", p.c_str());
            if (!receipt.empty())
                std::fprintf(stdout, "receipt: %s\n", receipt.string().c_str());
            if (!problems.empty())
                return Failed;
        }
        if (report.files.empty())
            return usageError("pacs", "no DICOM file found in the inputs");
        return report.failed() == 0 ? Ok : Failed;
    } catch (const PacsError& e) {
        std::fprintf(stderr, "veil-cli pacs %s: %s\n", qPrintable(action), e.what());
        return e.kind() == PacsError::Kind::BadInput ? Usage : Failed;
    } catch (const Error& e) {
        std::fprintf(stderr, "veil-cli pacs %s: %s\n", qPrintable(action), e.what());
        return Failed;
    }
}

} // namespace veil::cli
