#include "ExportDialog.h"
#include "ProblemText.h"

#include "GateHitsPanel.h"
#include "PacsSendPanel.h"
#include "ReviewAudit.h"
#include "common/Error.h"
#include "deid/ProfileDigest.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// No translation file carries English plurals yet: "1 image", "2 images".
QString images(int n) {
    return n == 1 ? QObject::tr("1 image") : QObject::tr("%1 images").arg(n);
}

QString defaultMappingFile() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    return QDir(dir).filePath(QStringLiteral("mappings/mapping-%1.veilmap").arg(stamp));
}

} // namespace

ExportDialog::ExportDialog(ExportController* controller, ExportScopes scopes, QWidget* parent)
    : QDialog(parent), m_controller(controller), m_scopes(std::move(scopes)) {
    setWindowTitle(tr("Export the reviewed study"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildDestination());
    layout->addWidget(buildScope());
    layout->addWidget(buildProfile());
    layout->addWidget(buildAccessions());
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);
    m_status->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_pending = new QTreeWidget;
    m_pending->setHeaderLabels({tr("Patient"), tr("Series"), tr("Image"), tr("File"), tr("Why")});
    m_pending->setRootIsDecorated(false);
    m_pending->setUniformRowHeights(true);
    m_pending->setTextElideMode(Qt::ElideMiddle);
    m_pending->setMinimumHeight(fontMetrics().lineSpacing() * 6);
    m_pending->setVisible(false);
    layout->addWidget(m_pending, 1);
    m_step = new QLabel;
    m_step->setVisible(false);
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    layout->addWidget(m_step);
    layout->addWidget(m_progress);
    layout->addWidget(buildResults(), 1);
    auto* buttons = new QDialogButtonBox;
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(tr("Cancel export"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setVisible(false);
    m_export->setDefault(true);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, m_controller, &ExportController::cancel);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_controller, &ExportController::progressed, this, &ExportDialog::onProgress);
    connect(m_controller, &ExportController::finished, this, &ExportDialog::onFinished);
    connect(m_controller, &ExportController::keyOpened, this, &ExportDialog::onKeyOpened);
    connect(m_controller, &ExportController::keyNotOpened, this, &ExportDialog::onKeyNotOpened);
    connect(m_hits, &GateHitsPanel::overrideRequested, this, [this](const GateOverride& o) {
        ExportSettings s = settings();
        s.gateOverride = o;
        run(s);
    });
    setMinimumWidth(fontMetrics().averageCharWidth() * 110);
    refresh();
}

QWidget* ExportDialog::buildDestination() {
    auto* box = new QGroupBox(tr("Destination"));
    m_destination = new QLineEdit;
    m_destination->setPlaceholderText(tr("A new folder or .zip file (it must not exist yet)"));
    auto* browse = new QPushButton(tr("Choose…"));
    m_folder = new QRadioButton(tr("Folder"));
    m_zip = new QRadioButton(tr("Zip archive"));
    m_folder->setChecked(true);
    m_dicomdir = new QCheckBox(tr("Add a DICOMDIR (files get ISO 9660 names: PAT00001/…)"));
    auto* where = new QHBoxLayout;
    where->addWidget(m_destination, 1);
    where->addWidget(browse);
    auto* kind = new QHBoxLayout;
    kind->addWidget(m_folder);
    kind->addWidget(m_zip);
    kind->addSpacing(16);
    kind->addWidget(m_dicomdir);
    kind->addStretch();
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(where);
    layout->addLayout(kind);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::chooseDestination);
    connect(m_destination, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    connect(m_zip, &QRadioButton::toggled, this, [this](bool zip) {
        QString d = m_destination->text();
        if (zip && !d.isEmpty() && !d.endsWith(".zip", Qt::CaseInsensitive))
            m_destination->setText(d + ".zip");
        else if (!zip && d.endsWith(".zip", Qt::CaseInsensitive))
            m_destination->setText(d.chopped(4));
        refresh();
    });
    connect(m_dicomdir, &QCheckBox::toggled, this, &ExportDialog::refresh);
    return box;
}

QWidget* ExportDialog::buildScope() {
    auto* box = new QGroupBox(tr("What to export"));
    const QString labels[4] = {tr("Everything opened (%1)").arg(images(m_scopes.everything)),
                               tr("This study (%1)").arg(images(int(m_scopes.study.size()))),
                               tr("This series (%1)").arg(images(int(m_scopes.series.size()))),
                               tr("Selected (%1)").arg(images(int(m_scopes.selection.size())))};
    const bool enabled[4] = {m_scopes.everything > 0, !m_scopes.study.empty(),
                             !m_scopes.series.empty(), !m_scopes.selection.empty()};
    auto* layout = new QHBoxLayout(box);
    for (int i = 0; i < 4; ++i) {
        m_scopeButtons[i] = new QRadioButton(labels[i]);
        m_scopeButtons[i]->setEnabled(enabled[i]);
        connect(m_scopeButtons[i], &QRadioButton::toggled, this, &ExportDialog::refresh);
        layout->addWidget(m_scopeButtons[i]);
    }
    layout->addStretch();
    // Everything open by default: a narrower scope is a choice, never a surprise.
    m_scopeButtons[enabled[0] ? int(Scope::Everything) : int(Scope::Study)]->setChecked(true);
    return box;
}

