#pragma once
// File › Export…: where to (folder or .zip, optional DICOMDIR), what (everything opened, the
// current study, the current series or the selected images), the profile as the Profile tab
// set it (read-only here), and for the limited level where the mapping table goes. Export
// stays disabled while ExportJob::preflight has anything to say, and the dialog says it.
// The export runs in the background with progress and cancel; a blocked run shows the gate's
// hits and the approver's override; a finished one the certificate's path.
#include "ExportController.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QTreeWidget;

namespace veil::ui {

class GateHitsPanel;
class PacsSendPanel;

// The instances each scope choice stands for, resolved from the window when the dialog opens.
struct ExportScopes {
    int everything = 0; // how many instances are open
    std::set<std::string> study, series, selection;
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    enum class Scope { Everything, Study, Series, Selection };
    enum Page { NoResultPage, BlockedPage, DonePage };

    ExportDialog(ExportController* controller, ExportScopes scopes, QWidget* parent = nullptr);

    ExportSettings settings() const;
    void setDestination(const QString& path);
    void setContainer(ExportContainer container);
    void setDicomdir(bool on);
    void setScope(Scope scope);
    void setMappingFile(const QString& path);
    // Expected accessions…: reads the list (false, and the label names a bad file and why).
    bool setAccessionList(const QString& path);
    void clearAccessionList();
    void setAcceptAccessionMismatch(bool accept);
    QLabel* accessionLabel() const { return m_accessionResult; }
    QCheckBox* acceptMismatchBox() const { return m_acceptMismatch; }
    // Shown when an MR series in scope may show a face: accept the face-plane fallback.
    void setAcceptMrFacePlane(bool accept);
    QCheckBox* mrFacePlaneBox() const { return m_mrFacePlane; }
    QLabel* mrFacePlaneLabel() const { return m_mrFacePlaneText; }
    QWidget* mrFacePlaneArea() const { return m_mrFaces; }
    // What preflight said last (empty: Export is enabled).
    const Problems& problems() const { return m_problems; }

    // Export: asks for the passphrase once (VEIL_PASSPHRASE when set), opens the key on a
    // worker (the dialog busy, Cancel export available), then starts.
    void startExport();

    QPushButton* exportButton() const { return m_export; }
    QPushButton* cancelButton() const { return m_cancel; }
    QLabel* problemsLabel() const { return m_status; }
    // The images in scope not reviewed yet: patient, series, image number, file, why.
    QTreeWidget* pendingList() const { return m_pending; }
    QProgressBar* progressBar() const { return m_progress; }
    GateHitsPanel* hitsPanel() const { return m_hits; }
    QLabel* summaryLabel() const { return m_summary; }
    QStackedWidget* results() const { return m_results; }
    // Send to… a PACS node, on the result page of a finished export.
    PacsSendPanel* sendPanel() const { return m_sendPanel; }

public slots:
    // Runs preflight again (fields edited, the review changed).
    void refresh();

private:
    QWidget* buildDestination();
    QWidget* buildScope();
    QWidget* buildProfile();
    QWidget* buildResults();
    QWidget* buildAccessions();
    void chooseAccessionList();
    void showAccessionCheck(const ExportSettings& settings);
    void chooseDestination();
    void chooseMapping();
    // The passphrase: VEIL_PASSPHRASE when set, else typed (twice for a new key); none when
    // the reviewer cancelled.
    std::optional<PassphraseEntry> askPassphrase();
    void onKeyOpened();
    void onKeyNotOpened(const QString& message, bool cancelled);
    bool m_waitingForKey = false; // Export pressed, the key is being opened
    void run(const ExportSettings& settings);
    void setRunning(bool running);
    void onProgress(long done, long total, const QString& what);
    void onFinished(const veil::ExportResult& result, const QString& pdf, const QString& pdfError);
    QString profileSummary(bool* limited) const;

    ExportController* m_controller;
    ExportScopes m_scopes;
    QLineEdit* m_destination = nullptr;
    QRadioButton* m_folder = nullptr;
    QRadioButton* m_zip = nullptr;
    QCheckBox* m_dicomdir = nullptr;
    QRadioButton* m_scopeButtons[4] = {};
    QLabel* m_profile = nullptr;
    QLineEdit* m_mapping = nullptr;
    QPushButton* m_mappingBrowse = nullptr;
    QWidget* m_mrFaces = nullptr;
    QCheckBox* m_mrFacePlane = nullptr;
    QLabel* m_mrFacePlaneText = nullptr;
    bool m_mrFacePlaneUsable = false; // shown and the profile has the option
    void showMrFaces(const ExportSettings& settings);
    QLabel* m_status = nullptr;
    std::optional<AccessionList> m_accessions;
    QLabel* m_accessionResult = nullptr;
    QCheckBox* m_acceptMismatch = nullptr;
    QPushButton* m_clearAccessions = nullptr;
    QTreeWidget* m_pending = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_step = nullptr;
    QStackedWidget* m_results = nullptr;
    GateHitsPanel* m_hits = nullptr;
    QLabel* m_summary = nullptr;
    PacsSendPanel* m_sendPanel = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_close = nullptr;
    Problems m_problems;
};

} // namespace veil::ui
