#pragma once
// The study's audit log, written as the review happens: every edit, undo and redo of the
// ReviewController is compared with the session before it and recorded with core's
// AuditRecorder (level, options, profile, boxes drawn/moved/removed, findings accepted or
// rejected, reviewed marks, sign-offs given or cleared), and the export controller adds gate
// overrides and export outcomes. One log per study, beside its review file
// (<review file>.audit.jsonl); never inside an export.
//
// The person is the reviewer name of the settings (Settings::reviewerName), $USER
// when none was given; a sign-off is recorded under the signer's name.
#include "ReviewController.h"
#include "audit/AuditRecorder.h"

#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace veil {
struct ExportResult;
}

namespace veil::ui {

class ReviewAudit : public QObject {
    Q_OBJECT
public:
    // The box a finding id becomes when accepted (FindingsController::findingBox).
    using FindingBox = std::function<std::optional<ReviewBox>(const std::string& findingId)>;

    ReviewAudit(ReviewController* review, FindingBox findingBox, QObject* parent = nullptr);
    ~ReviewAudit() override;

    // <review file>.audit.jsonl; empty when no review is open.
    QString path() const;
    static QString pathFor(const QString& reviewFile);

    // Who is at the keyboard: the "Reviewer name" setting, else the login name.
    static QString reviewerName();
    static void setReviewerName(const QString& name);

    // Export outcomes and the approver's override, recorded in the study's log as well as in
    // the export's own log.
    void gateOverride(const GateOverride& override, const VerificationReport& report);
    void exportOutcome(const ExportResult& result);
    // An export sent to a PACS node: "pacs-send" with the receipt beside the export.
    void pacsSent(const std::string& node, const std::string& destination,
                  const std::string& receipt, int sent, int failed, bool cancelled);

    // Records what changed from `before` to `after` (public for tests).
    void recordChange(const ReviewSession& before, const ReviewSession& after,
                      ReviewController::Cause cause, const QString& text);

signals:
    // The log could not be written (shown in the status bar).
    void failed(const QString& message);

private:
    AuditRecorder* recorder(); // opened on first use, reopened when the person changes
    void recordBoxes(AuditRecorder& a, const ReviewSession& before, const ReviewSession& after);
    void recordDecisions(AuditRecorder& a, const ReviewSession& before, const ReviewSession& after);
    void recordInstances(AuditRecorder& a, const ReviewSession& before, const ReviewSession& after);
    void recordProfile(AuditRecorder& a, const ProfileChoice& before, const ProfileChoice& after);
    void recordSignOffs(AuditRecorder& a, const ReviewSession& before, const ReviewSession& after,
                        ReviewController::Cause cause, const QString& text);
    template <typename F> void guarded(F&& write);

    ReviewController* m_review;
    FindingBox m_findingBox;
    std::unique_ptr<AuditRecorder> m_recorder;
    QString m_openPath;
    std::string m_openPerson;
};

} // namespace veil::ui
