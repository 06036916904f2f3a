// The fixtures study reviewed by key presses alone (QTest::keyClick, the findings table
// focused first): every identifying finding redacted, every other kept, every image reviewed
// by an explicit key, no press that does nothing; showing an image does not review it; the
// review actions are in the Review and View menus.
#include "KeyboardReplay.h"

#include "Fixtures.h"
#include "ReviewActions.h"
#include "ReviewAudit.h"
#include "ReviewKeys.h"
#include "SignOffDialog.h"
#include "StudyBrowserModel.h"
#include <QIcon>
#include <QTreeView>

#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace veil;

class TestKeyboardReview : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;
    fixtures::CorpusKey m_key;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_keyboardreview");
        QVERIFY(m_tmp.isValid());
        m_corpus = m_tmp.filePath("corpus");
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        m_key = fixtures::writeCorpus(m_corpus.toStdString(), o);
        ui::ReviewAudit::setReviewerName("Dr Key Board");
    }

    void everyReviewActionIsInAMenu() {
        ui::MainWindow w;
        QStringList texts;
        for (QAction* top : w.menuBar()->actions())
            if (top->menu())
                for (QAction* a : top->menu()->actions())
                    texts << a->text().remove('&');
        for (const char* needed :
             {"Redact Finding", "Keep Finding", "Next Undecided Finding", "Image Looks Clean",
              "Approve Series in Bulk…", "Next Image", "Previous Image", "Sign Off…"})
            QVERIFY2(texts.contains(QString::fromUtf8(needed)), needed);
        QCOMPARE(w.keys()->redactAction()->shortcut(), QKeySequence(Qt::Key_A));
        QCOMPARE(w.keys()->looksCleanAction()->shortcut(), QKeySequence(Qt::Key_Return));
    }

    void reviewByKeysAlone() {
        ui::MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.activateWindow();
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w, &ui::MainWindow::scanFinished);
        w.openPaths({m_corpus});
        QVERIFY(indexed.wait(60000));
        QVERIFY(scanned.count() == 1 || scanned.wait(300000));
        testing::waitSettled(w);

        // Shown is not reviewed: the first image is on screen and still pending.
        const InstanceInfo* first = w.viewer()->instance();
        QVERIFY(first);
        QCOMPARE(w.findings()->status(*first).state, ReviewState::Pending);

        // Counts before: nothing with pixels reviewed, no finding decided.
        int findings = 0;
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            findings += int(w.findings()->findingsFor(i->sopInstanceUid).size());
        const int images = int(m_key.files.size());
        QVERIFY2(w.countsText().contains(QString("of %1 images reviewed").arg(images)) &&
                     w.countsText().contains(QString("0 of %1 findings decided").arg(findings)),
                 qPrintable(w.countsText()));
        QVERIFY(w.findings()->panel()->findChild<QLabel*>()->text().contains(
            QString("This image: %1 finding(s)").arg(w.findings()->panel()->model()->rowCount())));

        const testing::ReplayResult r = testing::replayKeyboardReview(w);
        qInfo("%d key presses, %d did nothing: %s", r.presses, r.didNothing,
              qPrintable(r.log.join(' ')));
        QVERIFY2(r.finished, qPrintable(r.log.join(' ')));
        QCOMPARE(r.didNothing, 0);

        // Every decision as the reviewer read it.
        int redacted = 0, kept = 0;
        const ReviewSession& s = w.review()->session();
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            for (const Finding& f : w.findings()->findingsFor(i->sopInstanceUid)) {
                const Decision d = s.decision(ui::idOf(i->sopInstanceUid, f));
                QCOMPARE(d, f.phi ? Decision::Accepted : Decision::Rejected);
                (f.phi ? redacted : kept)++;
            }
        QVERIFY(redacted >= 8);
        QVERIFY(kept > 0);
        // Every image reviewed by an explicit act, recorded under the reviewer's name.
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            if (i->hasPixelData)
                QCOMPARE(s.instance(i->sopInstanceUid).reviewedBy, std::string("Dr Key Board"));
        // Every count says so: the status bar, the findings tab and every series in the browser.
        QCOMPARE(w.countsText(), QString("%1 of %1 images reviewed · %2 of %2 findings decided")
                                     .arg(images)
                                     .arg(findings));
        QVERIFY(w.findings()->panel()->findChild<QLabel*>()->text().contains(
            QString("%1 text findings").arg(findings)));
        QVERIFY(w.findings()->panel()->findChild<QLabel*>()->text().contains("0 undecided"));
        int seriesRows = 0;
        std::vector<QModelIndex> stack{QModelIndex()};
        while (!stack.empty()) {
            const QModelIndex parent = stack.back();
            stack.pop_back();
            for (int row = 0; row < w.browserModel()->rowCount(parent); ++row) {
                const QModelIndex i = w.browserModel()->index(row, 0, parent);
                if (i.data(StudyItemModel::KindRole).toInt() == int(StudyItemModel::Kind::Series)) {
                    const int n = w.browserModel()->rowCount(i);
                    const QString detail =
                        i.siblingAtColumn(StudyItemModel::DetailColumn).data().toString();
                    QVERIFY2(detail.contains(QString("%1/%1 reviewed").arg(n)), qPrintable(detail));
                    ++seriesRows;
                } else {
                    stack.push_back(i);
                }
            }
        }
        QVERIFY(seriesRows >= 6);
        const AtRiskReview risk =
            atRiskReview(s, w.studyModel()->index(), {}, w.findings()->findingsByInstance());
        qInfo("%s", risk.message().c_str());
        QVERIFY(risk.atRisk > risk.lookedAt && risk.lookedAt > 0);
        // Those not looked at one by one are the CT slices approved in bulk, and say so.
        for (const InstanceInfo* i : risk.notLookedAt) {
            QCOMPARE(i->modality, std::string("CT"));
            QVERIFY(w.findings()->status(*i).bulkApproved);
        }
        // The sign-off says it, with the warnings the browser shows on the images.
        ui::SignOffDialog* d = w.actions()->openSignOff();
        const QString note = d->riskLabel()->text();
        QVERIFY2(d->riskLabel()->isVisible() &&
                     note.contains(QString::fromStdString(risk.message())) &&
                     note.contains("US images often carry burned-in text"),
                 qPrintable(note));
        d->close();
        for (const InstanceInfo* i : w.studyModel()->index().instances())
            if (i->modality == "US") {
                w.selectInstance(i->sopInstanceUid);
                const QModelIndex row = w.studyTree()->currentIndex().siblingAtColumn(0);
                QVERIFY(!row.data(Qt::DecorationRole).value<QIcon>().isNull());
                QVERIFY(row.data(Qt::ToolTipRole).toString().contains("⚠"));
            }
    }
};

QTEST_MAIN(TestKeyboardReview)
#include "tst_keyboardreview.moc"
