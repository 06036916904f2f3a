#include "ReviewAudit.h"

#include "Settings.h"
#include "common/Error.h"
#include "export/ExportJob.h"
#include "review/ReviewProfile.h"
#include "review/SignerKey.h"

#include <QDir>
#include <QJsonArray>
#include <set>

namespace veil::ui {

namespace {

bool sameMark(const InstanceReview& a, const InstanceReview& b) {
    return a.reviewed == b.reviewed && a.reviewedBy == b.reviewedBy && a.bulkReason == b.bulkReason;
}

template <typename Map> std::set<std::string> keysOf(const Map& a, const Map& b) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a)
        keys.insert(k);
    for (const auto& [k, v] : b)
        keys.insert(k);
    return keys;
}

bool contains(const std::vector<SignOff>& list, const SignOff& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

} // namespace

ReviewAudit::ReviewAudit(ReviewController* review, FindingBox findingBox, QObject* parent)
    : QObject(parent), m_review(review), m_findingBox(std::move(findingBox)) {
    connect(m_review, &ReviewController::edited, this, &ReviewAudit::recordChange);
    connect(m_review, &ReviewController::opened, this, [this] { m_recorder.reset(); });
}

ReviewAudit::~ReviewAudit() = default;

QString ReviewAudit::pathFor(const QString& reviewFile) {
    return reviewFile + ".audit.jsonl";
}

QString ReviewAudit::path() const {
    const QString store = m_review->storePath();
    return store.isEmpty() ? QString() : pathFor(store);
}

QString ReviewAudit::reviewerName() {
    const QString set = Settings::reviewerName();
    if (!set.isEmpty())
        return set;
    // The account at the keyboard: never "unknown" while there is one.
    const QString user = QString::fromStdString(loginName());
    return user.isEmpty() ? QDir::home().dirName() : user;
}

void ReviewAudit::setReviewerName(const QString& name) {
    Settings::setReviewerName(name);
}

AuditRecorder* ReviewAudit::recorder() {
    const QString file = path();
    if (file.isEmpty())
        return nullptr;
    const std::string person = reviewerName().toStdString();
    if (!m_recorder || file != m_openPath || person != m_openPerson) {
        m_recorder.reset();
        m_recorder = std::make_unique<AuditRecorder>(file, person);
        m_openPath = file;
        m_openPerson = person;
    }
    return m_recorder.get();
}

template <typename F> void ReviewAudit::guarded(F&& write) {
    try {
        if (AuditRecorder* a = recorder())
            write(*a);
    } catch (const std::exception& e) {
        m_recorder.reset(); // reopened (and its head re-read) next time
        emit failed(tr("The audit log could not be written: %1").arg(QString::fromUtf8(e.what())));
    }
}

void ReviewAudit::recordChange(const ReviewSession& before, const ReviewSession& after,
                               ReviewController::Cause cause, const QString& text) {
    guarded([&](AuditRecorder& a) {
        a.reviewStep(cause, text.toStdString()); // undo/redo: the command's text
        recordProfile(a, before.profile(), after.profile());
        recordBoxes(a, before, after);
        recordDecisions(a, before, after);
        recordInstances(a, before, after);
        recordSignOffs(a, before, after, cause, text);
    });
}

void ReviewAudit::recordProfile(AuditRecorder& a, const ProfileChoice& before,
                                const ProfileChoice& after) {
    if (before == after)
        return;
    const ProfileSettings was = settingsFromChoice(before), now = settingsFromChoice(after);
    if (was.level != now.level) {
        a.levelChosen(now.level);
    } else {
        for (const OptionInfo& o : allOptions())
            if (was.options.has(o.option) != now.options.has(o.option))
                a.optionChanged(o.option, now.options.has(o.option));
    }
    try {
        a.profileChosen(profileFromChoice(after));
    } catch (const Error& e) {
        a.profileInvalid(e.detail());
    }
}

