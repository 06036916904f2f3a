#include "ReviewController.h"

#include "common/Error.h"

#include <QFile>
#include <QRect>
#include <QUndoCommand>
#include <utility>

namespace veil::ui {

namespace {
// Each command keeps the whole session before and after: sessions are small values,
// and a snapshot can never drift from what the edit really did.
class SnapshotCommand : public QUndoCommand {
public:
    SnapshotCommand(ReviewController* c, ReviewSession before, ReviewSession after,
                    const QString& text)
        : QUndoCommand(text), m_c(c), m_before(std::move(before)), m_after(std::move(after)) {}
    void undo() override { m_c->apply(m_before, ReviewController::Cause::Undo, text()); }
    void redo() override {
        m_c->apply(m_after, m_done ? ReviewController::Cause::Redo : ReviewController::Cause::Edit,
                   text());
        m_done = true;
    }

private:
    ReviewController* m_c;
    ReviewSession m_before, m_after;
    bool m_done = false; // the first redo() is the edit itself
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
        emit opened();
        emit changed();
        return QString::fromStdString(e.what());
    }
    emit opened();
    emit changed();
    return {};
}

void ReviewController::close() {
    m_undo.clear();
    m_store.reset();
    m_session = {};
    emit opened();
    emit changed();
}

void ReviewController::apply(const ReviewSession& state, Cause cause, const QString& text) {
    // Frames seen are facts, not edits: undo never forgets that a frame was looked at.
    ReviewSession next = state;
    for (const auto& [uid, review] : m_session.instances())
        for (int frame : review.framesSeen)
            next.markFrameSeen(uid, frame);
    const ReviewSession before = std::exchange(m_session, std::move(next));
    save();
    emit edited(before, m_session, cause, text);
    emit changed();
}

void ReviewController::push(ReviewSession after, const QString& text) {
    const std::size_t signedOff = m_session.signOffs().size();
    const bool clears = signedOff > 0 && after.signOffs() == m_session.signOffs();
    if (clears)
        after.clearSignOffs();
    m_undo.push(new SnapshotCommand(this, m_session, std::move(after), text));
    if (clears)
        emit signOffsCleared(int(signedOff));
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
    addBoxes({box}, text);
}

void ReviewController::addBoxes(const std::vector<ReviewBox>& boxes, const QString& text) {
    ReviewSession after = m_session;
    for (ReviewBox b : boxes) {
        if (b.id.empty())
            b.id = after.newBoxId();
        after.putBox(b);
    }
    push(std::move(after), text);
}

void ReviewController::removeBox(const std::string& id) {
    ReviewSession after = m_session;
    if (!after.removeBox(id))
        return;
    push(std::move(after), tr("Delete box"));
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
    push(std::move(after), tr("Move box"));
}

void ReviewController::decide(const std::vector<std::string>& ids, Decision d,
                              const QString& text) {
    ReviewSession after = m_session;
    for (const std::string& id : ids)
        after.setDecision(id, d);
    if (after == m_session)
        return;
    push(std::move(after), text);
}

void ReviewController::setReviewed(const std::string& uid, bool reviewed, const std::string& by,
                                   const std::string& reason) {
    ReviewSession after = m_session;
    after.setReviewed(uid, reviewed, by, reason);
    if (after == m_session)
        return;
    push(std::move(after), reviewed ? tr("Mark reviewed") : tr("Mark not reviewed"));
}

void ReviewController::setReviewedMany(const std::vector<std::string>& uids, bool reviewed,
                                       const std::string& by, const std::string& reason,
                                       const QString& text) {
    ReviewSession after = m_session;
    for (const std::string& uid : uids)
        after.setReviewed(uid, reviewed, by, reason);
    if (after == m_session)
        return;
    push(std::move(after), text);
}

void ReviewController::addSignOff(const SignOff& signOff) {
    ReviewSession after = m_session;
    after.addSignOff(signOff);
    // Not through push(): signing is the one change that keeps the other sign-offs.
    m_undo.push(new SnapshotCommand(this, m_session, std::move(after),
                                    tr("Sign off as %1").arg(roleName(signOff.role))));
}

void ReviewController::clearSignOffs() {
    if (m_session.signOffs().empty())
        return;
    ReviewSession after = m_session;
    after.clearSignOffs();
    m_undo.push(new SnapshotCommand(this, m_session, std::move(after), tr("Withdraw sign-offs")));
}

void ReviewController::setProfile(const ProfileChoice& profile) {
    ReviewSession after = m_session;
    after.setProfile(profile);
    if (after == m_session)
        return;
    push(std::move(after), tr("Change profile"));
}

void ReviewController::markFrameSeen(const std::string& uid, int frame) {
    if (m_session.instance(uid).framesSeen.count(frame))
        return;
    m_session.markFrameSeen(uid, frame);
    save();
    emit frameSeen();
}

} // namespace veil::ui
