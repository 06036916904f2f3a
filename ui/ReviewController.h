#pragma once
// Owns the study's ReviewSession, its store and the undo stack. Every edit is a
// QUndoCommand; after every change (do, undo, redo) the session is saved atomically.
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
    void removeBox(const std::string& id);
    void changeBox(const std::string& id, const QRect& rect);
    void decide(const std::vector<std::string>& findingIds, Decision d, const QString& text);
    void setReviewed(const std::string& uid, bool reviewed, const std::string& by, const std::string& reason);
    void setProfile(const ProfileChoice& profile);
    // Not undoable and not worth an undo step: which frames the reviewer has looked at.
    void markFrameSeen(const std::string& uid, int frame);
    std::string newBoxId() { return m_session.newBoxId(); }

    // Used by the commands: replace the session state and save.
    void apply(const ReviewSession& state);

signals:
    void changed();
    void saveFailed(const QString& message);

private:
    void save();

    ReviewSession m_session;
    std::unique_ptr<ReviewStore> m_store;
    QUndoStack m_undo;
};

} // namespace veil::ui
