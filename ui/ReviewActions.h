#pragma once
// The end of the review, as menu actions: marking a series reviewed or approving a study in
// bulk (with the reason asked for), the reviewer's name, signing off, withdrawing sign-offs,
// exporting the study and exporting slides. Owns the study's audit log (ReviewAudit), the
// export controller and the slide exporter, and opens their dialogs non-modally, so the
// window stays thin and tests reach every step through this class's public API.
#include "ExportDialog.h"
#include "SlideExporter.h"

#include <QObject>
#include <functional>
#include <set>

class QAction;
class QMenu;
class QWidget;

namespace veil {
class StudyItemModel;
}

namespace veil::ui {

class FindingsController;
class ReviewAudit;
class ReviewController;
class SignOffDialog;
class ViewerPanel;

// What the actions need from the window.
struct ReviewActionsContext {
    QWidget* window = nullptr;
    ReviewController* review = nullptr;
    FindingsController* findings = nullptr;
    StudyItemModel* study = nullptr;
    ViewerPanel* viewer = nullptr;
    // SOP Instance UIDs selected in the study browser (rows below selected series included).
    std::function<std::set<std::string>()> selection;
};

class ReviewActions : public QObject {
    Q_OBJECT
public:
    explicit ReviewActions(const ReviewActionsContext& context, QObject* parent = nullptr);
    ~ReviewActions() override;

    // File: Export…, Export Slide…; Review: bulk approval of the study, sign-off, reviewer.
    void addFileMenu(QMenu* file);
    void addReviewMenu(QMenu* review);

    ReviewAudit* audit() const { return m_audit; }
    ExportController* exporter() const { return m_export; }
    SlideExporter* slides() const { return m_slides; }
    QAction* exportAction() const { return m_exportAction; }

    // Bulk approval through the review controller (one undo step); returns how many images
    // are still pending afterwards (undecided findings). Empty reasons are refused (-1).
    int markSeriesReviewed(const QString& reason);
    int approveStudy(const QString& reason);
    // The instances of the viewer's series and study.
    std::set<std::string> currentSeries() const;
    std::set<std::string> currentStudy() const;
    ExportScopes scopes() const;
    ReleaseLevel level() const;

    // Dialogs, opened with open() (never exec()): the window stays usable and tests go on.
    SignOffDialog* openSignOff();
    ExportDialog* openExport();
    // The sign-off's note on the images at risk: "looked at n of m" and the warnings.
    QString riskNote() const;
    // Slides of the current image: asks for the file (and frames of a multi-frame image).
    void exportSlide();

signals:
    // For the status bar.
    void message(const QString& text);

private:
    void askBulkReason(bool wholeStudy);
    int approve(const std::set<std::string>& uids, const QString& reason, const QString& what);
    void askReviewerName();
    void onSlidesWritten(const SlideExportResult& result);
    std::set<std::string> around(bool wholeStudy) const;

    ReviewActionsContext m_ctx;
    ReviewAudit* m_audit;
    ExportController* m_export;
    SlideExporter* m_slides;
    QAction* m_exportAction = nullptr;
    QString m_slideOutput; // remembered between slide exports, for a confirmation round
};

} // namespace veil::ui
