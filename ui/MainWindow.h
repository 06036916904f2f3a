#pragma once
#include "FrameLoader.h"
#include "study/StudyIndex.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QTreeView;

namespace veil {
class StudyItemModel;
}

namespace veil::ui {

class SliceView;
class IndexJob;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Starts indexing in the background; the window stays responsive.
    void openPaths(const QStringList& paths);
    StudyItemModel* studyModel() const { return m_model; }
    SliceView* sliceView() const { return m_view; }
    bool isIndexing() const;

signals:
    void indexingFinished();
    void frameShown();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildLayout();
    void chooseFiles();
    void chooseFolder();
    void chooseZip();
    void onIndexProgress(long done, long total, const QString& what);
    void onIndexed(std::shared_ptr<StudyIndex> index, bool cancelled);
    void onCurrentChanged();
    void onFrameLoaded(const LoadedFrame& frame);
    void rememberFolder(const QString& path);

    StudyItemModel* m_model = nullptr;
    QTreeView* m_tree = nullptr;
    SliceView* m_view = nullptr;
    QSlider* m_frameSlider = nullptr;
    QLabel* m_frameLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QLabel* m_status = nullptr;
    IndexJob* m_job = nullptr;
    FrameLoader* m_loader = nullptr;
    QString m_currentPath;
    QString m_shownPath; // keeps the reviewer's window while scrolling frames of one image
};

} // namespace veil::ui
