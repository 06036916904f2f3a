#include "MainWindow.h"
#include "PacsDialog.h"

#include "DiffPanel.h"
#include "ExportController.h"
#include "FacePreviewDialog.h"
#include "FindingsController.h"
#include "IndexJob.h"
#include "ReviewActions.h"
#include "ReviewAudit.h"
#include "ReviewController.h"
#include "ReviewKeys.h"
#include "ReviewSidebar.h"
#include "ScanRunner.h"
#include "Settings.h"
#include "SliceView.h"
#include "SlideDeckDialog.h"
#include "StudyBrowserModel.h"
#include "ViewerPanel.h"
#include "common/Error.h"
#include "ocr/OcrProfiles.h"
#include "review/SignerKey.h"
#include "study/StudyItemModel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QShowEvent>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>

namespace veil::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_model(new StudyItemModel(this)), m_review(new ReviewController(this)),
      m_job(new IndexJob(this)) {
    setWindowTitle(tr("Veil"));
    setAcceptDrops(true);
    buildLayout();
    buildMenus();
    connect(m_job, &IndexJob::progressed, this, &MainWindow::onIndexProgress);
    connect(m_job, &IndexJob::finished, this, &MainWindow::onIndexed);
    connect(m_job, &IndexJob::firstImage, this, [this](const InstanceInfo& info) {
        if (m_viewer->instance())
            return;
        m_early = std::make_unique<InstanceInfo>(info);
        m_viewer->showInstance(m_early.get());
    });
    connect(m_review, &ReviewController::changed, this, &MainWindow::refreshOverlay);
    connect(m_review, &ReviewController::saveFailed, this,
            [this](const QString& msg) { m_status->setText(tr("Review not saved: %1").arg(msg)); });
    if (!restoreGeometry(Settings::windowGeometry()))
        resize(
            QSize(1400, 880).boundedTo(screen()->availableGeometry().size())); // fits a 200% screen
    m_layoutRestored = restoreState(Settings::windowState());
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (!m_layoutRestored && !m_layoutDone) {
        m_layoutDone = true;
        applyDefaultLayout();
    }
}

void MainWindow::applyDefaultLayout() {
    // The viewer is the widest pane at every window size: at 1024 px the browser gets about
    // a quarter, the sidebar a third, the viewer the rest (never less than either dock).
    const int w = std::max(width(), 800);
    const int browser = std::clamp(w / 4, 220, 440), sidebar = std::clamp(w * 33 / 100, 300, 560);
    resizeDocks({m_browserDock, m_sidebar}, {browser, sidebar}, Qt::Horizontal);
    m_tree->setColumnWidth(StudyItemModel::NameColumn, std::max(150, browser * 55 / 100));
}

MainWindow::~MainWindow() = default;

SliceView* MainWindow::sliceView() const {
    return m_viewer->view();
}

int MainWindow::addSidebarTab(QWidget* page, const QString& title) {
    return m_sidebar->addTab(page, title);
}

