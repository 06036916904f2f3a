#include "ReviewActions.h"

#include "FindingsController.h"
#include "ReviewAudit.h"
#include "ReviewController.h"
#include "Settings.h"
#include "SignOffDialog.h"
#include "SliceView.h"
#include "ViewerPanel.h"
#include "review/ReviewProfile.h"
#include "study/FaceRisk.h"
#include "study/StudyItemModel.h"

#include <QAction>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

template <typename Dialog> Dialog* openNonModal(Dialog* d) {
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowModality(Qt::NonModal);
    d->show();
    d->raise();
    d->activateWindow();
    return d;
}

} // namespace

ReviewActions::ReviewActions(const ReviewActionsContext& context, QObject* parent)
    : QObject(parent), m_ctx(context),
      m_audit(new ReviewAudit(
          context.review,
          [f = context.findings](const std::string& id) { return f->findingBox(id); }, this)),
      m_export(
          new ExportController(context.review, context.findings, context.study, m_audit, this)),
      m_slides(new SlideExporter(context.findings, this)) {
    connect(m_audit, &ReviewAudit::failed, this, &ReviewActions::message);
    connect(m_ctx.review, &ReviewController::signOffsCleared, this, [this](int n) {
        emit message(tr("The review changed after signing: %n sign-off(s) withdrawn. Sign off "
                        "again before exporting (Edit › Undo brings them back).",
                        nullptr, n));
    });
    connect(m_slides, &SlideExporter::finished, this, &ReviewActions::onSlidesWritten);
}

ReviewActions::~ReviewActions() = default;

void ReviewActions::addFileMenu(QMenu* file) {
    m_exportAction = file->addAction(tr("&Export…"), this, [this] { openExport(); });
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &Slide…"), this, &ReviewActions::exportSlide);
}

void ReviewActions::addReviewMenu(QMenu* review) {
    review->addAction(tr("&Approve Study in Bulk…"), this, [this] { askBulkReason(true); });
    review->addSeparator();
    QAction* sign = review->addAction(tr("Sign &Off…"), this, [this] { openSignOff(); });
    sign->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    review->addAction(tr("&Withdraw Sign-offs"), this, [this] {
        m_ctx.review->clearSignOffs();
        emit message(tr("Sign-offs withdrawn."));
    });
    review->addSeparator();
    review->addAction(tr("Reviewer &Name…"), this, &ReviewActions::askReviewerName);
}

ReleaseLevel ReviewActions::level() const {
    return settingsFromChoice(m_ctx.review->session().profile()).level;
}

std::set<std::string> ReviewActions::around(bool wholeStudy) const {
    const InstanceInfo* current = m_ctx.viewer->instance();
    if (!current)
        return {};
    for (const PatientNode& p : m_ctx.study->index().patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series)
                for (const InstanceInfo& i : se.instances) {
                    if (i.sopInstanceUid != current->sopInstanceUid)
                        continue;
                    std::set<std::string> out;
                    for (const SeriesNode& s : st.series)
                        if (wholeStudy || &s == &se)
                            for (const InstanceInfo& each : s.instances)
                                out.insert(each.sopInstanceUid);
                    return out;
                }
    return {};
}

std::set<std::string> ReviewActions::currentSeries() const {
    return around(false);
}
std::set<std::string> ReviewActions::currentStudy() const {
    return around(true);
}

ExportScopes ReviewActions::scopes() const {
    ExportScopes s;
    s.everything = m_ctx.study->index().instanceCount();
    s.study = currentStudy();
    s.series = currentSeries();
    if (m_ctx.selection)
        s.selection = m_ctx.selection();
    return s;
}

int ReviewActions::approve(const std::set<std::string>& uids, const QString& reason,
                           const QString& what) {
    if (reason.trimmed().isEmpty() || uids.empty())
        return -1;
    m_ctx.review->setReviewedMany({uids.begin(), uids.end()}, true,
                                  ReviewAudit::reviewerName().toStdString(),
                                  reason.trimmed().toStdString(), what);
    int pending = 0;
    for (const std::string& uid : uids)
        if (const InstanceInfo* i = m_ctx.study->index().findInstance(uid))
            pending += m_ctx.findings->status(*i).state == ReviewState::Pending;
    emit message(pending == 0 ? tr("%1: %n image(s) reviewed.", nullptr, int(uids.size())).arg(what)
                              : tr("%1: %n image(s) still pending: decide their findings first.",
                                   nullptr, pending)
                                    .arg(what));
    return pending;
}

int ReviewActions::markSeriesReviewed(const QString& reason) {
    return approve(currentSeries(), reason, tr("Mark series reviewed"));
}

int ReviewActions::approveStudy(const QString& reason) {
    return approve(currentStudy(), reason, tr("Approve study in bulk"));
}

