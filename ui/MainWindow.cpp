#include "MainWindow.h"

#include "SliceView.h"
#include "IndexJob.h"
#include "study/StudyItemModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace veil::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_model(new StudyItemModel(this)), m_job(new IndexJob(this)),
      m_loader(new FrameLoader(this)) {
    setWindowTitle(tr("Veil"));
    setAcceptDrops(true);
    buildLayout();
    buildMenus();
    connect(m_job, &IndexJob::progressed, this, &MainWindow::onIndexProgress);
    connect(m_job, &IndexJob::finished, this, &MainWindow::onIndexed);
    connect(m_loader, &FrameLoader::loaded, this, &MainWindow::onFrameLoaded);
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    if (!settings.contains("window/geometry"))
        resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout() {
    m_tree = new QTreeView;
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(StudyItemModel::NameColumn, 230);
    m_tree->setColumnWidth(StudyItemModel::DetailColumn, 170);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onCurrentChanged);

    m_view = new SliceView;
    m_view->setMessage(tr("Open a study: File › Open, or drop files, folders or zip archives here."));
    m_frameSlider = new QSlider(Qt::Horizontal);
    m_frameSlider->setEnabled(false);
    m_frameLabel = new QLabel(tr("Frame –"));
    m_frameLabel->setMinimumWidth(110);
    connect(m_frameSlider, &QSlider::valueChanged, this, [this](int v) {
        if (!m_currentPath.isEmpty())
            m_loader->request(m_currentPath, v);
    });

    auto* frameBar = new QHBoxLayout;
    frameBar->addWidget(m_frameLabel);
    frameBar->addWidget(m_frameSlider, 1);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_view, 1);
    rightLayout->addLayout(frameBar);

    auto* split = new QSplitter;
    split->addWidget(m_tree);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({440, 840});
    setCentralWidget(split);

    m_status = new QLabel(tr("Ready"));
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QPushButton::clicked, m_job, &IndexJob::cancel);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Files…"), this, &MainWindow::chooseFiles);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Folder…"), this, &MainWindow::chooseFolder);
    file->addAction(tr("Open &Zip Archive…"), this, &MainWindow::chooseZip);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Veil"), this, [this] {
        QMessageBox::about(this, tr("About Veil"),
                           tr("<b>Veil</b> %1<br>Makes DICOM images safe to share.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::chooseFiles() {
    QSettings s;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open DICOM files"), s.value("lastFolder", QDir::homePath()).toString(),
        tr("DICOM files (*.dcm *.DCM DICOMDIR *);;Zip archives (*.zip)"));
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::chooseFolder() {
    QSettings s;
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a folder of DICOM files"), s.value("lastFolder", QDir::homePath()).toString());
    if (!dir.isEmpty())
        openPaths({dir});
}

void MainWindow::chooseZip() {
    QSettings s;
    const QString zip = QFileDialog::getOpenFileName(
        this, tr("Open a zip archive"), s.value("lastFolder", QDir::homePath()).toString(),
        tr("Zip archives (*.zip)"));
    if (!zip.isEmpty())
        openPaths({zip});
}

void MainWindow::rememberFolder(const QString& path) {
    const QFileInfo fi(path);
    QSettings().setValue("lastFolder", fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

void MainWindow::openPaths(const QStringList& paths) {
    if (paths.isEmpty())
        return;
    rememberFolder(paths.first());
    m_status->setText(tr("Loading %1…").arg(paths.size() == 1 ? paths.first() : tr("%1 items").arg(paths.size())));
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_job->start(paths);
}

bool MainWindow::isIndexing() const { return m_job->isRunning(); }

void MainWindow::onIndexProgress(long done, long total, const QString&) {
    if (total > 0) {
        m_progress->setRange(0, int(total));
        m_progress->setValue(int(done));
    }
}

void MainWindow::onIndexed(std::shared_ptr<StudyIndex> index, bool cancelled) {
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    const int loaded = index->instanceCount();
    m_model->setIndex(std::move(*index));
    m_tree->expandToDepth(2);
    m_status->setText(tr("%1 images in %2 series%3%4")
                          .arg(loaded)
                          .arg(m_model->index().seriesCount())
                          .arg(m_model->index().errorCount()
                                   ? tr(" · %1 files could not be loaded").arg(m_model->index().errorCount())
                                   : QString())
                          .arg(cancelled ? tr(" · loading cancelled") : QString()));
    const QModelIndex first = m_model->firstInstance();
    if (first.isValid())
        m_tree->setCurrentIndex(first);
    else
        m_view->setMessage(tr("No DICOM images were found."));
    emit indexingFinished();
}

void MainWindow::onCurrentChanged() {
    const InstanceInfo* info = m_model->instanceAt(m_tree->currentIndex());
    if (!info)
        return;
    m_currentPath = QString::fromStdString(info->localPath);
    if (!info->hasPixelData) {
        m_view->setMessage(tr("%1 has no image (%2).")
                               .arg(QString::fromStdString(info->path),
                                    QString::fromStdString(sopClassName(info->sopClassUid))));
        m_frameSlider->setEnabled(false);
        return;
    }
    const QSignalBlocker block(m_frameSlider);
    m_frameSlider->setRange(0, std::max(0, info->frames - 1));
    m_frameSlider->setValue(0);
    m_frameSlider->setEnabled(info->frames > 1);
    m_loader->request(m_currentPath, 0);
}

void MainWindow::onFrameLoaded(const LoadedFrame& frame) {
    if (frame.path != m_currentPath)
        return;
    if (!frame.error.isEmpty()) {
        m_view->setMessage(frame.error);
        m_shownPath.clear();
    } else {
        m_view->setFrame(frame.pixels, frame.params, frame.path == m_shownPath);
        m_shownPath = frame.path;
    }
    m_frameLabel->setText(tr("Frame %1 / %2").arg(frame.frame + 1).arg(std::max(1, frame.frameCount)));
    emit frameShown();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    openPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_job->cancel();
    QSettings().setValue("window/geometry", saveGeometry());
    event->accept();
}

} // namespace veil::ui