void MainWindow::buildLayout() {
    m_browser = new StudyBrowserModel(
        m_model,
        [this](const InstanceInfo& i) {
            return m_findings ? m_findings->status(i) : InstanceStatus{};
        },
        this);
    connect(m_review, &ReviewController::changed, m_browser, &StudyBrowserModel::refreshProgress);
    connect(m_review, &ReviewController::frameSeen, m_browser, &StudyBrowserModel::refreshProgress);
    m_tree = new QTreeView;
    m_tree->setModel(m_browser);
    m_tree->setIconSize(QSize(48, 48));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection); // "selected images" export
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(StudyItemModel::NameColumn, 220);
    // Room for a series' progress ("12 images · 12/12 reviewed"); longer study rows elide and
    // say it in full in their tooltip.
    m_tree->setColumnWidth(
        StudyItemModel::DetailColumn,
        m_tree->fontMetrics().horizontalAdvance(tr("12 images · 12/12 reviewed")) + 16);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::onCurrentChanged);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_tree->indexAt(at);
        if (index.data(StudyItemModel::KindRole).toInt() != int(StudyItemModel::Kind::Series))
            return;
        QMenu menu(this);
        menu.addAction(tr("Face preview…"), this, [this, index] { openFacePreview(index); });
        menu.exec(m_tree->viewport()->mapToGlobal(at));
    });
    auto* browser = new QDockWidget(tr("Studies"), this);
    browser->setObjectName("studies");
    browser->setWidget(m_tree);
    browser->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, browser);
    m_browserDock = browser;
    m_tree->setTextElideMode(Qt::ElideMiddle); // "…/edge/cut.dcm", not "…/edge/cu…"

    m_sidebar = new ReviewSidebar(m_review, this);
    addDockWidget(Qt::RightDockWidgetArea, m_sidebar);
    m_findings = new FindingsController(m_review, this);
    m_sidebar->addTab(m_findings->panel(), tr("Findings"));
    connect(m_findings, &FindingsController::scanned, this, [this] {
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        m_status->setText(tr("Burned-in text read: %1").arg(m_findings->summary()));
        refreshStatus();
        refreshOverlay();
        m_browser->refreshProgress(); // findings decide what is still pending
        emit scanFinished();
    });
    connect(m_findings, &FindingsController::goToInstance, this, &MainWindow::selectInstance);
    connect(m_findings, &FindingsController::progressed, this, [this](long done, long total) {
        m_status->setText(tr("Reading burned-in text: %1 / %2 images").arg(done).arg(total));
        m_progress->setVisible(done < total);
        m_cancel->setVisible(done < total);
        m_progress->setRange(0, int(std::max(1L, total)));
        m_progress->setValue(int(done));
    });

    m_viewer = new ViewerPanel;
    connect(m_findings, &FindingsController::jumpToFrame, m_viewer, &ViewerPanel::showFrame);
    setCentralWidget(m_viewer);
    connect(m_viewer, &ViewerPanel::frameShown, this, [this](const QString& uid, int frame) {
        m_review->markFrameSeen(uid.toStdString(), frame);
        refreshOverlay();
        emit frameShown();
    });
    connect(m_viewer, &ViewerPanel::boxDrawn, this, &MainWindow::addDrawnBox);
    connect(sliceView(), &SliceView::boxChanged, this, [this](const QString& id, const QRect& r) {
        m_review->changeBox(id.toStdString(), r);
    });
    connect(sliceView(), &SliceView::boxDeleteRequested, this,
            [this](const QString& id) { m_review->removeBox(id.toStdString()); });
    m_actions = new ReviewActions(
        {this, m_review, m_findings, m_model, m_viewer, [this] { return selectedInstances(); }},
        this);
    m_keys = new ReviewKeys({this, m_review, m_findings, m_model, m_viewer,
                             [this](const std::string& uid) { selectInstance(uid); },
                             [] { return ReviewAudit::reviewerName(); }},
                            this);
    connect(sliceView(), &SliceView::stepRequested, m_keys, &ReviewKeys::stepFrameOrImage);

    m_status = new QLabel(tr("Ready"));
    m_status->setTextFormat(Qt::PlainText);
    m_counts = new QLabel;
    m_counts->setObjectName("reviewCounts");
    connect(m_review, &ReviewController::changed, this, &MainWindow::refreshStatus);
    connect(m_review, &ReviewController::frameSeen, this, &MainWindow::refreshStatus);
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(220);
    m_progress->setVisible(false);
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_job->cancel();
        m_findings->cancel();
    });
    connect(m_actions, &ReviewActions::message, m_status, &QLabel::setText);
    // Once the project key is open, the diff previews the export's own pseudonyms and UIDs.
    connect(m_actions->exporter(), &ExportController::keyOpened, m_sidebar->diff(),
            &DiffPanel::setProjectKey);
    connect(m_keys, &ReviewKeys::message, m_status, &QLabel::setText);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_counts);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

