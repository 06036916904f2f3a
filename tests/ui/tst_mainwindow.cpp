// The first window, offscreen: open a study without blocking, show an image.
#include "Fixtures.h"
#include "SliceView.h"
#include "MainWindow.h"
#include "study/StudyItemModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace veil;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        m_corpus = m_tmp.filePath("corpus");
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        fixtures::writeCorpus(m_corpus.toStdString(), o);
    }

    void opensStudyAndShowsFirstImage() {
        ui::MainWindow w;
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy shown(&w, &ui::MainWindow::frameShown);
        w.openPaths({m_corpus});
        QVERIFY(w.isIndexing() || indexed.count() == 1); // returns at once: loading is in the background
        QVERIFY(indexed.wait(30000) || indexed.count() == 1);
        QVERIFY(w.studyModel()->index().instanceCount() > 5);
        QVERIFY(shown.wait(30000) || shown.count() >= 1);
        QVERIFY(!w.sliceView()->image().isNull());
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
