// The metadata diff panel on fixture files: it shows exactly the plan core's DeidPlanner makes
// (planned on a worker thread, newest request winning), its filters work from the widgets,
// and values with markup in them are shown as text.
#include "DiffPanel.h"
#include "Fixtures.h"
#include "PlanFilterModel.h"
#include "PlanItemModel.h"
#include "deid/DeidPlanner.h"
#include "dicom/DicomFile.h"
#include "document/ReportPages.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace veil;
using veil::ui::DiffPanel;
using veil::ui::PlanItemModel;

namespace {

InstanceInfo instanceAt(const QString& path) {
    InstanceInfo i;
    i.path = i.localPath = path.toStdString();
    i.modality = "CT";
    return i;
}

DeidPlan expectedPlan(const InstanceInfo& i, const Profile& profile, const ProjectKey& key) {
    const auto elements = DicomFile::open(i.localPath).elements();
    return DeidPlanner(profile, key).plan(elements, IdentifierSet::fromElements(elements), i.path);
}

const ElementChange* rowOf(const DeidPlan& plan, const std::string& path) {
    for (const ElementChange& c : plan.changes)
        if (c.path.toString() == path)
            return &c;
    return nullptr;
}

bool planned(DiffPanel& panel) {
    QSignalSpy spy(&panel, &DiffPanel::planned);
    return spy.wait(30000);
}

QStringList visibleTopPaths(const QAbstractItemModel& m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.index(r, 0).data(PlanItemModel::PathRole).toString();
    return out;
}

} // namespace

class TestDiffPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    InstanceInfo m_private, m_ct;

