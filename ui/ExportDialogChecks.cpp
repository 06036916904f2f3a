// ExportDialog's preflight checks, apart from the dialog's layout and run: the release's
// expected accession list (study/AccessionCheck) and MR series whose face can be rebuilt.
#include "ExportDialog.h"

#include "common/Error.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

QWidget* ExportDialog::buildAccessions() {
    auto* box = new QGroupBox(tr("Release completeness"));
    auto* choose = new QPushButton(tr("Expected accessions…"));
    choose->setToolTip(tr("The accession numbers this release must hold: one per line, or a CSV "
                          "with an Accession column"));
    m_clearAccessions = new QPushButton(tr("No list"));
    m_accessionResult = new QLabel(tr("No accession list: completeness is not checked."));
    m_accessionResult->setWordWrap(true);
    m_accessionResult->setTextFormat(Qt::RichText);
    m_accessionResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_acceptMismatch = new QCheckBox(
        tr("Export although the studies do not match the list (the certificate records it)"));
    m_acceptMismatch->setVisible(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(choose);
    buttons->addWidget(m_clearAccessions);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(buttons);
    layout->addWidget(m_accessionResult);
    layout->addWidget(m_acceptMismatch);
    m_clearAccessions->setEnabled(false);
    connect(choose, &QPushButton::clicked, this, &ExportDialog::chooseAccessionList);
    connect(m_clearAccessions, &QPushButton::clicked, this, &ExportDialog::clearAccessionList);
    connect(m_acceptMismatch, &QCheckBox::toggled, this, &ExportDialog::refresh);
    return box;
}

void ExportDialog::chooseAccessionList() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Expected accessions"), {},
                                     tr("Accession lists (*.txt *.csv *.tsv);;All files (*)"));
    if (!path.isEmpty())
        setAccessionList(path);
}

bool ExportDialog::setAccessionList(const QString& path) {
    try {
        m_accessions = loadAccessionList(path.toStdString());
    } catch (const Error& e) {
        m_accessions.reset();
        m_acceptMismatch->setChecked(false);
        m_clearAccessions->setEnabled(false);
        refresh();
        m_accessionResult->setText(
            tr("<span style='color:#b00020'>The list cannot be used: %1</span>")
                .arg(QString::fromUtf8(e.what()).toHtmlEscaped()));
        return false;
    }
    m_acceptMismatch->setChecked(false);
    m_clearAccessions->setEnabled(true);
    refresh();
    return true;
}

void ExportDialog::clearAccessionList() {
    m_accessions.reset();
    m_acceptMismatch->setChecked(false);
    m_clearAccessions->setEnabled(false);
    refresh();
}

void ExportDialog::setAcceptAccessionMismatch(bool accept) {
    m_acceptMismatch->setChecked(accept);
}

void ExportDialog::setAcceptMrFacePlane(bool accept) {
    m_mrFacePlane->setChecked(accept);
}

void ExportDialog::showMrFaces(const ExportSettings& s) {
    const std::vector<FlaggedSeries> mr = m_controller->mrFaceSeries(s);
    bool clean = false;
    try {
        clean = m_controller->profile().options.has(Option::CleanRecognizableVisualFeatures);
    } catch (const Error&) {
        // the profile summary says why it cannot be used
    }
    m_mrFaces->setVisible(!mr.empty());
    m_mrFacePlaneUsable = !mr.empty() && clean;
    m_mrFacePlane->setEnabled(m_mrFacePlaneUsable);
    if (mr.empty())
        return;
    QString series;
    for (const FlaggedSeries& f : mr)
        series += QStringLiteral("<br>• ") + q(f.label).toHtmlEscaped();
    const QString what = q(kMrFacePlaneFallbackText).toHtmlEscaped();
    if (!clean)
        m_mrFacePlaneText->setText(
            tr("⚠ These MR series may show a face:%1<br>Clean Recognizable Visual Features is "
               "off (Profile tab), so they are exported as they are. With it on, they are "
               "refused unless this fallback is accepted. %2")
                .arg(series, what));
    else if (m_mrFacePlane->isChecked())
        m_mrFacePlaneText->setText(
            tr("These MR series will have the face-plane fallback applied:%1<br>%2 The "
               "certificate names the method used for each series.")
                .arg(series, what));
    else
        m_mrFacePlaneText->setText(
            tr("⚠ These MR series may show a face:%1<br><b>They cannot be exported with Clean "
               "Recognizable Visual Features unless you accept the fallback</b> (or leave them "
               "out of the scope). %2")
                .arg(series, what));
}

void ExportDialog::showAccessionCheck(const ExportSettings& s) {
    const std::optional<AccessionComparison> c = m_controller->accessionCheck(s);
    m_acceptMismatch->setVisible(c && !c->complete());
    if (!c) {
        m_accessionResult->setText(tr("No accession list: completeness is not checked."));
        return;
    }
    const QString file = QFileInfo(q(m_accessions->file)).fileName().toHtmlEscaped();
    if (c->complete()) {
        m_accessionResult->setText(tr("<b>%1</b>: %2").arg(file, q(c->text()).toHtmlEscaped()));
        return;
    }
    QString lines;
    for (const std::string& line : c->problems())
        lines += QStringLiteral("<br>• ") + q(line).toHtmlEscaped();
    m_accessionResult->setText(tr("<b>%1</b>: <span style='color:#b00020'>%2</span>%3")
                                   .arg(file, q(c->text()).toHtmlEscaped(), lines));
}

} // namespace veil::ui
