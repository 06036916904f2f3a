#include "ReviewController.h"

#include "common/Error.h"

#include <QFile>
#include <QRect>
#include <QUndoCommand>

namespace veil::ui {

namespace {
// Each command keeps the whole session before and after: sessions are small values,
// and a snapshot can never drift from what the edit really did.
class SnapshotCommand : public QUndoCommand {
public:
    SnapshotCommand(ReviewController* c, ReviewSession before, ReviewSession after, const QString& text)
        : QUndoCommand(text), m_c(c), m_before(std::move(before)), m_after(std::move(after)) {}
    void undo() override { m_c->apply(m_before); }
    void redo() override { m_c->apply(m_after); }

private:
    ReviewController* m_c;
    ReviewSession m_before, m_after;
};
} // namespace

ReviewController::ReviewController(QObject* parent) : QObject(parent) {}

QString ReviewController::open(const QStringList& inputs) {
    m_undo.clear();
    m_store = std::make_unique<ReviewStore>(inputs);
    try {
        m_session = m_store->load();
    } catch (const Error& e) {
        // Keep the damaged file for inspection and start afresh beside it.
        QFile::rename(m_store->path(), m_store->path() + ".damaged");
        m_session = {};
        emit changed();
        return QString::fromStdString(e.what());
    }
    emit changed();
    return {};
}

void ReviewController::close() {
    m_undo.clear();
    m_store.reset();
    m_session = {};
    emit changed();
}

void ReviewController::apply(const ReviewSession& state) {
    // Frames seen are facts, not edits: undo never forgets that a frame was looked at.
    ReviewSession next = state;
    for (const auto& [uid, review] : m_session.instances())
        for (int frame : review.framesSeen)
            next.markFrameSeen(uid, frame);
    m_session = std::move(next);
    save();
    emit changed();
}

void ReviewController::save() {
    if (!m_store)
        return;
    try {
        m_store->save(m_session);
    } catch (const Error& e) {
        emit saveFailed(QString::fromStdString(e.what()));
    }
}

void ReviewController::addBox(const ReviewBox& box, const QString& text) {
    ReviewSession after = m_session;
    after.putBox(box);
    m_undo.push(new SnapshotCommand(this, m_session, after, text));
}

void ReviewController::removeBox(const std::string& id) {
    ReviewSession after = m_session;
    if (!after.removeBox(id))
        return;
    m_undo.push(new SnapshotCommand(this, m_session, after, tr("Delete box")));
}

void ReviewController::changeBox(const std::string& id, const QRect& r) {
    auto box = m_session.box(id);
    if (!box)
        return;
    ReviewSession after = m_session;
    box->x = r.x();
    box->y = r.y();
    box->w = r.width();
    box->h = r.height();
    after.putBox(*box);
    if (after == m_session)
        return;
    m_undo.push(new SnapshotCommand(this, m_session, after, tr("Move box")));
}

void ReviewController::decide(const std::vector<std::string>& ids, Decision d, const QString& text) {
    ReviewSession after = m_session;
    for (const std::string& id : ids)
        after.setDecision(id, d);
    if (after == m_session)
        return;
    m_undo.push(new SnapshotCommand(this, m_session, after, text));
}

void ReviewController::setReviewed(const std::string& uid, bool reviewed, const std::string& by,
                                   const std::string& reason) {
    ReviewSession after = m_session;
    after.setReviewed(uid, reviewed, by, reason);
    if (after == m_session)
        return;
    m_undo.push(new SnapshotCommand(this, m_session, after, reviewed ? tr("Mark reviewed") : tr("Mark not reviewed")));
}

void ReviewController::setProfile(const ProfileChoice& profile) {
    ReviewSession after = m_session;
    after.setProfile(profile);
    if (after == m_session)
        return;
    m_undo.push(new SnapshotCommand(this, m_session, after, tr("Change profile")));
}

void ReviewController::markFrameSeen(const std::string& uid, int frame) {
    if (m_session.instance(uid).framesSeen.count(frame))
        return;
    m_session.markFrameSeen(uid, frame);
    save();
}

} // namespace veil::ui