PacsDialog* MainWindow::openPacsDialog() {
    if (!m_pacs) {
        m_pacs = new PacsDialog(this);
        connect(m_pacs, &PacsDialog::studiesRetrieved, this, &MainWindow::openPaths);
    }
    m_pacs->open();
    m_pacs->raise();
    return m_pacs;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Files…"), this, &MainWindow::chooseFiles);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Folder…"), this, &MainWindow::chooseFolder);
    file->addAction(tr("Open &Zip Archive…"), this, &MainWindow::chooseZip);
    file->addAction(tr("Open &Slide Deck…"), this, &MainWindow::chooseSlideDeck);
    file->addAction(tr("Open from &PACS…"), this, &MainWindow::openPacsDialog);
    file->addSeparator();
    QMenu* review = new QMenu(tr("&Review"), this);
    m_actions->addFileMenu(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_review->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_review->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(m_viewer->drawAction());
    QAction* del = edit->addAction(tr("&Delete Box"), this, [this] {
        if (!sliceView()->selectedBox().isEmpty())
            m_review->removeBox(sliceView()->selectedBox().toStdString());
    });
    del->setShortcut(QKeySequence::Delete);
    edit->addAction(tr("Save Box as Device &Template"), this, &MainWindow::saveBoxAsTemplate);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QAction* a : m_viewer->toolBar()->actions())
        if (!a->isSeparator() && a != m_viewer->drawAction() && !a->text().isEmpty())
            view->addAction(a);
    view->addMenu(m_viewer->windowMenu());
    view->addAction(m_viewer->playAction());
    view->addSeparator();
    m_keys->addToMenus(review, view);
    review->addSeparator();
    m_actions->addReviewMenu(review);

    menuBar()->addMenu(review);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        QMessageBox::information(this, tr("Keyboard shortcuts"), ReviewKeys::keymapText());
    });
    help->addAction(tr("&About Veil"), this, [this] {
        QMessageBox::about(this, tr("About Veil"),
                           tr("<b>Veil</b> %1<br>Makes DICOM images safe to share.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::chooseFiles() {
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open DICOM files"), Settings::lastFolder(),
        tr("DICOM files (*.dcm *.DCM DICOMDIR *);;Zip archives (*.zip)"));
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::chooseFolder() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a folder of DICOM files"),
                                                          Settings::lastFolder());
    if (!dir.isEmpty())
        openPaths({dir});
}

void MainWindow::chooseZip() {
    const QString zip = QFileDialog::getOpenFileName(
        this, tr("Open a zip archive"), Settings::lastFolder(), tr("Zip archives (*.zip)"));
    if (!zip.isEmpty())
        openPaths({zip});
}

void MainWindow::chooseSlideDeck() {
    const QString deck = QFileDialog::getOpenFileName(
        this, tr("Open a slide deck"), Settings::lastFolder(), tr("PowerPoint (*.pptx)"));
    if (deck.isEmpty())
        return;
    rememberFolder(deck);
    openSlideDeck(deck, loginName(), this);
}

void MainWindow::rememberFolder(const QString& path) {
    const QFileInfo fi(path);
    Settings::setLastFolder(fi.isDir() ? fi.absoluteFilePath() : fi.absolutePath());
}

void MainWindow::openPaths(const QStringList& paths) {
    if (paths.isEmpty())
        return;
    rememberFolder(paths.first());
    m_openedPaths = paths;
    const QString problem = m_review->open(paths);
    if (!problem.isEmpty())
        QMessageBox::warning(
            this, tr("Review file damaged"),
            tr("%1\n\nIt was set aside (renamed .damaged) and a new review was started.")
                .arg(problem));
    m_status->setText(
        tr("Loading %1…")
            .arg(paths.size() == 1 ? paths.first() : tr("%1 items").arg(paths.size())));
    m_progress->setRange(0, 0);
    m_progress->setVisible(true);
    m_cancel->setVisible(true);
    m_viewer->showInstance(nullptr);
    m_job->start(paths);
}

QString MainWindow::countsText() const {
    return m_counts->text();
}

bool MainWindow::isIndexing() const {
    return m_job->isRunning();
}

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
    refreshStatus();
    const int errors = m_model->index().errorCount();
    m_status->setText(
        tr("%1 images in %2 series%3%4")
            .arg(loaded)
            .arg(m_model->index().seriesCount())
            .arg(errors ? tr(" · %1 files could not be loaded").arg(errors) : QString())
            .arg(cancelled ? tr(" · loading cancelled") : QString()));
    // Keep showing the image already on screen, now from the index's own record.
    const std::string early = m_early ? m_early->sopInstanceUid : std::string();
    if (!early.empty())
        selectInstance(early);
    if (m_viewer->instance() == m_early.get() || !m_viewer->instance()) {
        const QModelIndex first = m_browser->mapFromSource(m_model->firstInstance());
        if (first.isValid()) {
            m_tree->setCurrentIndex(first);
        } else {
            m_viewer->showInstance(nullptr);
            m_sidebar->showInstance(nullptr, m_model->index());
        }
    }
    m_early.reset();
    if (m_model->index().instanceCount() > 0)
        m_findings->scan(m_model->index());
    emit indexingFinished();
}

FacePreviewDialog* MainWindow::openFacePreview(const QModelIndex& index) {
    const std::string uid = index.data(StudyItemModel::SeriesUidRole).toString().toStdString();
    for (const PatientNode& p : m_model->index().patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series)
                if (se.uid == uid) {
                    const QString risk = index.siblingAtColumn(StudyItemModel::NameColumn)
                                             .data(StudyItemModel::FaceRiskRole)
                                             .toString();
                    // An MR series is refused without the fallback: preview what the
                    // fallback does, the choice the export dialog offers.
                    const bool mr =
                        QString::fromStdString(se.modality).compare("MR", Qt::CaseInsensitive) == 0;
                    auto* d = new FacePreviewDialog(se, risk, mr, this);
                    d->setAttribute(Qt::WA_DeleteOnClose);
                    d->show();
                    return d;
                }
    return nullptr;
}

