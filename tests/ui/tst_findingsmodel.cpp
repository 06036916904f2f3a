// FindingsModel over hand-built findings: one row per finding in the order given, each column
// shows the finding's own values (frame "all" for every frame, the overlay plane as the
// source, why an unmatched finding is flagged), decisions follow the review session by the
// finding's one id (review/FindingBoxes), resets and decision changes are signalled, and the
// model passes QAbstractItemModelTester throughout.
#include "FindingsModel.h"
#include "review/FindingBoxes.h"
#include "review/ReviewSession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <set>

using namespace veil;
using veil::ui::FindingsModel;

namespace {

const std::string kUid = "1.2.999.7.1";

Finding finding(int frame, const std::string& text, bool phi, const std::string& matched,
                const std::string& reason, double confidence, PixelBox box) {
    Finding f;
    f.frame = frame;
    f.text = text;
    f.phi = phi;
    f.matched = matched;
    f.reason = reason;
    f.confidence = confidence;
    f.box = box;
    return f;
}

std::vector<Finding> findings() {
    std::vector<Finding> out{
        finding(0, "SMITH^JOHN", true, "PatientName", "header", 0.93, {10, 12, 80, 14}),
        finding(2, "Rel Phys: Or M Rossi", true, "", "label", 0.61, {10, 40, 120, 14}),
        finding(0, "ee", true, "", "unreadable", 0.12, {200, 300, 60, 9}),
        finding(1, "kVp 120", false, "", "", 0.88, {300, 12, 50, 12}),
        finding(-1, "Header band", true, "", "template", 1.0, {0, 0, 512, 40}),
        finding(0, "HAMMOND", true, "PatientName", "header", 0.9, {40, 60, 70, 20}),
    };
    out[4].source = FindingSource::Template;
    out[5].overlayGroup = 0x6002;
    return out;
}

QString cell(const FindingsModel& m, int row, int column) {
    return m.data(m.index(row, column)).toString();
}

} // namespace

