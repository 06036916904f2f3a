// The profile panel in the main window: level, options and overrides change the review's
// ProfileChoice through the undo stack, and the metadata diff re-plans with the new profile;
// undo and redo bring both back.
#include "DiffPanel.h"
#include "Fixtures.h"
#include "MainWindow.h"
#include "PlanItemModel.h"
#include "ProfilePanel.h"
#include "ReviewController.h"
#include "ReviewSidebar.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using veil::ui::PlanItemModel;

namespace {

Action actionAt(ui::DiffPanel* diff, const char* path) {
    const QModelIndex i = diff->model()->indexOfPath(QString::fromLatin1(path));
    return i.isValid() ? Action(i.data(PlanItemModel::ActionRole).toInt()) : Action::Insert;
}

QString afterAt(ui::DiffPanel* diff, const char* path) {
    return diff->model()
        ->indexOfPath(QString::fromLatin1(path))
        .data(PlanItemModel::AfterRole)
        .toString();
}

} // namespace

class TestProfilePanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;
    std::string m_privateUid;

    // A window showing the corpus's private CT slice, planned.
    bool open(ui::MainWindow& w) {
        QSignalSpy indexed(&w, &ui::MainWindow::indexingFinished);
        w.openPaths({m_corpus});
        if (!indexed.wait(30000))
            return false;
        QSignalSpy planned(w.sidebar()->diff(), &ui::DiffPanel::planned);
        w.selectInstance(m_privateUid);
        while (QString::fromStdString(w.sidebar()->diff()->model()->plan().source).isEmpty() ||
               w.sidebar()->diff()->isPlanning() ||
               w.sidebar()->diff()->model()->plan().valueBefore(tags::SOPInstanceUID) !=
                   m_privateUid)
            if (!planned.wait(30000))
                return false;
        return true;
    }

    static bool replanned(ui::MainWindow& w) {
        QSignalSpy planned(w.sidebar()->diff(), &ui::DiffPanel::planned);
        return planned.wait(30000);
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        m_corpus = m_tmp.filePath("corpus");
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        o.ctSlices = 4;
        for (const fixtures::FileEntry& f : fixtures::writeCorpus(m_corpus.toStdString(), o).files)
            if (f.kind == "private")
                m_privateUid = f.sopInstanceUid;
        QVERIFY(!m_privateUid.empty());
    }

    void docksBothPanelsOnTheRight() {
        ui::MainWindow w;
        QCOMPARE(w.dockWidgetArea(w.sidebar()), Qt::RightDockWidgetArea);
        QCOMPARE(w.sidebar()->tabs()->count(), 3); // Metadata, Profile, Findings
        QCOMPARE(w.sidebar()->tabs()->tabText(2), QString("Findings"));
        QLabel extra("extra");
        const int at = w.addSidebarTab(&extra, "Extra");
        QCOMPARE(w.sidebar()->tabs()->tabText(at), QString("Extra"));
        w.sidebar()->tabs()->removeTab(at);
    }

    void fullDatesOptionReplansAndUndoes() {
        ui::MainWindow w;
        QVERIFY(open(w));
        ui::DiffPanel* diff = w.sidebar()->diff();
        ui::ProfilePanel* panel = w.sidebar()->profile();
        QAbstractItemModelTester tester(diff->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const Action dateBefore = actionAt(diff, "(0008,0020)");
        QVERIFY(dateBefore != Action::Keep);
        QVERIFY(dateBefore != Action::Insert); // the row is there
        const int steps = w.review()->undoStack()->count();

        QCheckBox* full = panel->optionBox(Option::RetainLongitudinalFullDates);
        QVERIFY(!full->isChecked());
        full->setChecked(true);
        QVERIFY(replanned(w));
        QCOMPARE(w.review()->undoStack()->count(), steps + 1);
        QCOMPARE(w.review()->session().profile().options,
                 std::vector<std::string>{"retainLongitudinalFullDates"});
        QCOMPARE(actionAt(diff, "(0008,0020)"), Action::Keep);
        QVERIFY(diff->profile().options.has(Option::RetainLongitudinalFullDates));

        w.review()->undoStack()->undo();
        QVERIFY(replanned(w));
        QVERIFY(!full->isChecked());
        QCOMPARE(actionAt(diff, "(0008,0020)"), dateBefore);
        w.review()->undoStack()->redo();
        QVERIFY(replanned(w));
        QVERIFY(full->isChecked());
        QCOMPARE(actionAt(diff, "(0008,0020)"), Action::Keep);
        w.review()->undoStack()->undo(); // leave the review file as found
        QVERIFY(replanned(w));
    }

    // The reports' header-only fallback is a box of the panel: the review stores the choice
    // and the profile the diff (and the export) use carries it.
    void reportNoticeIsChosenInThePanel() {
        ui::MainWindow w;
        QVERIFY(open(w));
        ui::ProfilePanel* panel = w.sidebar()->profile();
        QCheckBox* notice = panel->replaceReportsBox();
        QVERIFY(!notice->isChecked());
        QVERIFY(!w.sidebar()->diff()->profile().replaceEncapsulatedDocuments);
        notice->setChecked(true);
        QVERIFY(replanned(w));
        QCOMPARE(w.review()->session().profile().options,
                 std::vector<std::string>{"replace-encapsulated-documents"});
        QVERIFY(w.sidebar()->diff()->profile().replaceEncapsulatedDocuments);
        w.review()->undoStack()->undo(); // leave the review file as found
        QVERIFY(replanned(w));
        QVERIFY(!notice->isChecked());
        QVERIFY(!w.sidebar()->diff()->profile().replaceEncapsulatedDocuments);
    }

    void limitedLevelShiftsDates() {
        ui::MainWindow w;
        QVERIFY(open(w));
        ui::DiffPanel* diff = w.sidebar()->diff();
        ui::ProfilePanel* panel = w.sidebar()->profile();
        QVERIFY(panel->levelButton(ReleaseLevel::Publication)->isChecked());
        panel->levelButton(ReleaseLevel::Limited)->click();
        QVERIFY(replanned(w));
        QCOMPARE(w.review()->session().profile().level, ReleaseLevel::Limited);
        QVERIFY(w.review()->session().profile().options.empty()); // the level's own defaults
        QVERIFY(panel->optionBox(Option::RetainLongitudinalModifiedDates)->isChecked());
        QCOMPARE(actionAt(diff, "(0008,0020)"), Action::ShiftDate);
        QCOMPARE(diff->model()->plan().level, ReleaseLevel::Limited);

        // Full Dates at the limited level lets go of Modified Dates, in one step.
        const int steps = w.review()->undoStack()->count();
        panel->optionBox(Option::RetainLongitudinalFullDates)->setChecked(true);
        QVERIFY(replanned(w));
        QVERIFY(!panel->optionBox(Option::RetainLongitudinalModifiedDates)->isChecked());
        QCOMPARE(w.review()->undoStack()->count(), steps + 1);
        QCOMPARE(actionAt(diff, "(0008,0020)"), Action::Keep);

        w.review()->undoStack()->undo();
        QVERIFY(replanned(w));
        w.review()->undoStack()->undo();
        QVERIFY(replanned(w));
        QVERIFY(panel->levelButton(ReleaseLevel::Publication)->isChecked());
        QVERIFY(actionAt(diff, "(0008,0020)") != Action::ShiftDate);
    }

    void overrideRowsApplyWhenValid() {
        ui::MainWindow w;
        QVERIFY(open(w));
        ui::DiffPanel* diff = w.sidebar()->diff();
        ui::ProfilePanel* panel = w.sidebar()->profile();
        QTableWidget* table = panel->overridesTable();
        const int steps = w.review()->undoStack()->count();

        panel->addOverrideButton()->click();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(w.review()->undoStack()->count(), steps); // an empty row changes nothing
        table->item(0, ui::ProfilePanel::TargetColumn)->setText("NoSuchKeyword");
        QVERIFY(panel->problemLabel()->text().contains("NoSuchKeyword"));
        QCOMPARE(w.review()->undoStack()->count(), steps); // invalid: not applied

        table->item(0, ui::ProfilePanel::TargetColumn)->setText("InstitutionName");
        panel->setOverrideAction(0, TableAction::D);
        table->item(0, ui::ProfilePanel::ValueColumn)->setText("TRIAL SITE 7");
        QVERIFY(replanned(w));
        QVERIFY(panel->problemLabel()->text().isEmpty());
        QCOMPARE(actionAt(diff, "(0008,0080)"), Action::Replace);
        QCOMPARE(afterAt(diff, "(0008,0080)"), QString("TRIAL SITE 7"));

        const ProfileSettings s = settingsFromChoice(w.review()->session().profile());
        QCOMPARE(int(s.overrides.size()), 1);
        QCOMPARE(s.overrides[0].target, std::string("InstitutionName"));

        table->selectRow(0);
        panel->removeOverrideButton()->click();
        QVERIFY(replanned(w));
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(actionAt(diff, "(0008,0080)") != Action::Replace);
        w.review()->undoStack()->undo();
        QVERIFY(replanned(w));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(actionAt(diff, "(0008,0080)"), Action::Replace);
        while (w.review()->undoStack()->canUndo()) // leave the review file as found
            w.review()->undoStack()->undo();
    }
};

QTEST_MAIN(TestProfilePanel)
#include "tst_profilepanel.moc"
