// The export dialog on the fixtures corpus (three patients): the default scope is everything
// open; the images not reviewed yet are listed by patient, series, image number and file
// name in a scrollable list (never by UID), and the list follows the review as it changes.
#include "ExportDialog.h"
#include "FindingsController.h"
#include "Fixtures.h"
#include "MainWindow.h"
#include "ReviewActions.h"
#include "ReviewController.h"

#include "study/StudyItemModel.h"

#include <QLabel>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace veil;

class TestExportScope : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_exportscope");
    }

    void defaultScopeIsEverythingAndPendingIsListedByFile() {
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        const fixtures::CorpusKey key = fixtures::writeCorpus(m_tmp.filePath("c").toStdString(), o);
        ui::MainWindow w;
        w.resize(1200, 800);
        w.show();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w, &ui::MainWindow::scanFinished);
        w.openPaths({m_tmp.filePath("c")});
        QVERIFY(indexed.wait(60000));
        QVERIFY(scanned.count() == 1 || scanned.wait(300000));
        QVERIFY(w.studyModel()->index().patients.size() >= 3);

        ui::ExportDialog* d = w.actions()->openExport();
        d->setDestination(m_tmp.filePath("out"));
        QRadioButton* everything = nullptr;
        for (QRadioButton* b : d->findChildren<QRadioButton*>())
            if (b->text().startsWith("Everything opened"))
                everything = b;
        QVERIFY(everything && everything->isChecked());
        QVERIFY(d->settings().instances.empty()); // everything open
        QVERIFY2(everything->text().contains(QString("%1 images").arg(key.files.size())),
                 qPrintable(everything->text()));

        // Every image with pixels is pending (shown is not reviewed), each named by its file.
        QTreeWidget* list = d->pendingList();
        QVERIFY(list->isVisible());
        int withPixels = 0;
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            withPixels += i->hasPixelData;
        QCOMPARE(list->topLevelItemCount(), withPixels);
        QSet<QString> patients;
        for (int r = 0; r < list->topLevelItemCount(); ++r) {
            QVERIFY(list->topLevelItem(r)->text(3).endsWith(".dcm"));
            patients.insert(list->topLevelItem(r)->text(0));
        }
        QCOMPARE(patients.size(), 3);
        const QString problems = d->problemsLabel()->text();
        QVERIFY2(problems.contains("listed below"), qPrintable(problems));
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            QVERIFY(!problems.contains(QString::fromStdString(i->sopInstanceUid)));
        QVERIFY(list->verticalScrollBarPolicy() != Qt::ScrollBarAlwaysOff);

        // Approving one study in bulk (its findings decided) shrinks the list at once.
        const StudyNode& dx = w.studyModel()->index().patients.at(1).studies.at(0);
        for (const SeriesNode& s : dx.series)
            for (const InstanceInfo& i : s.instances) {
                std::vector<std::string> ids = w.findings()->findingIds(i.sopInstanceUid);
                w.review()->decide(ids, Decision::Accepted, "Redact");
            }
        w.selectInstance(dx.series.front().instances.front().sopInstanceUid);
        QCOMPARE(w.actions()->approveStudy("checked on the workstation"), 0);
        QCOMPARE(list->topLevelItemCount(), withPixels - dx.instanceCount());
        d->close();
    }
};

QTEST_MAIN(TestExportScope)
#include "tst_exportscope.moc"
