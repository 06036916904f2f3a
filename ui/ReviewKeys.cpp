#include "ReviewKeys.h"

#include "FindingsController.h"
#include "ReviewController.h"
#include "ViewerPanel.h"
#include "study/StudyItemModel.h"

#include <QAction>
#include <QInputDialog>
#include <QMenu>
#include <QTableView>

namespace veil::ui {

namespace {

QAction* action(QObject* parent, const QString& text, const QKeySequence& key, const QString& tip) {
    auto* a = new QAction(text, parent);
    a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    a->setToolTip(tip);
    a->setStatusTip(tip);
    return a;
}

} // namespace

ReviewKeys::ReviewKeys(const ReviewKeysContext& context, QObject* parent)
    : QObject(parent), m_ctx(context) {
    m_redact = action(this, tr("&Redact Finding"), QKeySequence(Qt::Key_A),
                      tr("Redact the current finding (A)"));
    m_keep = action(this, tr("&Keep Finding"), QKeySequence(Qt::Key_R),
                    tr("Keep the current finding: the text stays (R)"));
    m_next = action(this, tr("&Next Undecided Finding"), QKeySequence(Qt::Key_N),
                    tr("Go to the next finding with no decision, on this image or the next (N)"));
    m_suggested = action(this, tr("&Decide Image as Suggested"), QKeySequence(Qt::Key_D),
                         tr("Every undecided finding of this image: identifying text (red) "
                            "redacted, other text (amber) kept (D)"));
    m_clean = action(this, tr("Image &Looks Clean"), QKeySequence(Qt::Key_Return),
                     tr("Mark this image as looked at and go to the next image to review (Enter)"));
    m_clean->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_series =
        action(this, tr("Approve &Series in Bulk…"), QKeySequence(Qt::SHIFT | Qt::Key_Return),
               tr("Count every image of this series as reviewed, with a reason (Shift+Enter)"));
    m_series->setShortcuts(
        {QKeySequence(Qt::SHIFT | Qt::Key_Return), QKeySequence(Qt::SHIFT | Qt::Key_Enter)});
    connect(m_redact, &QAction::triggered, this, &ReviewKeys::redact);
    connect(m_keep, &QAction::triggered, this, &ReviewKeys::keep);
    connect(m_next, &QAction::triggered, this, &ReviewKeys::nextUndecided);
    connect(m_suggested, &QAction::triggered, this, &ReviewKeys::decideAsSuggested);
    connect(m_clean, &QAction::triggered, this, &ReviewKeys::looksClean);
    connect(m_series, &QAction::triggered, this, [this] { approveSeries(); });

    struct Step {
        QString text;
        QList<QKeySequence> keys;
        std::function<void()> run;
    };
    const Step steps[] = {
        {tr("Next Image"), {QKeySequence(Qt::Key_Down)}, [this] { stepImage(1); }},
        {tr("Previous Image"), {QKeySequence(Qt::Key_Up)}, [this] { stepImage(-1); }},
        {tr("Next Frame or Image"),
         {QKeySequence(Qt::Key_PageDown)},
         [this] { stepFrameOrImage(1); }},
        {tr("Previous Frame or Image"),
         {QKeySequence(Qt::Key_PageUp)},
         [this] { stepFrameOrImage(-1); }},
        {tr("Next Frame"), {QKeySequence(Qt::Key_Right)}, [this] { stepFrame(1); }},
        {tr("Previous Frame"), {QKeySequence(Qt::Key_Left)}, [this] { stepFrame(-1); }},
    };
    for (const Step& s : steps) {
        QAction* a = action(this, s.text, s.keys.front(), s.text);
        connect(a, &QAction::triggered, this, s.run);
        m_view.push_back(a);
    }
}

void ReviewKeys::addToMenus(QMenu* review, QMenu* view) {
    for (QAction* a : {m_redact, m_keep, m_next, m_suggested})
        review->addAction(a);
    review->addSeparator();
    review->addAction(m_clean);
    review->addAction(m_series);
    for (QAction* a : m_view)
        view->addAction(a);
}

QStringList ReviewKeys::bulkReasons() {
    return {tr("Scrolled through the series: no burned-in text beyond the findings decided"),
            tr("Same device and layout as the images looked at; no burned-in text"),
            tr("Localiser and reconstruction images without annotations")};
}

QString ReviewKeys::keymapText() {
    return tr("A  redact the current finding\n"
              "R  keep the current finding\n"
              "N  next undecided finding\n"
              "D  decide this image as suggested: identifying text redacted, other text kept\n"
              "Enter  image looks clean: mark it and go to the next image to review\n"
              "Shift+Enter  approve the series in bulk (with a reason)\n"
              "Up / Down  previous / next image\n"
              "PgUp / PgDn  previous / next frame, then image\n"
              "Left / Right  previous / next frame\n"
              "B  draw a box      Delete  remove the selected box\n"
              "W / Shift+W  next / previous window preset (View › Window)\n"
              "Space  play a cine      T  see through redactions\n"
              "O  show / hide the overlay planes (60xx graphics and text)\n"
              "Ctrl+Z / Ctrl+Shift+Z  undo / redo      Ctrl+Shift+S  sign off      Ctrl+E  export");
}

const InstanceInfo* ReviewKeys::current() const {
    return m_ctx.viewer->instance();
}

std::vector<const InstanceInfo*> ReviewKeys::order() const {
    return m_ctx.study->index().instances();
}

void ReviewKeys::goTo(const InstanceInfo* info) {
    if (info)
        m_ctx.select(info->sopInstanceUid);
}

const InstanceInfo* ReviewKeys::nextPending() const {
    const std::vector<const InstanceInfo*> all = order();
    const InstanceInfo* cur = current();
    std::size_t start = 0;
    for (std::size_t k = 0; k < all.size(); ++k)
        if (cur && all[k]->sopInstanceUid == cur->sopInstanceUid)
            start = k + 1;
    for (std::size_t k = 0; k < all.size(); ++k) {
        const InstanceInfo* i = all[(start + k) % all.size()];
        if (m_ctx.findings->status(*i).state == ReviewState::Pending)
            return i;
    }
    return nullptr;
}

int ReviewKeys::firstUnseenFrame(const InstanceInfo& info) const {
    const InstanceReview r = m_ctx.review->session().instance(info.sopInstanceUid);
    for (int f = 0; f < info.frames; ++f)
        if (!r.framesSeen.count(f))
            return f;
    return -1;
}

void ReviewKeys::decide(Decision d) {
    FindingsPanel* panel = m_ctx.findings->panel();
    if (!current()) {
        emit message(tr("Open a study first: File › Open."));
        return;
    }
    if (!panel->decideSelected(d)) {
        emit message(
            tr("No finding on this image: Enter marks it as looking clean, B draws a box."));
        return;
    }
    const int left = panel->undecided();
    emit message(left == 0 ? tr("Every finding on this image is decided: Enter marks the image "
                                "looked at and goes on.")
                           : tr("%n finding(s) left on this image.", nullptr, left));
}

void ReviewKeys::decideAsSuggested() {
    const InstanceInfo* cur = current();
    if (!cur) {
        emit message(tr("Open a study first: File › Open."));
        return;
    }
    std::vector<std::string> redact, keep;
    for (const Finding& f : m_ctx.findings->findingsFor(cur->sopInstanceUid)) {
        const std::string id = idOf(cur->sopInstanceUid, f);
        if (m_ctx.review->session().decision(id) == Decision::Pending)
            (f.phi ? redact : keep).push_back(id);
    }
    if (redact.empty() && keep.empty()) {
        emit message(tr("Nothing undecided on this image: Enter marks it looked at."));
        return;
    }
    m_ctx.review->decide(redact, Decision::Accepted, tr("Redact identifying findings"));
    m_ctx.review->decide(keep, Decision::Rejected, tr("Keep other findings"));
    m_ctx.findings->panel()->selectFirstPending();
    emit message(tr("%1 redacted, %2 kept: Enter marks the image looked at and goes on.")
                     .arg(redact.size())
                     .arg(keep.size()));
}

void ReviewKeys::nextUndecided() {
    FindingsPanel* panel = m_ctx.findings->panel();
    const int before = panel->table()->currentIndex().row();
    if (panel->selectNextPending() && panel->table()->currentIndex().row() != before)
        return;
    const InstanceInfo* cur = current();
    const std::string next =
        m_ctx.findings->nextWithPending(cur ? cur->sopInstanceUid : std::string());
    if (!next.empty() && (!cur || next != cur->sopInstanceUid)) {
        m_ctx.select(next);
        return;
    }
    emit message(tr("No other undecided finding."));
}

void ReviewKeys::looksClean() {
    const InstanceInfo* cur = current();
    if (!cur) {
        emit message(tr("Open a study first: File › Open."));
        return;
    }
    FindingsPanel* panel = m_ctx.findings->panel();
    if (const int left = panel->undecided(); left > 0) {
        panel->selectFirstPending();
        emit message(tr("%n finding(s) on this image have no decision yet: A redacts, R keeps.",
                        nullptr, left));
        return;
    }
    if (cur->hasPixelData) {
        const int unseen = firstUnseenFrame(*cur);
        if (unseen >= 0 && unseen == m_ctx.viewer->currentFrame()) {
            emit message(tr("The image is still loading: look at it, then Enter."));
            return;
        }
        if (unseen >= 0) {
            m_ctx.viewer->showFrame(unseen);
            emit message(tr("Frame %1 of %2 not seen yet: shown. Enter again once you have "
                            "looked at every frame.")
                             .arg(unseen + 1)
                             .arg(cur->frames));
            return;
        }
    }
    const InstanceReview r = m_ctx.review->session().instance(cur->sopInstanceUid);
    if (!r.reviewed && cur->hasPixelData)
        m_ctx.review->setReviewed(cur->sopInstanceUid, true, m_ctx.person().toStdString(), {});
    const InstanceInfo* next = nextPending();
    if (!next) {
        emit message(tr("Every image is reviewed. Sign off: Review › Sign Off… (Ctrl+Shift+S)."));
        return;
    }
    goTo(next);
}

QInputDialog* ReviewKeys::approveSeries() {
    const InstanceInfo* cur = current();
    if (!cur) {
        emit message(tr("Open a study first: File › Open."));
        return nullptr;
    }
    std::vector<std::string> uids;
    for (const InstanceInfo* i : order())
        if (i->seriesInstanceUid == cur->seriesInstanceUid)
            uids.push_back(i->sopInstanceUid);
    auto* d = new QInputDialog(m_ctx.window);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(tr("Approve the series in bulk"));
    d->setLabelText(tr("%n image(s) of this series count as reviewed without each being marked.\n"
                       "Why? (choose or type a reason; recorded in the review and the audit log)",
                       nullptr, int(uids.size())));
    d->setComboBoxItems(bulkReasons());
    d->setComboBoxEditable(true);
    connect(d, &QInputDialog::textValueSelected, this, [this, uids](const QString& reason) {
        if (reason.trimmed().isEmpty()) {
            emit message(tr("Nothing approved: a bulk approval needs a reason."));
            return;
        }
        m_ctx.review->setReviewedMany(uids, true, m_ctx.person().toStdString(),
                                      reason.trimmed().toStdString(), tr("Approve series in bulk"));
        int pending = 0;
        for (const std::string& uid : uids)
            if (const InstanceInfo* i = m_ctx.study->index().findInstance(uid))
                pending += m_ctx.findings->status(*i).state == ReviewState::Pending;
        emit message(
            pending == 0
                ? tr("Series approved in bulk: %n image(s) reviewed.", nullptr, int(uids.size()))
                : tr("Series approved in bulk; %n image(s) still have undecided findings.", nullptr,
                     pending));
        const InstanceInfo* cur = current();
        if (cur && m_ctx.findings->status(*cur).state == ReviewState::Pending)
            return; // its own findings first
        goTo(nextPending());
    });
    // Keys go back to the window once the dialog is gone, whatever the window manager does.
    connect(d, &QDialog::finished, m_ctx.window, [w = m_ctx.window] { w->activateWindow(); });
    d->open();
    return d;
}

void ReviewKeys::stepImage(int delta) {
    const std::vector<const InstanceInfo*> all = order();
    const InstanceInfo* cur = current();
    for (std::size_t k = 0; k < all.size(); ++k)
        if (cur && all[k]->sopInstanceUid == cur->sopInstanceUid) {
            const long to = long(k) + delta;
            if (to >= 0 && to < long(all.size()))
                goTo(all[std::size_t(to)]);
            else
                emit message(delta > 0 ? tr("This is the last image.")
                                       : tr("This is the first image."));
            return;
        }
    if (!all.empty())
        goTo(all.front());
}

void ReviewKeys::stepFrame(int delta) {
    const InstanceInfo* cur = current();
    const int f = m_ctx.viewer->currentFrame() + delta;
    if (cur && f >= 0 && f < cur->frames)
        m_ctx.viewer->showFrame(f);
    else
        emit message(cur && cur->frames > 1 ? tr("No frame beyond this one.")
                                            : tr("This image has one frame: Up/Down step images."));
}

void ReviewKeys::stepFrameOrImage(int delta) {
    const InstanceInfo* cur = current();
    const int f = m_ctx.viewer->currentFrame() + delta;
    if (cur && cur->frames > 1 && f >= 0 && f < cur->frames)
        m_ctx.viewer->showFrame(f);
    else
        stepImage(delta);
}

} // namespace veil::ui
