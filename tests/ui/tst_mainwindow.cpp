// The first window, offscreen: open a study without blocking, show an image.
#include "FindingsController.h"
#include "FindingsPanel.h"
#include "Fixtures.h"
#include "MainWindow.h"
#include "ReviewController.h"
#include "SliceView.h"
#include "StudyBrowserModel.h"
#include "ViewerPanel.h"
#include "study/StudyItemModel.h"
#include <QTableView>

#include <QAbstractItemModelTester>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <opencv2/core.hpp>

using namespace veil;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;
    fixtures::CorpusKey m_key;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        m_corpus = m_tmp.filePath("corpus");
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        m_key = fixtures::writeCorpus(m_corpus.toStdString(), o);
    }

    void opensStudyAndShowsFirstImage() {
        ui::MainWindow w;
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy shown(&w, &ui::MainWindow::frameShown);
        w.openPaths({m_corpus});
        QVERIFY(w.isIndexing() ||
                indexed.count() == 1); // returns at once: loading is in the background
        QVERIFY(indexed.wait(30000) || indexed.count() == 1);
        QVERIFY(w.studyModel()->index().instanceCount() > 5);
        QTRY_VERIFY_WITH_TIMEOUT(!w.sliceView()->image().isNull(), 30000);
    }

    // Draw a box with the mouse; the preview is black inside and untouched outside; undo
    // and redo go through the stack; the review file on disk follows.
    void drawUndoRedoPreview() {
        ui::MainWindow w;
        w.resize(1200, 800);
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy shown(&w, &ui::MainWindow::frameShown);
        w.openPaths({m_corpus});
        QVERIFY(indexed.wait(30000));
        ui::SliceView* view = w.sliceView();
        QTRY_VERIFY_WITH_TIMEOUT(
            !view->image().isNull() && !w.viewer()->originalFrame().pixels.empty(), 30000);
        const cv::Mat before = w.viewer()->originalFrame().pixels.clone();
        QVERIFY(!before.empty());

        w.viewer()->drawAction()->setChecked(true);
        const QPoint a = view->widgetPointOf(QPointF(4, 4)),
                     b = view->widgetPointOf(QPointF(24, 16));
        QTest::mousePress(view, Qt::LeftButton, {}, a);
        QTest::mouseMove(view, b);
        QTest::mouseRelease(view, Qt::LeftButton, {}, b);
        QCOMPARE(int(w.review()->session().boxes().size()), 1);
        const ReviewBox box = w.review()->session().boxes().begin()->second;
        QVERIFY(box.w >= 18 && box.h >= 10);

        const cv::Mat after = w.viewer()->previewFrame().pixels;
        const cv::Rect r(box.x, box.y, box.w, box.h);
        double lo = 0, hi = 0;
        cv::minMaxLoc(before, &lo, &hi);
        cv::Mat inside = after(r).clone();
        double ilo = 0, ihi = 0;
        cv::minMaxLoc(inside.reshape(1), &ilo, &ihi);
        QCOMPARE(ihi, ilo); // one value: the true black
        cv::Mat outsideMask(before.size(), CV_8U, cv::Scalar(255));
        outsideMask(r).setTo(0);
        cv::Mat diff;
        cv::compare(before.reshape(1), after.reshape(1), diff, cv::CMP_NE);
        diff.setTo(0, ~outsideMask);
        QCOMPARE(cv::countNonZero(diff), 0);

        QFile file(w.review()->storePath());
        QVERIFY(file.exists());
        w.review()->undoStack()->undo();
        QCOMPARE(int(w.review()->session().boxes().size()), 0);
        cv::compare(before.reshape(1), w.viewer()->previewFrame().pixels.reshape(1), diff,
                    cv::CMP_NE);
        QCOMPARE(cv::countNonZero(diff), 0);
        w.review()->undoStack()->redo();
        QCOMPARE(int(w.review()->session().boxes().size()), 1);

        // A box for the whole series is one undo step over every image of the series.
        const int boxesBefore = int(w.review()->session().boxes().size());
        w.viewer()->setBoxScope(ui::ViewerPanel::BoxScope::WholeSeries);
        const QPoint c = view->widgetPointOf(QPointF(40, 40)),
                     d = view->widgetPointOf(QPointF(60, 56));
        QTest::mousePress(view, Qt::LeftButton, {}, c); // away from the first box
        QTest::mouseMove(view, d);
        QTest::mouseRelease(view, Qt::LeftButton, {}, d);
        int inSeries = 0;
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            inSeries += i->seriesInstanceUid == w.viewer()->instance()->seriesInstanceUid ? 1 : 0;
        QCOMPARE(int(w.review()->session().boxes().size()), boxesBefore + inSeries);
        w.review()->undoStack()->undo();
        QCOMPARE(int(w.review()->session().boxes().size()), boxesBefore);
        w.viewer()->setBoxScope(ui::ViewerPanel::BoxScope::AllFrames);

        // Reopening restores the review from disk.
        ui::MainWindow again;
        QSignalSpy indexedAgain(&again, &ui::MainWindow::indexingFinished);
        again.openPaths({m_corpus});
        QVERIFY(indexedAgain.wait(30000));
        QCOMPARE(int(again.review()->session().boxes().size()), 1);
        w.review()->undoStack()->undo(); // leave the corpus clean for other tests
    }

    // The scripted review: OCR runs in the background, the reviewer accepts the findings of
    // the slice with burned-in text, and the preview shows them burned black.
    void scanAcceptPreview() {
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w, &ui::MainWindow::scanFinished);
        w.openPaths({m_corpus});
        QVERIFY(indexed.wait(30000));
        QVERIFY(scanned.count() == 1 || scanned.wait(120000));
        // The CT slice with the patient's name burned in.
        std::string uid;
        for (const auto& f : m_key.files)
            if (f.kind == "ct-text" || (f.kind == "ct" && !f.boxes.empty()))
                uid = f.sopInstanceUid;
        QVERIFY(!uid.empty());
        w.selectInstance(uid);
        ui::FindingsPanel* panel = w.findings()->panel();
        QTRY_VERIFY_WITH_TIMEOUT(panel->model()->rowCount() > 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(w.viewer()->instance() &&
                                     w.viewer()->instance()->sopInstanceUid == uid &&
                                     !w.viewer()->originalFrame().pixels.empty(),
                                 30000);
        int phiRow = -1;
        for (int r = 0; r < panel->model()->rowCount() && phiRow < 0; ++r)
            if (panel->model()->findingAt(r)->phi &&
                panel->model()->findingAt(r)->source == FindingSource::Ocr)
                phiRow = r;
        QVERIFY(phiRow >= 0);
        const Finding f = *panel->model()->findingAt(phiRow);
        panel->table()->selectRow(phiRow);
        QTest::keyClick(panel, Qt::Key_A); // accept: redact
        QCOMPARE(w.review()->session().decision(ui::idOf(uid, f)), Decision::Accepted);
        const cv::Mat after = w.viewer()->previewFrame().pixels;
        double lo = 0, hi = 0;
        cv::minMaxLoc(after(cv::Rect(f.box.x, f.box.y, f.box.w, f.box.h)).clone().reshape(1), &lo,
                      &hi);
        QCOMPARE(lo, hi);
        w.review()->undoStack()->undo();
        QCOMPARE(w.review()->session().decision(ui::idOf(uid, f)), Decision::Pending);
        w.review()->undoStack()->redo();
        QCOMPARE(w.review()->session().decision(ui::idOf(uid, f)), Decision::Accepted);
        w.review()->undoStack()->undo();
    }

    void browserModelPassesModelTester() {
        ui::MainWindow w;
        QAbstractItemModelTester tester(w.browserModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_corpus});
        QVERIFY(indexed.wait(30000));
        QVERIFY(w.browserModel()->rowCount() > 0);
        // Thumbnails arrive in the background and are announced through dataChanged.
        QSignalSpy changed(w.browserModel(), &QAbstractItemModel::dataChanged);
        const QModelIndex series = w.browserModel()->index(
            0, 0, w.browserModel()->index(0, 0, w.browserModel()->index(0, 0)));
        w.browserModel()->data(series, Qt::DecorationRole);
        QVERIFY(changed.wait(30000));
        const QModelIndex detail = series.siblingAtColumn(StudyItemModel::DetailColumn);
        QVERIFY(detail.data().toString().contains("reviewed"));
    }

    // Thumbnails are made one series at a time: asking for every series at once (as a view
    // does) loses none; each series is announced once its thumbnail is made. A browser model
    // of its own, so that no view has asked before.
    void everySeriesGetsItsThumbnail() {
        ui::MainWindow w;
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_corpus});
        QVERIFY(indexed.wait(30000));
        ui::StudyBrowserModel model(w.studyModel(),
                                    [](const InstanceInfo&) { return InstanceStatus{}; });
        QSet<QString> asked, announced;
        connect(&model, &QAbstractItemModel::dataChanged, this,
                [&](const QModelIndex& from, const QModelIndex&, const QList<int>& roles) {
                    if (roles.contains(Qt::DecorationRole))
                        announced << from.data(StudyItemModel::SeriesUidRole).toString();
                });
        for (int p = 0; p < model.rowCount(); ++p)
            for (int st = 0; st < model.rowCount(model.index(p, 0)); ++st) {
                const QModelIndex study = model.index(st, 0, model.index(p, 0));
                for (int se = 0; se < model.rowCount(study); ++se) {
                    const QModelIndex series = model.index(se, 0, study);
                    if (series.data(StudyItemModel::KindRole).toInt() !=
                        int(StudyItemModel::Kind::Series))
                        continue;
                    const InstanceInfo* first =
                        w.studyModel()->instanceAt(model.mapToSource(model.index(0, 0, series)));
                    if (!first || !first->hasPixelData)
                        continue; // no thumbnail to make (a structured report)
                    asked << series.data(StudyItemModel::SeriesUidRole).toString();
                    QVERIFY(model.data(series, Qt::DecorationRole).value<QIcon>().isNull());
                }
            }
        QVERIFY(asked.size() > 3);
        QTRY_VERIFY_WITH_TIMEOUT(announced.contains(asked), 60000);
    }

    void cancelLeavesWindowUsable() {
        ui::MainWindow w;
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_corpus});
        w.close(); // cancels
        QVERIFY(indexed.wait(30000) || indexed.count() == 1);
    }

    void badInputShowsMessageNotCrash() {
        ui::MainWindow w;
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_tmp.filePath("does-not-exist")});
        QVERIFY(indexed.wait(30000) || indexed.count() == 1);
        QCOMPARE(w.studyModel()->index().instanceCount(), 0);
        QCOMPARE(w.studyModel()->index().errorCount(), 1);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