void MainWindow::onCurrentChanged() {
    const InstanceInfo* info = m_model->instanceAt(m_browser->mapToSource(m_tree->currentIndex()));
    if (!info)
        return;
    m_viewer->showInstance(info);
    m_findings->showInstance(info->sopInstanceUid);
    m_sidebar->showInstance(info, m_model->index());
    refreshOverlay();
}

void MainWindow::selectInstance(const std::string& uid) {
    for (int p = 0; p < m_browser->rowCount(); ++p) {
        std::vector<QModelIndex> stack{m_browser->index(p, 0)};
        while (!stack.empty()) {
            const QModelIndex i = stack.back();
            stack.pop_back();
            if (m_browser->data(i, StudyItemModel::SopInstanceUidRole).toString().toStdString() ==
                uid) {
                m_tree->setCurrentIndex(i);
                return;
            }
            for (int r = 0; r < m_browser->rowCount(i); ++r)
                stack.push_back(m_browser->index(r, 0, i));
        }
    }
}

std::set<std::string> MainWindow::selectedInstances() const {
    std::set<std::string> uids;
    for (const QModelIndex& row : m_tree->selectionModel()->selectedRows())
        for (const InstanceInfo* i : m_browser->instancesBelow(row))
            uids.insert(i->sopInstanceUid);
    return uids;
}

void MainWindow::refreshStatus() {
    const StudyIndex& index = m_model->index();
    if (index.instanceCount() == 0) {
        m_counts->clear();
        return;
    }
    const ScopeReview r =
        checkScopeReviewed(m_review->session(), index, {}, m_findings->findingsByInstance());
    QString text =
        tr("%1 of %2 images reviewed").arg(r.instances - int(r.pending.size())).arg(r.instances);
    if (m_findings->hasScanned())
        text += tr(" · %1 of %2 findings decided")
                    .arg(m_findings->findingCount() - m_findings->undecidedCount())
                    .arg(m_findings->findingCount());
    m_counts->setText(text);
}

void MainWindow::addDrawnBox(const QRect& r, int frame) {
    const InstanceInfo* current = m_viewer->instance();
    if (!current)
        return;
    const ViewerPanel::BoxScope scope = m_viewer->boxScope();
    std::vector<ReviewBox> boxes;
    auto boxFor = [&](const InstanceInfo& i, int f) {
        ReviewBox b;
        b.sopInstanceUid = i.sopInstanceUid;
        b.frame = f;
        b.x = r.x();
        b.y = r.y();
        b.w = r.width();
        b.h = r.height();
        boxes.push_back(b);
    };
    if (scope == ViewerPanel::BoxScope::ThisFrame && current->frames > 1) {
        boxFor(*current, frame);
    } else if (scope == ViewerPanel::BoxScope::WholeSeries ||
               scope == ViewerPanel::BoxScope::SameDevice) {
        for (const InstanceInfo* i : m_model->index().instances()) {
            const bool sameSeries = i->seriesInstanceUid == current->seriesInstanceUid;
            if (i->hasPixelData &&
                (scope == ViewerPanel::BoxScope::WholeSeries ? sameSeries
                                                             : veil::sameDevice(*current, *i)))
                boxFor(*i, -1);
        }
    } else {
        boxFor(*current, -1);
    }
    if (boxes.empty())
        boxFor(*current, -1);
    m_review->addBoxes(boxes, boxes.size() > 1
                                  ? tr("Draw box on %n images", nullptr, int(boxes.size()))
                                  : tr("Draw box"));
}

void MainWindow::saveBoxAsTemplate() {
    const InstanceInfo* i = m_viewer->instance();
    const auto box = m_review->session().box(sliceView()->selectedBox().toStdString());
    if (!i || !box) {
        m_status->setText(
            tr("Select a drawn box first: it becomes a template for this device and image size."));
        return;
    }
    TemplateBox t;
    t.x.value = box->x;
    t.y.value = box->y;
    t.w.value = box->w;
    t.h.value = box->h;
    t.label = "saved by the reviewer";
    try {
        const auto path = DeviceTemplate::forDevice(*i, {t}).saveInto(userProfilesFolder());
        m_status->setText(tr("Template saved: %1 (used by the next scan)")
                              .arg(QString::fromStdString(path.string())));
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Template not saved"), QString::fromStdString(e.what()));
    }
}

void MainWindow::refreshOverlay() {
    const InstanceInfo* i = m_viewer->instance();
    if (!i)
        return;
    const Overlay o = m_findings->overlay(i->sopInstanceUid, m_viewer->currentFrame());
    m_viewer->setOverlay(o.boxes, o.redactions);
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
    m_findings->cancel();
    Settings::setWindow(saveGeometry(), saveState());
    event->accept();
}

} // namespace veil::ui
