#pragma once
// The GUI's export, without widgets: turns the window's state (the open index, the review
// session with every non-rejected finding as a box, the scan's findings, the profile choice,
// the sign-offs) and the export dialog's settings into core's ExportRequest, says what stands
// in the way (ExportJob::preflight), opens the project key (Argon2id, about a second) and runs
// ExportJob with progress and cancel and an OcrPixelChecker for the gate, then writes the
// certificate PDF beside the export: each on a worker thread through the GUI's JobRunner, so
// the window stays responsive; it records the outcome in the study's audit log. Tests drive it
// directly: no dialog is ever opened from here.
#include "JobRunner.h"
#include "common/Progress.h"
#include "deid/ProjectKey.h"
#include "export/ExportJob.h"
#include "face/FaceRemoval.h"

#include <QJsonArray>
#include <QObject>
#include <QString>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>

namespace veil {
class StudyItemModel;
}

namespace veil::ui {

class FindingsController;
class ReviewAudit;
class ReviewController;

// What the export dialog decides.
struct ExportSettings {
    QString destination; // the folder or .zip to create
    ExportContainer container = ExportContainer::Folder;
    bool dicomdir = false;
    std::set<std::string> instances; // SOP Instance UIDs in scope; empty: everything opened
    QString mappingFile;             // limited level only: outside the destination
    std::optional<GateOverride> gateOverride; // the approver's, after a blocked run
    // Release completeness: the approved list, read when it was chosen (what was shown is what
    // the certificate records), and whether a mismatch was accepted.
    std::optional<AccessionList> expectedAccessions;
    bool acceptAccessionMismatch = false;
    // Clean Recognizable Visual Features on MR: run the face-plane fallback (else refused).
    bool acceptMrFacePlane = false;
};

struct ExportControllerOptions {
    std::filesystem::path keyFile; // empty: keyfile::defaultPath()
    bool ocrCheck = true;          // the gate reads every output frame (OcrPixelChecker)
    int threads = 0;               // 0: one per core
};

class ExportController : public QObject {
    Q_OBJECT
public:
    ExportController(ReviewController* review, FindingsController* findings,
                     const StudyItemModel* study, ReviewAudit* audit, QObject* parent = nullptr);
    ~ExportController() override;

    void setOptions(const ExportControllerOptions& options) { m_options = options; }
    const ExportControllerOptions& options() const { return m_options; }

    const std::vector<SignOff>& signOffs() const;
    // The profile the Profile tab shows (throws veil::Error when it is not valid).
    Profile profile() const;
    // Core's request for these settings (the pixel checker is added by the worker).
    ExportRequest request(const ExportSettings& settings) const;
    // Everything that stands in the way, in plain words; empty: Export may be pressed.
    Problems preflight(const ExportSettings& settings) const;

    // What in scope is not reviewed yet (core's checkScopeReviewed over the session and the
    // scan's findings), for the dialog's list.
    ScopeReview pendingReview(const ExportSettings& settings) const;
    // The studies in scope against the settings' accession list (empty without one).
    std::optional<AccessionComparison> accessionCheck(const ExportSettings& settings) const;
    // The MR series in scope that may show a face: the ones the face-plane fallback is for.
    std::vector<FlaggedSeries> mrFaceSeries(const ExportSettings& settings) const;
    const StudyIndex& index() const;
    ReviewAudit* audit() const { return m_audit; }

    // The project key, opened once per session: with VEIL_PASSPHRASE when set, else with a
    // passphrase the caller asked for (keyfile::openEntered: a new key's typed passphrase must
    // have been typed twice). The key derivation runs on a worker: openKey returns at once
    // (false, doing nothing, while a key is being opened or an export runs), then keyOpened()
    // or keyNotOpened() follows on the GUI thread.
    bool hasKey() const { return m_key.has_value(); }
    bool openKey(PassphraseEntry entry);
    bool isOpeningKey() const { return m_keyRunner.isRunning(); }
    static std::optional<PassphraseEntry> environmentPassphrase();
    std::filesystem::path keyFile() const;

    // Starts the export on a worker thread (needs the key); false when one is running, a key
    // is being opened or there is no key. finished() follows, on the GUI thread.
    bool start(const ExportSettings& settings);
    // Cancels the export (finished() follows, cancelled) and the opening of a key (its result
    // is not kept: keyNotOpened(…, true) follows).
    void cancel();
    bool isRunning() const { return m_runner.isRunning(); }
    // The last finished run's result.
    const std::optional<ExportResult>& lastResult() const { return m_last; }
    // Can this override be used (the approver's name, a written reason)?
    Problems checkOverride(const GateOverride& override) const;

    // DEST.certificate.pdf
    static QString certificatePdfPath(const QString& destination);
    // DEST.sender-certificate.json: the certificate plus the findings kept (text left in the
    // pixels) by series, image number and frame with their text: for the sender only, not
    // meant to travel: it lies beside the export under a name of its own, and the recipient
    // gets DEST and DEST.certificate.json (which carries no finding text).
    static QString senderCertificatePath(const QString& destination);
    // The kept findings of the instances in scope (empty: everything open), in index order.
    QJsonArray keptFindings(const std::set<std::string>& scope) const;

signals:
    void progressed(long done, long total, const QString& what);
    // The project key was opened (openKey): the metadata diff previews with it from now on.
    void keyOpened(const veil::ProjectKey& key);
    // Why it was not (the file and the problem: a wrong passphrase, an unreadable file), or
    // cancelled.
    void keyNotOpened(const QString& message, bool cancelled);
    // pdf: the certificate PDF written beside the export (empty unless exported); pdfError:
    // why it could not be written.
    void finished(const veil::ExportResult& result, const QString& pdf, const QString& pdfError);

private:
    // What the worker hands back: the run, and the certificate PDF and sender's copy it wrote.
    struct Finished {
        ExportResult result;
        QString pdf, pdfError;
    };
    static Finished runOnWorker(ExportRequest request, const ProjectKey& key,
                                const StudyIndex& index, ProgressSink& sink,
                                const CancelToken& cancel, bool ocr, const QJsonArray& kept);
    void onFinished(const Finished& done);

    ReviewController* m_review;
    FindingsController* m_findings;
    const StudyItemModel* m_study;
    ReviewAudit* m_audit;
    ExportControllerOptions m_options;
    std::optional<ProjectKey> m_key;
    ExportSettings m_running;
    std::optional<ExportResult> m_last;
    // Last: they go first, waiting for a worker that still refers to this controller's values.
    JobRunner m_keyRunner;
    JobRunner m_runner;
};

} // namespace veil::ui
