#pragma once
// "Send to…" on a finished export (the export dialog's result page): C-STORE of the export
// (folder or zip) to a node kept in the settings, with progress and cancel. The certificate
// is already written when this runs, so the send is recorded in a receipt of its own beside
// the export (core/pacs SendReceipt: it names the certificate and its SHA-256) and in the
// audit: the export's own log and the study's (a "pacs-send" event).
#include "PacsRunner.h"

#include <QWidget>

#include <filesystem>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace veil {
struct ExportResult;
}

namespace veil::ui {

class ReviewAudit;

class PacsSendPanel : public QWidget {
    Q_OBJECT
public:
    explicit PacsSendPanel(ReviewAudit* audit, QWidget* parent = nullptr);

    // A finished export to offer for sending (the panel shows itself); other results hide it.
    void setExport(const ExportResult& result);

    QComboBox* nodeBox() const { return m_node; }
    QPushButton* sendButton() const { return m_send; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* resultLabel() const { return m_result; }
    PacsRunner* runner() const { return m_runner; }
    // The receipt the last send wrote (empty before one).
    QString lastReceipt() const { return m_receipt; }

public slots:
    void send();

signals:
    void sent(bool ok, const QString& message);

private:
    void onFinished();

    ReviewAudit* m_audit;
    PacsRunner* m_runner;
    std::filesystem::path m_destination, m_exportLog;
    pacs::PacsNode m_sendingTo;
    QString m_receipt;
    QComboBox* m_node;
    QPushButton *m_send, *m_cancel;
    QProgressBar* m_progress;
    QLabel* m_result;
};

} // namespace veil::ui