private slots:
    void initTestCase() {
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        o.ctSlices = 4;
        const fixtures::CorpusKey key =
            fixtures::writeCorpus(m_tmp.filePath("corpus").toStdString(), o);
        for (const fixtures::FileEntry& f : key.files) {
            const QString path = m_tmp.filePath("corpus/" + QString::fromStdString(f.relativePath));
            if (f.kind == "private")
                m_private = instanceAt(path);
            else if (f.kind == "ct" && m_ct.path.empty())
                m_ct = instanceAt(path);
        }
        QVERIFY(!m_private.path.empty() && !m_ct.path.empty());
    }

    void showsTheEnginesPlan() {
        DiffPanel panel;
        QAbstractItemModelTester t1(panel.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(panel.filterModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy done(&panel, &DiffPanel::planned);
        panel.setInstance(&m_private);
        QVERIFY(panel.isPlanning()); // returns at once: planning is on a worker thread
        QVERIFY(done.wait(30000));

        const DeidPlan expected = expectedPlan(m_private, panel.profile(), panel.projectKey());
        QCOMPARE(QJsonDocument(panel.model()->plan().toJson()).toJson(),
                 QJsonDocument(expected.toJson()).toJson());

        const ElementChange* name = rowOf(expected, "(0010,0010)");
        QVERIFY(name);
        const QModelIndex nameRow = panel.model()->indexOfPath(QStringLiteral("(0010,0010)"));
        QCOMPARE(nameRow.siblingAtColumn(PlanItemModel::ActionColumn).data().toString(),
                 QString(actionName(name->action)));
        QCOMPARE(
            nameRow.siblingAtColumn(PlanItemModel::AfterColumn).data().toString().toStdString(),
            name->after);

        const QModelIndex idRow = panel.model()->indexOfPath(QStringLiteral("(0010,0020)"));
        QCOMPARE(idRow.data(PlanItemModel::ActionRole).toInt(), int(Action::Pseudonym));
        QVERIFY(idRow.siblingAtColumn(PlanItemModel::AfterColumn)
                    .data()
                    .toString()
                    .startsWith("VEIL-"));
        QCOMPARE(idRow.siblingAtColumn(PlanItemModel::AfterColumn).data().toString().toStdString(),
                 expected.patient.pseudonymId);

        // A private element: removed, shown with its creator.
        const ElementChange* priv = nullptr;
        for (const ElementChange& c : expected.changes)
            if (c.path.steps.size() == 1 && c.path.leaf().isPrivate() &&
                !c.path.leaf().isPrivateCreator() && !c.privateCreator.empty()) {
                priv = &c;
                break;
            }
        QVERIFY(priv);
        QCOMPARE(priv->action, Action::Remove);
        const QModelIndex privRow = panel.model()->indexOfPath(priv->path);
        QCOMPARE(privRow.data().toString(),
                 QString::fromStdString(priv->path.leaf().toString() + " [" + priv->privateCreator +
                                        "]"));
        QCOMPARE(privRow.siblingAtColumn(PlanItemModel::ActionColumn).data().toString(),
                 QString("remove"));
    }

    void filtersFromTheWidgets() {
        DiffPanel panel;
        panel.setInstance(&m_private);
        QVERIFY(planned(panel));
        const QStringList all = visibleTopPaths(*panel.filterModel());
        QVERIFY(all.contains("(0028,0010)")); // Rows: kept

        panel.changedOnlyBox()->setChecked(true);
        QVERIFY(panel.filterModel()->changedOnly());
        QStringList shown = visibleTopPaths(*panel.filterModel());
        QVERIFY(!shown.contains("(0028,0010)"));
        QVERIFY(shown.contains("(0010,0010)"));

        panel.changedOnlyBox()->setChecked(false);
        panel.identifyingOnlyBox()->setChecked(true);
        shown = visibleTopPaths(*panel.filterModel());
        QVERIFY(shown.contains("(0010,0010)"));
        QVERIFY(!shown.contains("(0028,0010)"));

        panel.identifyingOnlyBox()->setChecked(false);
        panel.searchField()->setText("patientname");
        shown = visibleTopPaths(*panel.filterModel());
        QVERIFY(shown.contains("(0010,0010)"));
        QVERIFY(!shown.contains("(0010,0020)"));
        panel.searchField()->clear();
        QCOMPARE(visibleTopPaths(*panel.filterModel()), all);
    }

    void newestRequestWins() {
        DiffPanel panel;
        QSignalSpy done(&panel, &DiffPanel::planned);
        panel.setInstance(&m_private);
        panel.setInstance(&m_ct);
        panel.setProfile(Profile::standard(ReleaseLevel::Limited));
        QVERIFY(done.wait(30000));
        QTest::qWait(200);
        QCOMPARE(done.count(), 1); // the overtaken requests never reached the view
        QCOMPARE(QString::fromStdString(panel.model()->plan().source),
                 QString::fromStdString(m_ct.path));
        QCOMPARE(panel.model()->plan().level, ReleaseLevel::Limited);
    }

    void clearedSelectionStaysClear() {
        DiffPanel panel;
        panel.setInstance(&m_private);
        panel.setInstance(nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isPlanning(), 30000);
        QTest::qWait(50);
        QCOMPARE(panel.model()->rowCount(), 0); // the late plan is not shown
    }

    void detailsShowTheSelectedRow() {
        DiffPanel panel;
        panel.setInstance(&m_private);
        QVERIFY(planned(panel));
        const QModelIndex row = panel.filterModel()->mapFromSource(
            panel.model()->indexOfPath(QStringLiteral("(0010,0020)")));
        panel.view()->setCurrentIndex(row);
        const QString text = panel.details()->toPlainText();
        QVERIFY(text.contains("PatientID"));
        QVERIFY(text.contains("pseudonym"));
        QVERIFY(text.contains(QString::fromStdString(panel.model()->plan().patient.pseudonymId)));
    }

    void sessionKeyIsSaidAndReplaceable() {
        DiffPanel panel;
        QVERIFY(panel.usesSessionKey());
        QVERIFY(panel.keyNote()->text().contains("temporary key"));
        panel.setInstance(&m_private);
        QVERIFY(planned(panel));
        const std::string before = panel.model()->plan().patient.pseudonymId;
        ProjectKey::Bytes b{};
        b.fill(3);
        const ProjectKey key = ProjectKey::fromBytes(b);
        panel.setProjectKey(key);
        QVERIFY(planned(panel));
        QVERIFY(!panel.usesSessionKey());
        QVERIFY(panel.keyNote()->text().contains(QString::fromStdString(key.fingerprint())));
        QVERIFY(panel.model()->plan().patient.pseudonymId != before);
        QCOMPARE(panel.model()->plan().patient.pseudonymId,
                 expectedPlan(m_private, panel.profile(), key).patient.pseudonymId);
    }

    // A PDF beside the study has no header: the panel says what the export does with it
    // instead of an error, and follows the profile's header-only fallback.
    void pdfBesideTheStudyIsExplained() {
        const std::filesystem::path file =
            fixtures::writeReportFile(m_tmp.filePath("report/letter.pdf").toStdString(),
                                      {"Report", "Findings: none."}, false);
        const InstanceInfo report = reportFileInstance(file.string(), file.string());
        DiffPanel panel;
        QSignalSpy failed(&panel, &DiffPanel::planFailed);
        panel.setInstance(&report);
        QVERIFY2(panel.statusLabel()->text().contains("rebuilt from its page images"),
                 qPrintable(panel.statusLabel()->text()));
        QVERIFY(panel.statusLabel()->text().contains("no metadata"));
        Profile notice = panel.profile();
        notice.replaceEncapsulatedDocuments = true;
        panel.setProfile(notice);
        QVERIFY2(panel.statusLabel()->text().contains("one-page notice"),
                 qPrintable(panel.statusLabel()->text()));
        QVERIFY(!panel.isPlanning()); // nothing was sent to the planner
        QCOMPARE(failed.count(), 0);
        QCOMPARE(panel.model()->rowCount(), 0);
        // The same file planned as if it were DICOM is an error: the check can fail.
        InstanceInfo asDicom = report;
        asDicom.reportFile = asDicom.report = false;
        panel.setInstance(&asDicom);
        QVERIFY(failed.wait(30000));
    }

    // An Encapsulated PDF: the document's row previews the rebuild the export does, not the
    // table's dummy value.
    void encapsulatedPdfRowPreviewsTheRebuild() {
        const fixtures::ReportStudy study =
            fixtures::writeReportStudy(m_tmp.filePath("reports").toStdString());
        InstanceInfo report = instanceAt(QString::fromStdString(study.reports[0].string()));
        report.modality = "DOC";
        report.report = true;
        report.frames = 2;
        DiffPanel panel;
        panel.setInstance(&report);
        QVERIFY(planned(panel));
        const ElementChange* row = rowOf(panel.model()->plan(), "(0042,0011)");
        QVERIFY(row);
        QCOMPARE(row->action, Action::Replace);
        QVERIFY2(row->after.find("rebuilt from 2 page image(s)") != std::string::npos,
                 row->after.c_str());
        // The planner alone gives the table's action: the preview is what changes it.
        const DeidPlan table = expectedPlan(report, Profile::standard(ReleaseLevel::Publication),
                                            ProjectKey::generate());
        QVERIFY(rowOf(table, "(0042,0011)")->action != Action::Replace);
    }

    void unreadableFileIsAMessage() {
        DiffPanel panel;
        QSignalSpy failed(&panel, &DiffPanel::planFailed);
        const InstanceInfo missing = instanceAt(m_tmp.filePath("no-such-file.dcm"));
        panel.setInstance(&missing);
        QVERIFY(failed.wait(30000));
        QCOMPARE(panel.model()->rowCount(), 0);
    }

    // A real file with <script> payloads in text elements: shown as the characters they are.
    void markupIsShownAsText() {
        const QString sample =
            QStringLiteral(VEIL_SAMPLES_DIR "/orthanc-tests/2017-06-27-XSSInjection.dcm");
        if (!QFileInfo::exists(sample))
            QSKIP("../shared/samples is not beside the checkout");
        DiffPanel panel;
        const InstanceInfo info = instanceAt(sample);
        panel.setInstance(&info);
        QVERIFY(planned(panel));
        int found = 0;
        std::vector<QModelIndex> stack{QModelIndex()};
        while (!stack.empty()) {
            const QModelIndex parent = stack.back();
            stack.pop_back();
            for (int r = 0; r < panel.model()->rowCount(parent); ++r) {
                const QModelIndex i = panel.model()->index(r, 0, parent);
                stack.push_back(i);
                const QModelIndex before = i.siblingAtColumn(PlanItemModel::BeforeColumn);
                if (!i.data(PlanItemModel::BeforeRole)
                         .toString()
                         .contains("<script", Qt::CaseInsensitive))
                    continue;
                ++found;
                QVERIFY(before.data().toString().contains("<script", Qt::CaseInsensitive));
                QVERIFY(!before.data(Qt::ToolTipRole)
                             .toString()
                             .contains("<script", Qt::CaseInsensitive));
                panel.view()->setCurrentIndex(panel.filterModel()->mapFromSource(i));
                QVERIFY(panel.details()->toPlainText().contains("<script", Qt::CaseInsensitive));
            }
        }
        QVERIFY(found > 0);
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.grab().isNull()); // painting the rows does not interpret them either
    }
};

QTEST_MAIN(TestDiffPanel)
#include "tst_diffpanel.moc"