QString ExportDialog::profileSummary(bool* limited) const {
    try {
        const Profile p = m_controller->profile();
        *limited = p.keepsMapping();
        QStringList options;
        for (Option o : p.options.list())
            options << QString::fromLatin1(optionInfo(o).title);
        const std::vector<std::string> lines = overrideLines(p);
        const int n = int(lines.size());
        return tr("<b>%1</b> level · options: %2 · %3")
            .arg(q(levelName(p.level)),
                 options.isEmpty() ? tr("none") : options.join(QStringLiteral(", ")),
                 n == 0   ? tr("no overrides")
                 : n == 1 ? tr("1 override")
                          : tr("%1 overrides").arg(n));
    } catch (const Error& e) {
        *limited = false;
        return tr("<span style='color:#b00020'>The profile cannot be used: %1</span>")
            .arg(q(e.detail()).toHtmlEscaped());
    }
}

QWidget* ExportDialog::buildProfile() {
    auto* box = new QGroupBox(tr("De-identification (set on the Profile tab)"));
    m_profile = new QLabel;
    m_profile->setWordWrap(true);
    m_profile->setTextFormat(Qt::RichText);
    m_mapping = new QLineEdit;
    m_mapping->setPlaceholderText(
        tr("Where the encrypted mapping table goes (outside the export)"));
    m_mappingBrowse = new QPushButton(tr("Choose…"));
    auto* mapping = new QHBoxLayout;
    mapping->addWidget(m_mapping, 1);
    mapping->addWidget(m_mappingBrowse);
    // MR head series: Clean Recognizable Visual Features refuses them unless the reviewer
    // accepts the face-plane fallback here (core says what it does).
    m_mrFaces = new QWidget;
    m_mrFacePlane = new QCheckBox(tr("Remove the face of MR series with the face-plane fallback"));
    m_mrFacePlaneText = new QLabel;
    m_mrFacePlaneText->setWordWrap(true);
    m_mrFacePlaneText->setTextFormat(Qt::RichText);
    m_mrFacePlaneText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* mr = new QVBoxLayout(m_mrFaces);
    mr->setContentsMargins(0, 0, 0, 0);
    mr->addWidget(m_mrFacePlane);
    mr->addWidget(m_mrFacePlaneText);
    m_mrFaces->setVisible(false);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Profile:"), m_profile);
    form->addRow(tr("Mapping table:"), mapping);
    form->addRow(tr("MR faces:"), m_mrFaces);
    connect(m_mrFacePlane, &QCheckBox::toggled, this, &ExportDialog::refresh);
    connect(m_mapping, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    connect(m_mappingBrowse, &QPushButton::clicked, this, &ExportDialog::chooseMapping);
    return box;
}

QWidget* ExportDialog::buildResults() {
    m_results = new QStackedWidget;
    m_hits = new GateHitsPanel;
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_summary->setOpenExternalLinks(true);
    m_results->addWidget(new QWidget); // NoResultPage
    m_results->addWidget(m_hits);      // BlockedPage
    m_sendPanel = new PacsSendPanel(m_controller->audit());
    auto* done = new QWidget;
    auto* doneLayout = new QVBoxLayout(done);
    doneLayout->setContentsMargins(0, 0, 0, 0);
    doneLayout->addWidget(m_summary, 1);
    doneLayout->addWidget(m_sendPanel);
    m_results->addWidget(done); // DonePage
    return m_results;
}

ExportSettings ExportDialog::settings() const {
    ExportSettings s;
    s.destination = m_destination->text().trimmed();
    s.container = m_zip->isChecked() ? ExportContainer::Zip : ExportContainer::Folder;
    s.dicomdir = m_dicomdir->isChecked();
    if (m_scopeButtons[int(Scope::Study)]->isChecked())
        s.instances = m_scopes.study;
    else if (m_scopeButtons[int(Scope::Series)]->isChecked())
        s.instances = m_scopes.series;
    else if (m_scopeButtons[int(Scope::Selection)]->isChecked())
        s.instances = m_scopes.selection;
    if (m_mapping->isEnabled())
        s.mappingFile = m_mapping->text().trimmed();
    s.expectedAccessions = m_accessions;
    s.acceptAccessionMismatch = m_accessions && m_acceptMismatch->isChecked();
    s.acceptMrFacePlane = m_mrFacePlaneUsable && m_mrFacePlane->isChecked();
    return s;
}

void ExportDialog::setDestination(const QString& path) {
    m_destination->setText(path);
}
void ExportDialog::setContainer(ExportContainer c) {
    (c == ExportContainer::Zip ? m_zip : m_folder)->setChecked(true);
}
void ExportDialog::setDicomdir(bool on) {
    m_dicomdir->setChecked(on);
}
void ExportDialog::setScope(Scope scope) {
    m_scopeButtons[int(scope)]->setChecked(true);
}
void ExportDialog::setMappingFile(const QString& path) {
    m_mapping->setText(path);
}

void ExportDialog::chooseDestination() {
    const bool zip = m_zip->isChecked();
    const QString path = QFileDialog::getSaveFileName(
        this, zip ? tr("Export as a zip archive") : tr("Export into a new folder"),
        m_destination->text(), zip ? tr("Zip archives (*.zip)") : QString(), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_destination->setText(path);
}

void ExportDialog::chooseMapping() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Mapping table"), m_mapping->text(),
                                                      tr("Veil mapping tables (*.veilmap)"));
    if (!path.isEmpty())
        m_mapping->setText(path);
}

