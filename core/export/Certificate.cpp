#include "export/Certificate.h"

#include "study/FaceRisk.h"

#include <cstdio>

#include "deid/ProfileDigest.h"

#include "common/Error.h"
#include "common/JsonRead.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace veil {

namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
std::string s(const QJsonValue& v) {
    return v.toString().toStdString();
}

std::string boxDetail(const ReviewBox& b) {
    return (b.frame < 0 ? std::string("every frame") : "frame " + std::to_string(b.frame)) +
           ": x " + std::to_string(b.x) + " y " + std::to_string(b.y) + ", " + std::to_string(b.w) +
           "x" + std::to_string(b.h);
}

QJsonObject verificationJson(const CertificateVerification& v) {
    QJsonArray hits;
    for (const CertificateHit& h : v.hits)
        hits.append(
            QJsonObject{{"file", q(h.file)}, {"where", q(h.where)}, {"attribute", q(h.attribute)}});
    return QJsonObject{{"passed", v.passed},
                       {"filesChecked", v.filesChecked},
                       {"pixelsChecked", v.pixelsChecked},
                       {"pixels", q(v.pixels)},
                       {"hits", hits},
                       {"override", v.override ? QJsonValue(v.override->toJson()) : QJsonValue()}};
}

CertificateVerification verificationFrom(const QJsonObject& o) {
    CertificateVerification v;
    v.passed = o.value("passed").toBool();
    v.filesChecked = o.value("filesChecked").toInt();
    v.pixelsChecked = o.value("pixelsChecked").toBool();
    v.pixels = s(o.value("pixels"));
    for (const QJsonValue& h : o.value("hits").toArray())
        v.hits.push_back({s(h["file"]), s(h["where"]), s(h["attribute"])});
    if (o.value("override").isObject()) {
        const QJsonObject ov = o.value("override").toObject();
        v.override = GateOverride{s(ov["approver"]), s(ov["reason"]), s(ov["time"])};
    }
    return v;
}

QJsonValue accessionsJson(const std::optional<CertificateAccessions>& a) {
    if (!a)
        return QJsonValue();
    return QJsonObject{{"listSha256", q(a->listSha256)},
                       {"expected", a->expected},
                       {"found", a->found},
                       {"missing", a->missing},
                       {"studiesNotOnList", a->studiesNotOnList},
                       {"complete", a->complete()},
                       {"mismatchAccepted", a->mismatchAccepted}};
}

std::optional<CertificateAccessions> accessionsFrom(const QJsonValue& v) {
    if (!v.isObject())
        return std::nullopt;
    const QJsonObject o = v.toObject();
    return CertificateAccessions{
        s(o["listSha256"]),   o["expected"].toInt(),         o["found"].toInt(),
        o["missing"].toInt(), o["studiesNotOnList"].toInt(), o["mismatchAccepted"].toBool()};
}

QJsonObject releaseJson(const Certificate& c) {
    QJsonArray options, overrides;
    for (Option o : c.options.list())
        options.append(optionInfo(o).key);
    for (const std::string& line : c.overrides)
        overrides.append(q(line));
    return QJsonObject{{"level", levelName(c.level)},
                       {"options", options},
                       {"mappingKept", c.mappingKept},
                       {"releaseId", q(c.releaseId)},
                       {"valuesOfThisReleaseOnly", c.valuesOfThisReleaseOnly},
                       {"redactBurnedInText", q(c.redact)},
                       {"profile", QJsonObject{{"name", q(c.profileName)},
                                               {"sha256", q(c.profileSha256)},
                                               {"tableEdition", q(c.tableEdition)},
                                               {"overrides", overrides}}}};
}