class TestFindingsModel : public QObject {
    Q_OBJECT
private slots:
    void emptyModel() {
        FindingsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.columnCount(), int(FindingsModel::ColumnCount));
        QVERIFY(m.findingAt(0) == nullptr);
        QVERIFY(m.idAt(0).empty());
        QCOMPARE(m.decisionAt(0), Decision::Pending);
        QVERIFY(!m.data(m.index(0, 0)).isValid());
    }

    void columnsShowTheFindingsOwnValues() {
        FindingsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::vector<Finding> fs = findings();
        m.setFindings(kUid, fs);
        QCOMPARE(m.rowCount(), int(fs.size()));
        QCOMPARE(m.sopInstanceUid(), kUid);
        QCOMPARE(
            m.headerData(FindingsModel::TextColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
            QString("Text"));
        QVERIFY(!m.headerData(0, Qt::Vertical, Qt::DisplayRole).isValid());

        // Frames are numbered from 1 on screen; a box on every frame says so.
        QCOMPARE(cell(m, 0, FindingsModel::FrameColumn), QString("1"));
        QCOMPARE(cell(m, 1, FindingsModel::FrameColumn), QString("3"));
        QCOMPARE(cell(m, 4, FindingsModel::FrameColumn), QString("all"));
        QCOMPARE(cell(m, 1, FindingsModel::TextColumn), QString("Rel Phys: Or M Rossi"));
        // What a finding matched, or why it is flagged without a match.
        QCOMPARE(cell(m, 0, FindingsModel::MatchedColumn), QString("PatientName"));
        QCOMPARE(cell(m, 1, FindingsModel::MatchedColumn), QString("looks identifying"));
        QCOMPARE(cell(m, 2, FindingsModel::MatchedColumn), QString("unreadable text"));
        QCOMPARE(cell(m, 3, FindingsModel::MatchedColumn), QString());
        QCOMPARE(cell(m, 0, FindingsModel::SourceColumn), QString("ocr"));
        QCOMPARE(cell(m, 4, FindingsModel::SourceColumn), QString("template"));
        QCOMPARE(cell(m, 5, FindingsModel::SourceColumn), QString("overlay 6002"));
        QCOMPARE(cell(m, 1, FindingsModel::ConfidenceColumn), QString("61%"));
        QCOMPARE(cell(m, 0, FindingsModel::DecisionColumn), QString("pending"));

        // The tooltip gives the box; an overlay finding warns that the whole plane goes.
        const QString tip = m.data(m.index(0, 0), Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains("10,12") && tip.contains("80"), qPrintable(tip));
        QVERIFY(m.data(m.index(5, 0), Qt::ToolTipRole).toString().contains("whole plane"));
        // Identifying and harmless text are told apart by colour, not only by a column.
        QVERIFY(m.data(m.index(0, FindingsModel::TextColumn), Qt::ForegroundRole) !=
                m.data(m.index(3, FindingsModel::TextColumn), Qt::ForegroundRole));
        QVERIFY(m.data(m.index(0, FindingsModel::TextColumn), FindingsModel::PhiRole).toBool());
        QVERIFY(!m.data(m.index(3, FindingsModel::TextColumn), FindingsModel::PhiRole).toBool());
        QCOMPARE(m.data(m.index(1, 0), FindingsModel::FrameRole).toInt(), 2);
        QVERIFY(!m.data(m.index(0, FindingsModel::ColumnCount)).isValid());
    }

    // A finding's id is the one review/FindingBoxes gives it, so that a decision stored by
    // the viewer, the keyboard review or a test is the same decision.
    void idsAreTheReviewsIds() {
        FindingsModel m;
        const std::vector<Finding> fs = findings();
        m.setFindings(kUid, fs);
        for (int row = 0; row < m.rowCount(); ++row) {
            QCOMPARE(m.idAt(row), findingIdOf(kUid, fs[std::size_t(row)]));
            QCOMPARE(m.data(m.index(row, 0), FindingsModel::FindingIdRole).toString(),
                     QString::fromStdString(findingIdOf(kUid, fs[std::size_t(row)])));
        }
        // Two findings of one instance never share an id.
        std::set<std::string> ids;
        for (int row = 0; row < m.rowCount(); ++row)
            ids.insert(m.idAt(row));
        QCOMPARE(int(ids.size()), m.rowCount());
    }

    void decisionsFollowTheSession() {
        FindingsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setFindings(kUid, findings());
        ReviewSession session;
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setSession(&session);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.decisionAt(0), Decision::Pending);

        session.setDecision(m.idAt(0), Decision::Accepted);
        session.setDecision(m.idAt(3), Decision::Rejected);
        m.refreshDecisions();
        QCOMPARE(changed.count(), 2);
        // The whole table is refreshed: a decision column and the rows' colours may change.
        const QList<QVariant> args = changed.last();
        QCOMPARE(args.at(0).toModelIndex(), m.index(0, 0));
        QCOMPARE(args.at(1).toModelIndex(), m.index(m.rowCount() - 1, m.columnCount() - 1));
        QCOMPARE(m.decisionAt(0), Decision::Accepted);
        QCOMPARE(m.decisionAt(3), Decision::Rejected);
        QCOMPARE(m.decisionAt(1), Decision::Pending);
        QCOMPARE(cell(m, 0, FindingsModel::DecisionColumn), QString("redact"));
        QCOMPARE(cell(m, 3, FindingsModel::DecisionColumn), QString("keep"));

        // Another instance's findings: its own ids, none of this instance's decisions.
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setFindings("1.2.999.7.2", findings());
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.decisionAt(0), Decision::Pending);
        QVERIFY(m.idAt(0) != findingIdOf(kUid, findings()[0]));

        // No findings: refreshing is a no-op, not an invalid range.
        m.setFindings(kUid, {});
        const int before = changed.count();
        m.refreshDecisions();
        QCOMPARE(changed.count(), before);
        m.setSession(nullptr);
        QCOMPARE(m.decisionAt(0), Decision::Pending);
    }
};

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
