#pragma once
// The review window: study browser on the left, the viewer in the middle, findings,
// metadata diff and profile on the right. Panels live in their own classes; this class
// wires them to the review controller and the background jobs.
#include "study/StudyIndex.h"

#include <QMainWindow>
#include <memory>
#include <set>

class QDockWidget;
class QLabel;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace veil {
class StudyItemModel;
}

namespace veil::ui {

class FindingsController;
class IndexJob;
class PacsDialog;
class ReviewActions;
class ReviewController;
class ReviewKeys;
class ReviewSidebar;
class SliceView;
class StudyBrowserModel;
class ViewerPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts indexing in the background; the window stays responsive.
    void openPaths(const QStringList& paths);
    // File › Open from PACS…: the dialog (made once, opened non-modally); retrieved studies
    // are opened with openPaths.
    PacsDialog* openPacsDialog();
    StudyItemModel* studyModel() const { return m_model; }
    StudyBrowserModel* browserModel() const { return m_browser; }
    SliceView* sliceView() const;
    ViewerPanel* viewer() const { return m_viewer; }
    ReviewController* review() const { return m_review; }
    QTreeView* studyTree() const { return m_tree; }
    // The right-hand dock: metadata diff and profile tabs.
    ReviewSidebar* sidebar() const { return m_sidebar; }
    FindingsController* findings() const { return m_findings; }
    // Bulk approval, sign-off, export, slides and the study's audit log.
    ReviewActions* actions() const { return m_actions; }
    // The keyboard review: A, R, N, Enter, Shift+Enter, arrows (Review and View menus).
    ReviewKeys* keys() const { return m_keys; }
    // Adds a page to the right-hand dock's tabs ("Findings", ...); returns its index.
    int addSidebarTab(QWidget* page, const QString& title);
    bool isIndexing() const;
    // The status bar's live counts ("12 of 19 images reviewed · 40 of 145 findings decided").
    QString countsText() const;
    void selectInstance(const std::string& sopInstanceUid);

signals:
    void indexingFinished();
    void scanFinished();
    void frameShown();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    void buildLayout();
    void applyDefaultLayout();
    void chooseFiles();
    void chooseFolder();
    void chooseZip();
    void chooseSlideDeck();
    void onIndexProgress(long done, long total, const QString& what);
    void onIndexed(std::shared_ptr<StudyIndex> index, bool cancelled);
    void onCurrentChanged();

public:
    // "Face preview…" for the series at `index` of the study tree (null when it is no series).
    class FacePreviewDialog* openFacePreview(const QModelIndex& index);

private:
    void refreshOverlay();
    void addDrawnBox(const QRect& rect, int frame);
    void saveBoxAsTemplate();
    void refreshStatus();
    void rememberFolder(const QString& path);
    std::set<std::string> selectedInstances() const;

    PacsDialog* m_pacs = nullptr;
    StudyItemModel* m_model = nullptr;
    StudyBrowserModel* m_browser = nullptr;
    QTreeView* m_tree = nullptr;
    ViewerPanel* m_viewer = nullptr;
    ReviewController* m_review = nullptr;
    ReviewSidebar* m_sidebar = nullptr;
    FindingsController* m_findings = nullptr;
    ReviewActions* m_actions = nullptr;
    ReviewKeys* m_keys = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_counts = nullptr; // live: images reviewed, findings decided
    IndexJob* m_job = nullptr;
    QStringList m_openedPaths;
    QDockWidget* m_browserDock = nullptr;
    bool m_layoutRestored = false, m_layoutDone = false;
    std::unique_ptr<InstanceInfo> m_early; // the first image, shown while indexing goes on
};

} // namespace veil::ui