void ReviewActions::askBulkReason(bool wholeStudy) {
    const std::set<std::string> uids = around(wholeStudy);
    if (uids.empty()) {
        emit message(tr("Open a study and choose an image first."));
        return;
    }
    bool ok = false;
    const QString reason = QInputDialog::getText(
        m_ctx.window, wholeStudy ? tr("Approve study in bulk") : tr("Mark series reviewed"),
        tr("%n image(s) count as reviewed without every frame being looked at.\n"
           "Why? (recorded in the review and the audit log)",
           nullptr, int(uids.size())),
        QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    if (reason.trimmed().isEmpty()) {
        emit message(tr("Nothing marked: a bulk approval needs a reason."));
        return;
    }
    wholeStudy ? approveStudy(reason) : markSeriesReviewed(reason);
}

void ReviewActions::askReviewerName() {
    bool ok = false;
    const QString name =
        QInputDialog::getText(m_ctx.window, tr("Reviewer name"),
                              tr("Your name, as the audit log records your decisions:"),
                              QLineEdit::Normal, ReviewAudit::reviewerName(), &ok);
    if (ok && !name.trimmed().isEmpty()) {
        ReviewAudit::setReviewerName(name);
        emit message(tr("Decisions are now recorded as %1.").arg(name.simplified()));
    }
}

QString ReviewActions::riskNote() const {
    const StudyIndex& index = m_ctx.study->index();
    const AtRiskReview r =
        atRiskReview(m_ctx.review->session(), index, {}, m_ctx.findings->findingsByInstance());
    if (r.atRisk == 0)
        return {};
    std::map<std::string, int> warnings;
    for (const InstanceInfo* i : index.instances())
        for (const std::string& w : burnedInRisk(*i).warnings)
            ++warnings[w];
    QString html =
        tr("<p><b>Images at risk of burned-in text: %1.</b>").arg(q(r.message()).toHtmlEscaped());
    if (!r.notLookedAt.empty())
        html += tr(" The others were approved in bulk with a reason.");
    for (const auto& [w, n] : warnings)
        html += tr("<br>⚠ %1 (%n image(s))", nullptr, n).arg(q(w).toHtmlEscaped());
    return html + "</p>";
}

SignOffDialog* ReviewActions::openSignOff() {
    auto* d = new SignOffDialog(level(), m_ctx.review->session().signOffs(), m_ctx.window);
    // The logged-in user's display name, never someone who has already signed: the next
    // signer is another person.
    const QString me = ReviewAudit::reviewerName();
    bool signedAlready = false;
    for (const SignOff& s : m_ctx.review->session().signOffs())
        signedAlready |= samePerson(s.name, me.toStdString());
    if (!signedAlready)
        d->setName(me);
    d->setRiskNote(riskNote());
    std::vector<std::string> faces;
    for (const FlaggedSeries& f : seriesThatMayShowFace(m_ctx.study->index()))
        faces.push_back(f.label);
    d->setFaceSeries(faces);
    if (approverOf(m_ctx.review->session().signOffs()) == nullptr &&
        !m_ctx.review->session().signOffs().empty())
        d->setRole(SignOffRole::Approver); // a reviewer has signed: the approver is next
    connect(d, &SignOffDialog::signedOff, this, [this](const SignOff& s) {
        m_ctx.review->addSignOff(s);
        if (s.role == SignOffRole::Reviewer)
            ReviewAudit::setReviewerName(QString::fromStdString(s.name));
        emit message(tr("Signed off by %1 as %2.").arg(q(s.name), q(roleName(s.role))));
    });
    return openNonModal(d);
}

ExportDialog* ReviewActions::openExport() {
    auto* d = new ExportDialog(m_export, scopes(), m_ctx.window);
    connect(m_ctx.review, &ReviewController::changed, d, &ExportDialog::refresh);
    return openNonModal(d);
}

void ReviewActions::exportSlide() {
    const InstanceInfo* i = m_ctx.viewer->instance();
    if (!i || !i->hasPixelData) {
        emit message(tr("Choose an image to export as a slide."));
        return;
    }
    SlideChoice choice;
    choice.frames = {m_ctx.viewer->currentFrame()};
    if (i->frames > 1) {
        bool ok = false;
        const QString text = QInputDialog::getText(
            m_ctx.window, tr("Export slides"),
            tr("Frames to export (1 to %1; e.g. \"3\", \"1-4, 9\" or \"all\"):").arg(i->frames),
            QLineEdit::Normal, QString::number(m_ctx.viewer->currentFrame() + 1), &ok);
        if (!ok)
            return;
        const auto frames = SlideExporter::parseFrames(text, i->frames);
        if (!frames) {
            emit message(tr("No slide exported: \"%1\" names no frame of this image.").arg(text));
            return;
        }
        choice.frames = *frames;
    }
    choice.output = QFileDialog::getSaveFileName(
        m_ctx.window, tr("Export slide (no metadata)"), Settings::lastSlideFile(),
        tr("PNG images (*.png);;JPEG images (*.jpg *.jpeg)"));
    if (choice.output.isEmpty())
        return;
    Settings::setLastSlideFile(choice.output);
    choice.format = SlideExporter::formatFor(choice.output);
    choice.window = m_ctx.viewer->view()->window();
    std::vector<SlideRequest> slides = m_slides->requests(*i, choice);
    SlideOptions options;
    options.format = choice.format;
    if (const auto warning = wholeVolumeWarning(slides, options.wholeVolumeThreshold)) {
        if (QMessageBox::question(m_ctx.window, tr("Export a whole volume?"),
                                  tr("%1\n\nExport them all anyway?").arg(q(*warning))) !=
            QMessageBox::Yes)
            return;
        options.confirmed = true;
    }
    if (m_slides->start(std::move(slides), options))
        emit message(tr("Writing %n slide(s)…", nullptr, int(choice.frames.size())));
}

void ReviewActions::onSlidesWritten(const SlideExportResult& r) {
    if (r.needsConfirmation) {
        emit message(tr("No slide written: %1").arg(q(r.warning)));
        return;
    }
    QString text = tr("%n slide(s) written", nullptr, int(r.written.size()));
    if (!r.written.empty())
        text += tr(" (%1)").arg(q(r.written.front().parent_path().string()));
    if (!r.errors.empty())
        text += tr("; %n failed: %1", nullptr, int(r.errors.size())).arg(q(r.errors.front()));
    emit message(text);
}

} // namespace veil::ui