void releaseFrom(Certificate& c, const QJsonObject& r) {
    const auto level = levelFromName(s(r["level"]));
    if (!level)
        throw Error("certificate: release.level is not publication or limited");
    c.level = *level;
    for (const QJsonValue& o : r["options"].toArray())
        if (const auto option = optionFromName(s(o)))
            c.options.add(*option);
    c.mappingKept = r["mappingKept"].toBool();
    c.releaseId = s(r["releaseId"]);
    c.valuesOfThisReleaseOnly = r["valuesOfThisReleaseOnly"].toBool();
    c.redact = r["redactBurnedInText"].isString() ? s(r["redactBurnedInText"]) : "none";
    const QJsonObject p = r["profile"].toObject();
    c.profileName = s(p["name"]);
    c.profileSha256 = s(p["sha256"]);
    c.tableEdition = s(p["tableEdition"]);
    for (const QJsonValue& o : p["overrides"].toArray())
        c.overrides.push_back(s(o));
}

} // namespace

std::vector<const SignOff*> Certificate::reviewers() const {
    std::vector<const SignOff*> out;
    for (const SignOff& so : signOffs)
        if (so.role == SignOffRole::Reviewer)
            out.push_back(&so);
    return out;
}

void Certificate::addDecision(DecisionRecord record) {
    ++decisionCounts[record.kind];
    decisions.push_back(std::move(record));
}

namespace {
QJsonArray facesJson(const std::vector<CertificateFace>& faces) {
    QJsonArray out;
    for (const CertificateFace& f : faces)
        out.append(QJsonObject{{"seriesNumber", f.seriesNumber},
                               {"modality", q(f.modality)},
                               {"images", f.images},
                               {"mayShowFace", true},
                               {"why", q(f.why)},
                               {"removal", q(f.removal)},
                               {"defaced", f.defaced}});
    return out;
}
} // namespace

std::vector<CertificateFace> certificateFaces(const StudyIndex& index,
                                              const FaceRemovalPlan* plan) {
    std::vector<CertificateFace> out;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series) {
                const FaceRisk risk = faceRisk(se, st.description);
                if (!risk.mayShowFace)
                    continue;
                CertificateFace f;
                f.seriesNumber = se.number;
                f.modality = se.modality;
                f.images = int(se.instances.size());
                for (const std::string& w : risk.headerWords)
                    f.why += (f.why.empty() ? "" : ", ") + w;
                if (risk.recognizableYes)
                    f.why +=
                        std::string(f.why.empty() ? "" : ", ") + "RecognizableVisualFeatures YES";
                char geo[96];
                std::snprintf(geo, sizeof geo, "; %d contiguous slices over %.0f mm",
                              risk.geometry.contiguous, risk.geometry.extentMm);
                f.why += geo;
                const FaceSeriesOutcome* o = plan ? plan->outcomeFor(se.uid) : nullptr;
                if (!plan)
                    f.removal = "not asked for (Clean Recognizable Visual Features off): the "
                                "face was left as it was";
                else if (!o)
                    f.removal = "not done";
                else if (o->status == FaceSeriesOutcome::Status::Defaced) {
                    f.defaced = true;
                    f.removal = "defaced (" + o->method + ", " + std::to_string(o->voxelsChanged) +
                                " voxels set to air in " + std::to_string(o->instancesChanged) +
                                " images)";
                } else {
                    f.removal = std::string(statusName(o->status)) + ": not exported";
                }
                out.push_back(std::move(f));
            }
    return out;
}

namespace {
QJsonObject fileJson(const CertificateFile& f) {
    return QJsonObject{{"path", q(f.path)}, {"sha256", q(f.sha256)}, {"bytes", f.bytes}};
}
} // namespace

QJsonObject Certificate::toJson() const {
    return toJson(true);
}