void ExportDialog::refresh() {
    if (!m_export)
        return; // still being built
    bool limited = false;
    m_profile->setText(profileSummary(&limited));
    m_mapping->setEnabled(limited);
    m_mappingBrowse->setEnabled(limited);
    if (limited && m_mapping->text().isEmpty()) {
        const QSignalBlocker quiet(m_mapping);
        m_mapping->setText(defaultMappingFile());
    }
    if (m_controller->isRunning() || m_waitingForKey)
        return;
    m_status->setVisible(true);
    ExportSettings s = settings();
    showMrFaces(s); // whether the fallback can be chosen depends on the scope and the profile
    s = settings();
    m_problems = m_controller->preflight(s);
    showAccessionCheck(s);
    const int n = s.instances.empty() ? m_scopes.everything : int(s.instances.size());
    // The pending images go in the list below, by patient, series, image and file.
    const ScopeReview pending = m_controller->pendingReview(s);
    m_pending->clear();
    m_pending->setVisible(!pending.complete());
    if (!pending.complete()) {
        Problems shown;
        for (const std::string& item : m_problems.items)
            shown.add(item == pending.message()
                          ? tr("%1 of %2 are not reviewed yet (listed below).")
                                .arg(int(pending.pending.size()))
                                .arg(images(pending.instances))
                                .toStdString()
                          : item);
        m_problems = shown;
        for (const InstanceStatus& st : pending.pending) {
            const InstanceInfo* i = m_controller->index().findInstance(st.sopInstanceUid);
            if (!i)
                continue;
            auto* row =
                new QTreeWidgetItem({q(i->patientName).replace('^', ' '),
                                     tr("%1 %2").arg(i->seriesNumber).arg(q(i->seriesDescription)),
                                     QString::number(i->instanceNumber),
                                     QFileInfo(q(i->path)).fileName(), q(st.why())});
            row->setToolTip(3, q(i->path));
            m_pending->addTopLevelItem(row);
        }
        for (int c = 0; c < 3; ++c)
            m_pending->resizeColumnToContents(c);
    }
    if (m_problems.ok())
        m_status->setText(tr("<b>Ready to export %1.</b> Everything in scope is reviewed and "
                             "signed off; the export appears only once every file has passed "
                             "the verification gate.")
                              .arg(images(n)));
    else
        m_status->setText(
            tr("<b>Export is not possible yet:</b><br>%1").arg(problemBullets(m_problems)));
    m_export->setEnabled(m_problems.ok());
}

std::optional<PassphraseEntry> ExportDialog::askPassphrase() {
    if (std::optional<PassphraseEntry> env = ExportController::environmentPassphrase())
        return env;
    const bool exists = keyfile::exists(m_controller->keyFile());
    const QString file = q(m_controller->keyFile().string());
    bool ok = false;
    PassphraseEntry entry;
    entry.passphrase = Passphrase(
        QInputDialog::getText(
            this, tr("Project key"),
            exists
                ? tr("Passphrase of the project key\n%1:").arg(file)
                : tr("A new project key will be created at\n%1\nChoose its passphrase:").arg(file),
            QLineEdit::Password, {}, &ok)
            .toStdString());
    if (!ok)
        return std::nullopt;
    if (!exists) { // typed twice, compared by core (keyfile::openEntered)
        entry.repeated =
            Passphrase(QInputDialog::getText(this, tr("Project key"),
                                             tr("Type the new key's passphrase again:"),
                                             QLineEdit::Password, {}, &ok)
                           .toStdString());
        if (!ok)
            return std::nullopt;
    }
    return entry;
}

