#pragma once
// File › Open from PACS…: the node (kept in the settings with our AE title and how to
// retrieve), a search form (level, patient ID, name with wildcards, accession, study date
// range, modality), the results, and Retrieve with progress and cancel. Retrieved studies go
// to the PACS cache (core's pacsCacheRoot) and are handed to the window to open like any
// folder (studiesRetrieved). Opened non-modally; tests drive it through the accessors.
#include "PacsRunner.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace veil::ui {

class PacsDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsDialog(QWidget* parent = nullptr);

    QComboBox* nodeBox() const { return m_node; }
    QLineEdit* callingAetEdit() const { return m_aet; }
    QComboBox* retrieveBox() const { return m_method; } // C-GET, C-MOVE
    QSpinBox* movePortBox() const { return m_port; }
    QComboBox* levelBox() const { return m_level; }
    QLineEdit* patientIdEdit() const { return m_patientId; }
    QLineEdit* patientNameEdit() const { return m_patientName; }
    QLineEdit* accessionEdit() const { return m_accession; }
    QLineEdit* studyDateEdit() const { return m_date; }
    QLineEdit* modalityEdit() const { return m_modality; }
    QTableWidget* results() const { return m_table; }
    QPushButton* searchButton() const { return m_search; }
    QPushButton* retrieveButton() const { return m_retrieve; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    PacsRunner* runner() const { return m_runner; }

    // The matches of the last search, in table order.
    const std::vector<pacs::PacsMatch>& matches() const { return m_matches; }

public slots:
    void echo();
    void search();
    // Retrieves the studies of the selected rows (every row when none is selected).
    void retrieve();

signals:
    // Folders of the retrieved studies, complete, in the PACS cache.
    void studiesRetrieved(const QStringList& folders);
    // After each echo/search/retrieve: ok or not, and what the status line says.
    void operationFinished(bool ok, const QString& message);

private:
    enum class Op { None, Echo, Search, Retrieve };
    bool prepare(pacs::PacsNode& node, pacs::PacsSettings& settings);
    void setBusy(Op op);
    void onFinished();
    void fillTable();
    void removeNode();

    PacsRunner* m_runner;
    Op m_op = Op::None;
    std::vector<pacs::PacsMatch> m_matches;
    QComboBox* m_node;
    QLineEdit* m_aet;
    QComboBox* m_method;
    QSpinBox* m_port;
    QComboBox* m_level;
    QLineEdit *m_patientId, *m_patientName, *m_accession, *m_date, *m_modality;
    QTableWidget* m_table;
    QPushButton *m_echo, *m_remove, *m_search, *m_retrieve, *m_cancel, *m_close;
    QProgressBar* m_progress;
    QLabel* m_status;
};

} // namespace veil::ui
