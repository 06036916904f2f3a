#include "PacsSendPanel.h"

#include "ReviewAudit.h"
#include "export/ExportJob.h"
#include "pacs/SendReceipt.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace veil::ui {

using namespace veil::pacs;

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

PacsSendPanel::PacsSendPanel(ReviewAudit* audit, QWidget* parent)
    : QWidget(parent), m_audit(audit), m_runner(new PacsRunner(this)) {
    m_node = new QComboBox;
    m_node->setEditable(true);
    m_node->addItems(PacsPreferences::load().nodes);
    m_node->lineEdit()->setPlaceholderText("RESEARCH@pacs.example.org:104");
    m_send = new QPushButton(tr("Send to…"));
    m_send->setToolTip(tr("Send the exported files to this PACS node (C-STORE)"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setVisible(false);
    m_result = new QLabel;
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("PACS node:")));
    row->addWidget(m_node, 1);
    row->addWidget(m_send);
    row->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    setVisible(false);
    connect(m_send, &QPushButton::clicked, this, &PacsSendPanel::send);
    connect(m_cancel, &QPushButton::clicked, m_runner, &PacsRunner::cancel);
    connect(m_runner, &PacsRunner::finished, this, &PacsSendPanel::onFinished);
    connect(m_runner, &PacsRunner::progressed, this, [this](long done, long total, const QString&) {
        m_progress->setRange(0, int(std::max(total, 1L)));
        m_progress->setValue(int(done));
    });
}

void PacsSendPanel::setExport(const ExportResult& r) {
    const bool ok = r.ok();
    setVisible(ok);
    if (!ok)
        return;
    m_destination = r.destination;
    m_exportLog = r.auditFile;
    m_result->clear();
}

void PacsSendPanel::send() {
    if (m_destination.empty() || m_runner->isRunning())
        return;
    PacsPreferences prefs = PacsPreferences::load();
    try {
        m_sendingTo = PacsNode::parse(m_node->currentText().trimmed().toStdString());
    } catch (const std::exception& e) {
        m_result->setText(q(e.what()));
        emit sent(false, m_result->text());
        return;
    }
    prefs.remember(q(m_sendingTo.toString()));
    prefs.save();
    if (!m_runner->send(m_sendingTo, prefs.settings(), {m_destination.string()}))
        return;
    m_send->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    m_result->setText(tr("Sending to %1…").arg(q(m_sendingTo.toString())));
}

void PacsSendPanel::onFinished() {
    m_send->setEnabled(true);
    m_cancel->setEnabled(false);
    m_progress->setVisible(false);
    const PacsOutcome& o = m_runner->outcome();
    const SendReport& report = o.report;
    const std::string node = m_sendingTo.toString();
    QString text;
    if (report.node.empty()) { // no association at all: nothing was sent, nothing to receipt
        text = o.error;
        m_audit->pacsSent(node, m_destination.string(), "", 0, 0, false);
    } else {
        const std::string person = ReviewAudit::reviewerName().toStdString();
        std::vector<std::string> problems;
        m_receipt =
            q(recordExportSend(m_destination, report, person, problems, m_exportLog).string());
        for (const std::string& p : problems)
            text += tr("Not recorded: %1. ").arg(q(p));
        const std::string receipt = m_receipt.toStdString();
        m_audit->pacsSent(node, m_destination.string(), receipt, report.sent(), report.failed(),
                          report.cancelled);
        text += tr("Sent %1 of %2 file(s) to %3%4. Receipt: %5")
                    .arg(report.sent())
                    .arg(report.files.size())
                    .arg(q(node), report.cancelled ? tr(" (cancelled)") : QString(), m_receipt);
        for (const SendFileResult& f : report.files)
            if (!f.ok)
                text += "\n" + tr("Not sent: %1: %2").arg(q(f.path), q(f.message));
    }
    m_result->setText(text);
    emit sent(o.ok, text);
}

} // namespace veil::ui