void ExportDialog::startExport() {
    refresh();
    if (!m_problems.ok())
        return;
    if (m_controller->hasKey()) {
        run(settings());
        return;
    }
    if (!m_controller->isOpeningKey()) { // else a key asked for before is still being opened
        std::optional<PassphraseEntry> entry = askPassphrase();
        if (!entry || !m_controller->openKey(std::move(*entry)))
            return;
    }
    // The key derivation takes about a second on a worker: the dialog says so and can cancel.
    m_waitingForKey = true;
    m_results->setCurrentIndex(NoResultPage);
    setRunning(true);
    m_step->setText(tr("Opening the project key…"));
}

void ExportDialog::onKeyOpened() {
    if (!m_waitingForKey)
        return;
    m_waitingForKey = false;
    setRunning(false);
    refresh(); // the review may have changed meanwhile
    if (m_problems.ok())
        run(settings());
}

void ExportDialog::onKeyNotOpened(const QString& message, bool cancelled) {
    if (!m_waitingForKey)
        return;
    m_waitingForKey = false;
    setRunning(false);
    refresh();
    if (cancelled)
        return;
    m_status->setVisible(true);
    m_status->setText(tr("<b>The project key was not opened:</b> %1").arg(message.toHtmlEscaped()));
}

void ExportDialog::run(const ExportSettings& s) {
    if (!m_controller->start(s))
        return;
    m_results->setCurrentIndex(NoResultPage);
    setRunning(true);
}

void ExportDialog::setRunning(bool running) {
    m_progress->setVisible(running);
    m_step->setVisible(running);
    m_progress->setRange(0, 0);
    m_cancel->setVisible(running);
    m_export->setEnabled(!running && m_problems.ok());
    m_close->setEnabled(!running);
    for (QWidget* w : {static_cast<QWidget*>(m_destination), static_cast<QWidget*>(m_mapping)})
        w->setEnabled(!running && (w != m_mapping || m_mappingBrowse->isEnabled()));
    if (running)
        m_step->setText(tr("Exporting…"));
}

void ExportDialog::onProgress(long done, long total, const QString& what) {
    if (total > 0) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
    }
    if (!what.isEmpty())
        m_step->setText(what);
}

void ExportDialog::onFinished(const ExportResult& r, const QString& pdf, const QString& pdfError) {
    setRunning(false);
    refresh();
    m_status->setVisible(false); // the result below says what happened; an edit brings it back
    m_sendPanel->setExport(r);
    switch (r.status) {
    case ExportStatus::Exported: {
        const Certificate& c = *r.certificate;
        QString text =
            tr("<p><b>Exported %1</b> to<br><a href='%2'>%3</a></p>")
                .arg(images(c.images), QUrl::fromLocalFile(q(r.destination.string())).toString(),
                     q(r.destination.string()).toHtmlEscaped());
        text +=
            tr("<p>Verification: %1, %2 file(s) re-read%3.</p>")
                .arg(c.verification.passed
                         ? tr("passed")
                         : tr("<b>overridden by %1</b>").arg(q(c.verification.override->approver)))
                .arg(c.verification.filesChecked)
                .arg(c.verification.pixelsChecked
                         ? tr(", every frame read again for burned-in text")
                         : tr(", <b>pixels NOT checked</b> (%1)").arg(q(c.verification.pixels)));
        text += pdf.isEmpty() ? tr("<p>Certificate: %1<br>(the PDF could not be written: %2)</p>")
                                    .arg(q(r.certificateFile.string()).toHtmlEscaped(),
                                         pdfError.toHtmlEscaped())
                              : tr("<p>Certificate: <a href='%1'>%2</a><br>and %3</p>")
                                    .arg(QUrl::fromLocalFile(pdf).toString(), pdf.toHtmlEscaped(),
                                         q(r.certificateFile.string()).toHtmlEscaped());
        text +=
            tr("<p>Audit log of the export: %1</p>").arg(q(r.auditFile.string()).toHtmlEscaped());
        m_summary->setText(text);
        m_results->setCurrentIndex(DonePage);
        return;
    }
    case ExportStatus::Blocked: {
        const SignOff* approver = approverOf(m_controller->signOffs());
        m_hits->setReport(
            r.verification, approver ? q(approver->name) : QString(), ReviewAudit::reviewerName(),
            [c = m_controller](const GateOverride& o) { return c->checkOverride(o); });
        m_results->setCurrentIndex(BlockedPage);
        return;
    }
    case ExportStatus::Refused:
    case ExportStatus::Failed:
    case ExportStatus::Cancelled:
        m_summary->setText(tr("<p><b>Export %1:</b> %2</p><p>Nothing was written to the "
                              "destination.</p>")
                               .arg(q(statusName(r.status)), q(r.message).toHtmlEscaped()));
        m_results->setCurrentIndex(DonePage);
        return;
    }
}

} // namespace veil::ui
