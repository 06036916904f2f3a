#pragma once
// Owns the study's ReviewSession, its store and the undo stack. Every edit is a
// QUndoCommand; after every change (do, undo, redo) the session is saved atomically.
// Sign-offs vouch for the review as it was: any other change clears them (in the same undo
// step, so undoing the change brings them back).
#include "audit/AuditRecorder.h"
#include "review/ReviewSession.h"
#include "review/ReviewStore.h"

#include <QObject>
#include <QUndoStack>
#include <memory>

namespace veil::ui {

class ReviewController : public QObject {
    Q_OBJECT
public:
    explicit ReviewController(QObject* parent = nullptr);

    // Loads (or starts) the review for what was opened. Returns an error message for a
    // damaged file (the damaged file is kept aside, never overwritten).
    QString open(const QStringList& inputs);
    void close();

    const ReviewSession& session() const { return m_session; }
    QUndoStack* undoStack() { return &m_undo; }
    QString storePath() const { return m_store ? m_store->path() : QString(); }

    void addBox(const ReviewBox& box, const QString& text);
    // Several boxes in one undo step (a box for a whole series or device); empty ids are given one.
    void addBoxes(const std::vector<ReviewBox>& boxes, const QString& text);
    void removeBox(const std::string& id);
    void changeBox(const std::string& id, const QRect& rect);
    void decide(const std::vector<std::string>& findingIds, Decision d, const QString& text);
    void setReviewed(const std::string& uid, bool reviewed, const std::string& by,
                     const std::string& reason);
    // One undo step for many instances ("Mark series reviewed…", "Approve in bulk…").
    void setReviewedMany(const std::vector<std::string>& uids, bool reviewed, const std::string& by,
                         const std::string& reason, const QString& text);
    void addSignOff(const SignOff& signOff);
    void clearSignOffs();
    void setProfile(const ProfileChoice& profile);
    // Not undoable and not worth an undo step: which frames the reviewer has looked at.
    void markFrameSeen(const std::string& uid, int frame);
    std::string newBoxId() { return m_session.newBoxId(); }

    // How a session change came about, for the audit (core's word for it).
    using Cause = veil::ReviewChange;
    // Used by the commands: replace the session state and save.
    void apply(const ReviewSession& state, Cause cause, const QString& text);

signals:
    void changed();
    void saveFailed(const QString& message);
    // A review was opened (or closed): a new session, not an edit.
    void opened();
    // Every edit, undo and redo, with the sessions either side (frames seen excepted).
    void edited(const veil::ReviewSession& before, const veil::ReviewSession& after,
                veil::ui::ReviewController::Cause cause, const QString& text);
    // A frame was shown for the first time (a multi-frame image may now be reviewed).
    void frameSeen();
    // An edit after signing cleared `count` sign-offs.
    void signOffsCleared(int count);

private:
    void save();
    // Pushes the edit as one undo step; clears the sign-offs when anything else changed.
    void push(ReviewSession after, const QString& text);

    ReviewSession m_session;
    std::unique_ptr<ReviewStore> m_store;
    QUndoStack m_undo;
};

} // namespace veil::ui