void ReviewAudit::recordBoxes(AuditRecorder& a, const ReviewSession& before,
                              const ReviewSession& after) {
    for (const std::string& id : keysOf(before.boxes(), after.boxes())) {
        const std::optional<ReviewBox> was = before.box(id), now = after.box(id);
        if (was && now && *was == *now)
            continue;
        if (was && now) {
            a.boxMoved(*was, *now);
        } else if (now) {
            now->origin == ReviewBox::Origin::Drawn ? a.boxDrawn(*now) : a.boxAccepted(*now);
        } else {
            a.boxRemoved(*was);
        }
    }
}

void ReviewAudit::recordDecisions(AuditRecorder& a, const ReviewSession& before,
                                  const ReviewSession& after) {
    for (const std::string& id : keysOf(before.decisions(), after.decisions())) {
        const Decision was = before.decision(id), now = after.decision(id);
        if (was == now)
            continue;
        if (now == Decision::Rejected) {
            a.boxRejected(id);
        } else if (now == Decision::Accepted) {
            if (const std::optional<ReviewBox> box = m_findingBox ? m_findingBox(id) : std::nullopt)
                a.boxAccepted(*box);
            else
                a.findingAccepted(id);
        } else {
            a.decisionCleared(id, was);
        }
    }
}

void ReviewAudit::recordInstances(AuditRecorder& a, const ReviewSession& before,
                                  const ReviewSession& after) {
    for (const std::string& uid : keysOf(before.instances(), after.instances())) {
        const InstanceReview was = before.instance(uid), now = after.instance(uid);
        if (!sameMark(was, now)) // frames seen alone are not decisions
            a.instanceReviewed(uid, now);
    }
}

void ReviewAudit::recordSignOffs(AuditRecorder& a, const ReviewSession& before,
                                 const ReviewSession& after, ReviewController::Cause cause,
                                 const QString& text) {
    std::vector<SignOff> cleared;
    for (const SignOff& s : before.signOffs())
        if (!contains(after.signOffs(), s))
            cleared.push_back(s);
    if (!cleared.empty()) // by an edit after signing, a withdrawal, or an undo
        a.signOffsCleared(cleared, text.toStdString(), cause);
    for (const SignOff& s : after.signOffs()) {
        if (contains(before.signOffs(), s))
            continue;
        if (cause == ReviewController::Cause::Edit)
            a.signOff(s); // recorded under the signer's name
        else
            a.signOffRestored(s);
    }
}

void ReviewAudit::gateOverride(const GateOverride& override, const VerificationReport& report) {
    guarded([&](AuditRecorder& a) { a.gateOverride(override, report); });
}

void ReviewAudit::exportOutcome(const ExportResult& r) {
    const std::string dest = r.destination.string();
    guarded([&](AuditRecorder& a) {
        switch (r.status) {
        case ExportStatus::Exported: {
            ExportFinished finished;
            finished.files = r.certificate ? int(r.certificate->files.size()) : 0;
            finished.verificationPassed = r.verification.passed();
            finished.certificate = r.certificateFile.string();
            finished.exportAuditLog = r.auditFile.string();
            a.exportFinished(dest, finished);
            return;
        }
        case ExportStatus::Blocked:
            a.verification(r.verification);
            a.exportBlocked(dest, r.message);
            return;
        case ExportStatus::Failed:
            a.exportFailed(dest, r.message);
            return;
        case ExportStatus::Refused:
            a.exportRefused(dest, r.refusal);
            return;
        case ExportStatus::Cancelled:
            a.exportCancelled(dest);
            return;
        }
    });
}

void ReviewAudit::pacsSent(const std::string& node, const std::string& destination,
                           const std::string& receipt, int sent, int failed, bool cancelled) {
    guarded(
        [&](AuditRecorder& a) { a.pacsSent(node, destination, receipt, sent, failed, cancelled); });
}

} // namespace veil::ui
