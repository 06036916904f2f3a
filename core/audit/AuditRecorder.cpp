#include "audit/AuditRecorder.h"

#include "deid/ProfileDigest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>

namespace veil {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

bool inScope(const std::set<std::string>& scope, const std::string& uid) {
    return scope.empty() || scope.count(uid) > 0;
}

QString fileSha256(const std::string& path) {
    QFile f(q(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

} // namespace

QJsonObject boxJson(const ReviewBox& box) {
    QJsonObject o = regionToJson({box.frame, box.x, box.y, box.w, box.h});
    o.insert("id", q(box.id));
    o.insert(kBoxInstanceKey, q(box.sopInstanceUid));
    if (!box.findingId.empty())
        o.insert("findingId", q(box.findingId));
    return o;
}

const char* reviewChangeName(ReviewChange change) {
    switch (change) {
    case ReviewChange::Undo:
        return "undo";
    case ReviewChange::Redo:
        return "redo";
    case ReviewChange::Edit:
        break;
    }
    return "edit";
}

AuditRecorder::AuditRecorder(const QString& path, std::string person)
    : m_log(path), m_person(std::move(person)) {}

std::string AuditRecorder::recordAs(const std::string& person, const QString& event,
                                    const QJsonObject& data) {
    return m_log.append(event, q(person), data);
}

std::string AuditRecorder::record(const QString& event, const QJsonObject& data) {
    return recordAs(m_person, event, data);
}

void AuditRecorder::profileInvalid(const std::string& problem) {
    record("profile-invalid", {{"problem", q(problem)}});
}

void AuditRecorder::boxMoved(const ReviewBox& from, const ReviewBox& to) {
    QJsonObject data = boxJson(to);
    data.insert("from", boxJson(from));
    record("box-moved", data);
}

void AuditRecorder::findingAccepted(const std::string& findingId) {
    record("box-accepted", {{"findingId", q(findingId)}});
}

void AuditRecorder::decisionCleared(const std::string& findingId, Decision was) {
    record("decision-cleared", {{"findingId", q(findingId)}, {"was", decisionName(was)}});
}

void AuditRecorder::reviewStep(ReviewChange change, const std::string& what) {
    if (change != ReviewChange::Edit)
        record(reviewChangeName(change), {{"what", q(what)}});
}

void AuditRecorder::signOffsCleared(const std::vector<SignOff>& cleared, const std::string& change,
                                    ReviewChange cause) {
    QJsonArray list;
    for (const SignOff& s : cleared)
        list.append(QJsonObject{{"name", q(s.name)}, {"role", roleName(s.role)}});
    record("sign-offs-cleared",
           {{"signOffs", list}, {"change", q(change)}, {"cause", reviewChangeName(cause)}});
}

void AuditRecorder::signOffRestored(const SignOff& signOff) {
    record("sign-off-restored", signOff.toJson());
}

void AuditRecorder::batchReleaseRefused(const std::string& destination, const std::string& why,
                                        const std::vector<std::string>& problems) {
    QJsonArray list;
    for (const std::string& p : problems)
        list.append(q(p));
    record("batch-release-refused",
           {{"destination", q(destination)}, {"why", q(why)}, {"problems", list}});
}

void AuditRecorder::accessionCheck(const AccessionComparison& comparison, const AccessionList& list,
                                   bool mismatchAccepted) {
    record("accession-check", comparison.auditJson(list, mismatchAccepted));
}

void AuditRecorder::faceRemoval(const std::string& summary, bool mrFacePlaneAccepted) {
    record("face-removal", {{"series", q(summary)}, {"mrFacePlaneAccepted", mrFacePlaneAccepted}});
}

void AuditRecorder::levelChosen(ReleaseLevel level) {
    record("level", {{"level", levelName(level)}});
}

void AuditRecorder::optionChanged(Option option, bool on) {
    record("option", {{"option", optionInfo(option).key}, {"on", on}});
}

void AuditRecorder::profileChosen(const Profile& profile) {
    QJsonObject data = canonicalProfileJson(profile);
    data.insert("sha256", q(profileSha256(profile)));
    record("profile", data);
}

void AuditRecorder::boxDrawn(const ReviewBox& box) {
    record("box-drawn", boxJson(box));
}

void AuditRecorder::boxAccepted(const ReviewBox& box) {
    QJsonObject data = boxJson(box);
    data.insert("origin", box.origin == ReviewBox::Origin::Template ? "template" : "finding");
    record("box-accepted", data);
}

void AuditRecorder::boxRejected(const std::string& findingId) {
    record("box-rejected", {{"findingId", q(findingId)}});
}

void AuditRecorder::boxRemoved(const ReviewBox& box) {
    record("box-removed", boxJson(box));
}

void AuditRecorder::instanceReviewed(const std::string& uid, const InstanceReview& r) {
    QJsonObject data{
        {"instance", q(uid)}, {"reviewed", r.reviewed}, {"framesSeen", int(r.framesSeen.size())}};
    if (!r.reviewedBy.empty())
        data.insert("by", q(r.reviewedBy));
    if (!r.bulkReason.empty())
        data.insert("bulkReason", q(r.bulkReason));
    record("instance-reviewed", data);
}

void AuditRecorder::sessionDecisions(const ReviewSession& session,
                                     const std::set<std::string>& scope) {
    std::set<std::string> boxedFindings;
    for (const auto& [id, box] : session.boxes()) {
        if (!inScope(scope, box.sopInstanceUid))
            continue;
        if (box.origin == ReviewBox::Origin::Drawn)
            boxDrawn(box);
        else if (session.decision(box.findingId) != Decision::Rejected)
            boxAccepted(box);
        boxedFindings.insert(box.findingId);
    }
    // Rejections name only the finding (its box is gone); they are not tied to an instance.
    for (const auto& [findingId, d] : session.decisions())
        if (d == Decision::Rejected)
            boxRejected(findingId);
    for (const auto& [uid, review] : session.instances())
        if (inScope(scope, uid) && review.reviewed)
            instanceReviewed(uid, review);
}

void AuditRecorder::boxesFile(const std::string& path, const BoxesFile& boxes) {
    QJsonArray entries;
    for (const BoxEntry& e : boxes.entries) {
        QJsonObject o = regionToJson(e.region);
        o.insert("entry", e.index);
        if (!e.sopInstanceUid.empty())
            o.insert(kBoxInstanceKey, q(e.sopInstanceUid));
        o.insert("byFile", !e.file.empty());
        entries.append(o);
    }
    record("boxes-file", {{"file", q(path)}, {"sha256", fileSha256(path)}, {"entries", entries}});
}

void AuditRecorder::signOff(const SignOff& s) {
    recordAs(s.name, "sign-off", s.toJson());
}

void AuditRecorder::verification(const VerificationReport& report) {
    record("verification", report.toJson(false));
}

void AuditRecorder::gateOverride(const GateOverride& o, const VerificationReport& report) {
    QJsonObject data = o.toJson();
    data.insert("hits", report.toJson(false).value("hits"));
    data.insert("hitCount", int(report.hits().size()));
    recordAs(o.approver, "gate-override", data);
}

void AuditRecorder::batchRelease(const std::string& outDir, const Profile& profile,
                                 const BatchReleased& b) {
    QJsonObject data{{"written", b.written},
                     {"skipped", b.skipped},
                     {"failed", b.failed},
                     {"redactedImages", b.redactedImages},
                     {"verified", b.verificationPassed.has_value()},
                     {"pixels", q(b.pixels)},
                     {"pixelsChecked", b.pixelsChecked},
                     {"published", b.published},
                     {"redact", q(b.redact)},
                     {"releaseId", q(b.releaseId)},
                     {"valuesOfThisReleaseOnly", b.valuesOfThisReleaseOnly}};
    if (b.verificationPassed)
        data.insert("verification", *b.verificationPassed ? "passed" : "failed");
    if (b.burnedInAnnotationSetToYes > 0)
        data.insert("burnedInAnnotationSetToYes", b.burnedInAnnotationSetToYes);
    if (!b.keptIn.empty())
        data.insert("keptIn", q(b.keptIn));
    if (b.conflicts > 0)
        data.insert("conflicts", b.conflicts);
    if (!b.faceRemoval.empty())
        data.insert("faceRemoval", q(b.faceRemoval));
    data.insert("reviewed", false);
    data.insert("output", q(outDir));
    data.insert("level", levelName(profile.level));
    data.insert("profileSha256", q(profileSha256(profile)));
    record("batch-release", data);
}

void AuditRecorder::exportStarted(const std::string& destination, const Profile& profile,
                                  const ExportStarted& s) {
    QJsonObject data{{"instances", s.instances},
                     {"container", s.zip ? "zip" : "folder"},
                     {"dicomdir", s.dicomdir},
                     {"redact", q(s.redact)},
                     {"pixelsRead", s.pixelsRead},
                     {"releaseId", q(s.releaseId)},
                     {"valuesOfThisReleaseOnly", s.valuesOfThisReleaseOnly},
                     {"partial", q(s.partial)}};
    data.insert("destination", q(destination));
    data.insert("level", levelName(profile.level));
    data.insert("profileSha256", q(profileSha256(profile)));
    record("export-started", data);
}

void AuditRecorder::exportBlocked(const std::string& destination, const std::string& why) {
    record("export-blocked", {{"destination", q(destination)}, {"why", q(why)}});
}

void AuditRecorder::exportFailed(const std::string& destination, const std::string& why) {
    record("export-failed", {{"destination", q(destination)}, {"why", q(why)}});
}

void AuditRecorder::exportRefused(const std::string& destination, const Problems& problems) {
    QJsonArray list;
    for (const std::string& p : problems.items)
        list.append(q(p));
    record("export-refused", {{"destination", q(destination)}, {"problems", list}});
}

void AuditRecorder::exportCancelled(const std::string& destination) {
    record("export-cancelled", {{"destination", q(destination)}});
}

void AuditRecorder::exportFinished(const std::string& destination, const ExportFinished& f) {
    QJsonObject data{{"destination", q(destination)},
                     {"files", f.files},
                     {"verification", f.verificationPassed ? "passed" : "overridden"}};
    if (f.images >= 0)
        data.insert("images", f.images);
    if (!f.filesSha256.empty())
        data.insert("filesSha256", q(f.filesSha256));
    if (!f.certificate.empty())
        data.insert("certificate", q(f.certificate));
    if (!f.exportAuditLog.empty())
        data.insert("exportAuditLog", q(f.exportAuditLog));
    record("export-finished", data);
}

void AuditRecorder::deckChecked(const std::string& deck,
                                const std::map<std::string, int>& countsByKind) {
    QJsonObject counts;
    for (const auto& [kind, n] : countsByKind)
        counts.insert(q(kind), n);
    record("deck-checked", {{"deck", q(deck)}, {"findings", counts}});
}

void AuditRecorder::deckFindingKept(const std::string& deck, const std::string& findingId,
                                    int slide, const std::string& kind) {
    record("deck-finding-kept",
           {{"deck", q(deck)}, {"finding", q(findingId)}, {"slide", slide}, {"kind", q(kind)}});
}

void AuditRecorder::deckCleaned(const std::string& deck, const std::string& output,
                                const DeckCleaned& c) {
    record("deck-cleaned", {{"deck", q(deck)},
                            {"output", q(output)},
                            {"changes", c.changes},
                            {"slides", c.slides},
                            {"notCleaned", c.notCleaned},
                            {"findingsAfter", c.findingsAfter}});
}

void AuditRecorder::pacsSent(const std::string& node, const std::string& destination,
                             const std::string& receipt, int sent, int failed, bool cancelled) {
    record("pacs-send", {{"node", q(node)},
                         {"destination", q(destination)},
                         {"receipt", q(receipt)},
                         {"sent", sent},
                         {"failed", failed},
                         {"cancelled", cancelled}});
}

} // namespace veil