QJsonObject Certificate::toJson(bool withFiles) const {
    QJsonArray signs, list, fileList;
    for (const SignOff& so : signOffs)
        signs.append(so.toJson());
    for (const DecisionRecord& d : decisions)
        list.append(QJsonObject{{"kind", q(d.kind)}, {"file", q(d.file)}, {"detail", q(d.detail)}});
    QJsonObject counts;
    for (const auto& [kind, n] : decisionCounts)
        counts.insert(q(kind), n);
    if (withFiles)
        for (const CertificateFile& f : files)
            fileList.append(fileJson(f));
    return QJsonObject{
        {"format", "veil-certificate"},
        {"version", 1},
        {"created", q(created)},
        {"veilVersion", q(veilVersion)},
        {"export", QJsonObject{{"destination", q(destination)},
                               {"container", q(container)},
                               {"dicomdir", dicomdir}}},
        {"counts", QJsonObject{{"patients", patients},
                               {"studies", studies},
                               {"series", series},
                               {"images", images},
                               {"frames", frames},
                               {"redactedImages", redactedImages}}},
        {"release", releaseJson(*this)},
        {"faces", facesJson(faces)},
        {"signOffs", signs},
        {"decisions", QJsonObject{{"counts", counts}, {"list", list}}},
        {"verification", verificationJson(verification)},
        {"accessionCheck", accessionsJson(accessions)},
        {"files", fileList},
        {"audit",
         QJsonObject{{"log", q(auditLog)}, {"head", q(auditHead)}, {"lines", auditLines}}}};
}

Certificate Certificate::fromJson(const QJsonObject& json) {
    if (json.value("format").toString() != "veil-certificate" || json.value("version").toInt() != 1)
        throw Error("certificate: not a veil-certificate of version 1");
    Certificate c;
    c.created = s(json["created"]);
    c.veilVersion = s(json["veilVersion"]);
    const QJsonObject e = json["export"].toObject();
    c.destination = s(e["destination"]);
    c.container = s(e["container"]);
    c.dicomdir = e["dicomdir"].toBool();
    const QJsonObject n = json["counts"].toObject();
    c.patients = n["patients"].toInt();
    c.studies = n["studies"].toInt();
    c.series = n["series"].toInt();
    c.images = n["images"].toInt();
    c.frames = n["frames"].toInt();
    c.redactedImages = n["redactedImages"].toInt();
    releaseFrom(c, json["release"].toObject());
    for (const QJsonValue& f : json["faces"].toArray())
        c.faces.push_back({f["seriesNumber"].toInt(), s(f["modality"]), f["images"].toInt(),
                           s(f["why"]), s(f["removal"]), f["defaced"].toBool()});
    for (const QJsonValue& so : json["signOffs"].toArray())
        c.signOffs.push_back(SignOff::fromJson(so.toObject()));
    for (const QJsonValue& d : json["decisions"]["list"].toArray())
        c.addDecision({s(d["kind"]), s(d["file"]), s(d["detail"])});
    c.verification = verificationFrom(json["verification"].toObject());
    c.accessions = accessionsFrom(json["accessionCheck"]);
    for (const QJsonValue& f : json["files"].toArray())
        c.files.push_back({s(f["path"]), s(f["sha256"]), f["bytes"].toInteger()});
    const QJsonObject a = json["audit"].toObject();
    c.auditLog = s(a["log"]);
    c.auditHead = s(a["head"]);
    c.auditLines = a["lines"].toInteger();
    return c;
}

void Certificate::save(const fs::path& file) const {
    QSaveFile f(q(file.string()));
    if (!f.open(QIODevice::WriteOnly))
        throw Error(file.string(),
                    "certificate cannot be written: " + f.errorString().toStdString());
    // The bytes QJsonDocument(toJson()).toJson(Indented) would give, with the file list (one
    // entry per output: a release may have hundreds of thousands) written entry by entry
    // rather than held whole as JSON in memory.
    const QByteArray doc = QJsonDocument(toJson(false)).toJson(QJsonDocument::Indented);
    static const QByteArray kEmptyFiles = "\n    \"files\": [\n    ],\n";
    const qsizetype at = doc.indexOf(kEmptyFiles);
    if (files.empty() || at < 0) {
        f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    } else {
        f.write(doc.constData(), at);
        f.write("\n    \"files\": [\n");
        for (std::size_t i = 0; i < files.size(); ++i) {
            const QByteArray one =
                QJsonDocument(fileJson(files[i])).toJson(QJsonDocument::Indented);
            QByteArray entry;
            entry.reserve(one.size() + 64);
            for (qsizetype start = 0; start < one.size();) { // each line 8 spaces further in
                qsizetype end = one.indexOf('\n', start);
                if (end < 0)
                    end = one.size();
                entry += "        ";
                entry += one.mid(start, end - start);
                start = end + 1;
                if (start < one.size())
                    entry += '\n';
            }
            entry += i + 1 < files.size() ? ",\n" : "\n";
            f.write(entry);
        }
        f.write("    ],\n");
        f.write(doc.constData() + at + kEmptyFiles.size(), doc.size() - at - kEmptyFiles.size());
    }
    if (!f.commit())
        throw Error(file.string(),
                    "certificate could not be saved: " + f.errorString().toStdString());
}

