// "Face preview…": the main window opens the dialog from the series row of the head CT
// phantom, and the dialog shows core's before/after depth images once they are computed.
#include "FacePreviewDialog.h"
#include "MainWindow.h"
#include "StudyBrowserModel.h"

#include "Fixtures.h"
#include "study/StudyItemModel.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace veil;

class TestFacePreview : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_head;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        m_head = m_tmp.filePath("head");
        fixtures::writeHeadCtSeries(m_head.toStdString());
    }

    void opensFromTheSeriesRow() {
        ui::MainWindow w;
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_head});
        QVERIFY(indexed.wait(30000) || indexed.count() == 1);
        QAbstractItemModel* m = w.studyTree()->model();
        const QModelIndex series = m->index(0, 0, m->index(0, 0, m->index(0, 0)));
        QCOMPARE(series.data(StudyItemModel::KindRole).toInt(), int(StudyItemModel::Kind::Series));
        // The browser's badge and tooltip come from the same rule as `veil-cli info`.
        const QModelIndex detail = series.siblingAtColumn(StudyItemModel::DetailColumn);
        QVERIFY(detail.data(Qt::DisplayRole).toString().contains("may show a face"));
        QVERIFY(detail.data(Qt::ToolTipRole).toString().contains("BodyPartExamined HEAD"));

        ui::FacePreviewDialog* d = w.openFacePreview(series);
        QVERIFY(d);
        QVERIFY(d->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(d->isReady(), 60000);
        QCOMPARE(QString::fromStdString(d->preview().status), QString("defaced"));
        QVERIFY(!d->beforeLabel()->pixmap().isNull());
        QVERIFY(!d->afterLabel()->pixmap().isNull());
        QVERIFY(d->messageLabel()->text().contains("voxels set to air"));
        const QImage before = ui::greyImage(d->preview().before);
        const QImage after = ui::greyImage(d->preview().after);
        QCOMPARE(before.size(), after.size());
        QVERIFY(before != after);
        d->close();
    }
};

QTEST_MAIN(TestFacePreview)
#include "tst_facepreview.moc"