Certificate Certificate::load(const fs::path& file) {
    const QJsonObject o = readJsonObject(file, "certificate");
    try {
        return fromJson(o);
    } catch (const Error& e) {
        throw Error(file.string(), e.what());
    }
}

fs::path certificatePathFor(const fs::path& destination) {
    fs::path d = fs::absolute(destination).lexically_normal();
    if (!d.has_filename())
        d = d.parent_path();
    return d.parent_path() / (d.filename().string() + ".certificate.json");
}

fs::path auditPathFor(const fs::path& destination) {
    fs::path d = fs::absolute(destination).lexically_normal();
    if (!d.has_filename())
        d = d.parent_path();
    return d.parent_path() / (d.filename().string() + ".audit.jsonl");
}

void addReviewDecisions(Certificate& c, const ReviewSession& session,
                        const std::map<std::string, std::string>& exportedFile) {
    auto fileOf = [&](const std::string& uid) {
        const auto it = exportedFile.find(uid);
        return it == exportedFile.end() ? std::optional<std::string>() : it->second;
    };
    for (const auto& [id, box] : session.boxes()) {
        const auto file = fileOf(box.sopInstanceUid);
        if (!file)
            continue;
        if (box.origin == ReviewBox::Origin::Drawn)
            c.addDecision({"box-drawn", *file, boxDetail(box)});
        else if (session.decision(box.findingId) != Decision::Rejected)
            c.addDecision({"box-accepted", *file, boxDetail(box)});
    }
    for (const auto& [findingId, d] : session.decisions())
        if (d == Decision::Rejected)
            c.addDecision({"box-rejected", {}, "finding " + findingId});
    for (const auto& [uid, r] : session.instances()) {
        const auto file = fileOf(uid);
        if (!file || (!r.reviewed && r.framesSeen.empty()))
            continue;
        if (r.reviewed && !r.bulkReason.empty())
            c.addDecision({"instance-bulk-approved", *file, "reason: " + r.bulkReason});
        else
            c.addDecision({"instance-reviewed", *file,
                           std::to_string(r.framesSeen.size()) + " frame(s) seen" +
                               (r.reviewedBy.empty() ? "" : " by " + r.reviewedBy)});
    }
}

void Certificate::describeRelease(const Profile& p, const ReleaseIdentity& release,
                                  const std::string& redactPolicy) {
    level = p.level;
    options = p.options;
    profileName = p.name;
    profileSha256 = veil::profileSha256(p);
    tableEdition = p.tables ? p.tables->edition() : std::string();
    overrides = overrideLines(p);
    mappingKept = p.keepsMapping();
    releaseId = release.id;
    valuesOfThisReleaseOnly = hasOwnValues(p.level, release);
    redact = redactPolicy;
}

CertificateVerification certificateVerification(const VerificationReport& report,
                                                const std::optional<GateOverride>& override) {
    CertificateVerification v;
    v.passed = report.passed();
    v.filesChecked = report.filesChecked();
    v.pixelsChecked = report.pixelsChecked;
    v.pixels = report.pixelsText();
    for (const VerificationHit& h : report.hits())
        v.hits.push_back({h.file, h.where, h.attribute});
    if (!v.passed)
        v.override = override;
    return v;
}

CertificateAccessions CertificateAccessions::from(const AccessionComparison& c,
                                                  bool mismatchAccepted) {
    return {c.listSha256,
            c.expected,
            int(c.found.size()),
            int(c.missing.size()),
            int(c.notOnList.size()),
            !c.complete() && mismatchAccepted};
}

} // namespace veil
