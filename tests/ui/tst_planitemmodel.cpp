// PlanItemModel and PlanFilterModel over a plan made by core's DeidPlanner from hand-built
// elements: the tree follows the element paths, every row shows the plan's own values, the
// filters keep what they should, values stay plain text, and both models pass the tester.
#include "PlanFilterModel.h"
#include "PlanItemModel.h"
#include "deid/DeidPlanner.h"
#include "dicom/Dictionary.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace veil;
using veil::ui::PlanFilterModel;
using veil::ui::PlanItemModel;

namespace {

const Tag kRefSeries(0x0008, 0x1115);
const Tag kOtherIds(0x0010, 0x1002);

ElementValue element(std::vector<PathStep> steps, const std::string& vr, const std::string& value,
                     int items = 0, const std::string& creator = {}) {
    ElementValue e;
    e.path.steps = std::move(steps);
    e.vr = vr;
    const Tag t = e.path.leaf();
    e.keyword = t.isPrivate() ? (t.isPrivateCreator() ? "PrivateCreator" : "") : keywordForTag(t);
    e.value = value;
    e.items = items;
    e.privateCreator = creator;
    return e;
}

std::vector<ElementValue> elements() {
    return {
        element({{tags::SOPClassUID, -1}}, "UI", "1.2.840.10008.5.1.4.1.1.2"),
        element({{tags::SOPInstanceUID, -1}}, "UI", "1.2.999.1.3"),
        element({{tags::StudyDate, -1}}, "DA", "20210304"),
        element({{tags::StudyDescription, -1}}, "LO", "CT for SMITH <script>alert('x')</script>"),
        element({{kRefSeries, -1}}, "SQ", "", 2),
        element({{kRefSeries, 0}, {tags::SeriesInstanceUID, -1}}, "UI", "1.2.999.1.7"),
        element({{kRefSeries, 1}, {tags::SeriesInstanceUID, -1}}, "UI", "1.2.999.1.8"),
        element({{tags::PatientName, -1}}, "PN", "SMITH^JOHN^A"),
        element({{tags::PatientID, -1}}, "LO", "NHS-482-193-2210"),
        element({{tags::PatientBirthDate, -1}}, "DA", "19610713"),
        element({{kOtherIds, -1}}, "SQ", "", 1),
        element({{kOtherIds, 0}, {tags::PatientID, -1}}, "LO", "OTHER-991"),
        element({{Tag(0x0009, 0x0010), -1}}, "LO", "ACME_PRIVATE"),
        element({{Tag(0x0009, 0x1010), -1}}, "LO", "secret", 0, "ACME_PRIVATE"),
        element({{tags::Rows, -1}}, "US", "64"),
    };
}

DeidPlan makePlan() {
    ProjectKey::Bytes b{};
    b.fill(7);
    return DeidPlanner(Profile::standard(ReleaseLevel::Publication), ProjectKey::fromBytes(b))
        .plan(elements(), "test.dcm");
}

// Every visible row's path, depth first.
QStringList visiblePaths(const QAbstractItemModel& m, const QModelIndex& parent = {}) {
    QStringList out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        const QModelIndex i = m.index(r, 0, parent);
        out << i.data(PlanItemModel::PathRole).toString();
        out << visiblePaths(m, i);
    }
    return out;
}

} // namespace

class TestPlanItemModel : public QObject {
    Q_OBJECT

private slots:
    void rowsShowThePlan() {
        PlanItemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const DeidPlan plan = makePlan();
        model.setPlan(plan);
        for (const ElementChange& c : plan.changes) {
            const QModelIndex i = model.indexOfPath(c.path);
            QVERIFY2(i.isValid(), c.path.toString().c_str());
            QCOMPARE(i.siblingAtColumn(PlanItemModel::ActionColumn).data().toString(),
                     QString(actionName(c.action)));
            QCOMPARE(i.data(PlanItemModel::AfterRole).toString().toStdString(), c.after);
            QCOMPARE(i.data(PlanItemModel::BeforeRole).toString().toStdString(), c.before);
            QCOMPARE(i.siblingAtColumn(PlanItemModel::RuleColumn).data().toString().toStdString(),
                     c.rule);
            QCOMPARE(i.siblingAtColumn(PlanItemModel::VrColumn).data().toString().toStdString(),
                     c.vr);
        }
    }

    void sequencesHaveItemRows() {
        PlanItemModel model;
        model.setPlan(makePlan());
        const QModelIndex seq = model.indexOfPath(QStringLiteral("(0008,1115)"));
        QVERIFY(seq.isValid());
        QCOMPARE(model.rowCount(seq), 2);
        const QModelIndex item1 = model.index(0, 0, seq), item2 = model.index(1, 0, seq);
        QCOMPARE(item1.data().toString(), QString("Item 1"));
        QCOMPARE(item2.data().toString(), QString("Item 2"));
        QVERIFY(!item1.data(PlanItemModel::ActionRole).isValid());
        QCOMPARE(model.rowCount(item2), 1);
        const QModelIndex leaf = model.index(0, 0, item2);
        QCOMPARE(leaf.data(PlanItemModel::PathRole).toString(),
                 QString("(0008,1115)[1].(0020,000E)"));
        QCOMPARE(leaf.data().toString(), QString("(0020,000E) SeriesInstanceUID"));
        QCOMPARE(model.parent(leaf), item2);
        QCOMPARE(model.parent(item2), seq.siblingAtColumn(0));
    }

    void sequenceMissingFromThePlanIsMadeUp() {
        DeidPlan plan;
        ElementChange c;
        c.path.steps = {{kRefSeries, 0}, {tags::SeriesInstanceUID, -1}};
        c.vr = "UI";
        c.action = Action::Insert;
        plan.changes.push_back(c);
        PlanItemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(),
                 QString("(0008,1115) ReferencedSeriesSequence"));
        QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    }

    void privateElementNamesItsCreator() {
        PlanItemModel model;
        model.setPlan(makePlan());
        const QModelIndex i = model.indexOfPath(QStringLiteral("(0009,1010)"));
        QCOMPARE(i.data().toString(), QString("(0009,1010) [ACME_PRIVATE]"));
        QCOMPARE(i.data(PlanItemModel::ActionRole).toInt(), int(Action::Remove));
        QVERIFY(i.data(PlanItemModel::IdentifyingRole).toBool());
    }

    void valuesArePlainText() {
        PlanItemModel model;
        model.setPlan(makePlan());
        const QModelIndex i =
            model.indexOfPath(QStringLiteral("(0008,1030)"), PlanItemModel::BeforeColumn);
        QVERIFY(i.data().toString().contains("<script>alert('x')</script>"));
        // Tooltips are rich text when they look like it: the value must arrive escaped.
        const QString tip = i.data(Qt::ToolTipRole).toString();
        QVERIFY(tip.contains("&lt;script&gt;"));
        QVERIFY(!tip.contains("<script>"));
    }

    void rowsAreColouredByAction_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("tinted");
        QTest::newRow("removed private") << "(0009,1010)" << true;
        QTest::newRow("pseudonym") << "(0010,0020)" << true;
        QTest::newRow("kept rows") << "(0028,0010)" << false;
        QTest::newRow("item of a kept sequence") << "(0008,1115)[0]" << false;
        QTest::newRow("item of a removed sequence") << "(0010,1002)[0]" << true;
    }
    void rowsAreColouredByAction() {
        QFETCH(QString, path);
        QFETCH(bool, tinted);
        PlanItemModel model;
        model.setPlan(makePlan());
        const QModelIndex i = model.indexOfPath(path);
        QVERIFY(i.isValid());
        QCOMPARE(i.data(Qt::BackgroundRole).isValid(), tinted);
        if (tinted) {
            const QModelIndex own = i.data(PlanItemModel::ActionRole).isValid() ? i : i.parent();
            const auto action = Action(own.data(PlanItemModel::ActionRole).toInt());
            QCOMPARE(i.data(Qt::BackgroundRole).value<QColor>(),
                     PlanItemModel::groupTint(PlanItemModel::groupOf(action)));
            QCOMPARE(i.data(Qt::ForegroundRole).value<QColor>(), PlanItemModel::tintText());
            // Readable: dark text on a light tint.
            QVERIFY(PlanItemModel::groupTint(PlanItemModel::groupOf(action)).lightness() > 180);
        }
    }

    void filters_data() {
        QTest::addColumn<bool>("changedOnly");
        QTest::addColumn<bool>("identifyingOnly");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QStringList>("shown");
        QTest::addColumn<QStringList>("hidden");
        QTest::newRow("none") << false << false << QString()
                              << QStringList{"(0028,0010)", "(0008,1115)[1]"} << QStringList{};
        QTest::newRow("changed only") << true << false << QString()
                                      << QStringList{"(0010,0010)", "(0009,1010)", "(0008,1115)",
                                                     "(0008,1115)[0]", "(0008,1115)[0].(0020,000E)"}
                                      << QStringList{"(0028,0010)", "(0008,0016)"};
        QTest::newRow("identifying only")
            << false << true << QString()
            << QStringList{"(0010,0010)",
                           "(0010,0020)",
                           "(0009,1010)",
                           "(0009,0010)",
                           "(0010,0030)",
                           "(0010,1002)",
                           "(0010,1002)[0].(0010,0020)"}
            << QStringList{"(0028,0010)", "(0008,1115)", "(0008,1030)"};
        QTest::newRow("search nested value")
            << false << false << "other-991"
            << QStringList{"(0010,1002)", "(0010,1002)[0]", "(0010,1002)[0].(0010,0020)"}
            << QStringList{"(0010,0020)", "(0008,1115)"};
        QTest::newRow("search keyword") << false << false << "birthdate"
                                        << QStringList{"(0010,0030)"} << QStringList{"(0010,0010)"};
        QTest::newRow("search creator")
            << false << false << "acme_private" << QStringList{"(0009,1010)", "(0009,0010)"}
            << QStringList{"(0010,0010)"};
        QTest::newRow("search markup as text")
            << false << false << "<script>" << QStringList{"(0008,1030)"}
            << QStringList{"(0010,0010)"};
        QTest::newRow("all together") << true << true << "smith" << QStringList{"(0010,0010)"}
                                      << QStringList{"(0008,1030)", "(0010,0020)", "(0028,0010)"};
        QTest::newRow("nothing matches")
            << false << false << "no such thing" << QStringList{}
            << QStringList{"(0010,0010)", "(0008,1115)", "(0008,1115)[0]"};
    }
    void filters() {
        QFETCH(bool, changedOnly);
        QFETCH(bool, identifyingOnly);
        QFETCH(QString, search);
        QFETCH(QStringList, shown);
        QFETCH(QStringList, hidden);
        PlanItemModel model;
        PlanFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(makePlan());
        filter.setChangedOnly(changedOnly);
        filter.setIdentifyingOnly(identifyingOnly);
        filter.setSearchText(search);
        const QStringList visible = visiblePaths(filter);
        for (const QString& p : shown)
            QVERIFY2(visible.contains(p), qPrintable(p + " should be shown"));
        for (const QString& p : hidden)
            QVERIFY2(!visible.contains(p), qPrintable(p + " should be hidden"));
        // A new plan under an active filter, then the filters off again: still consistent.
        model.setPlan(makePlan());
        filter.setChangedOnly(false);
        filter.setIdentifyingOnly(false);
        filter.setSearchText({});
        QCOMPARE(visiblePaths(filter), visiblePaths(model));
    }

    void clearEmptiesTheModel() {
        PlanItemModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(makePlan());
        QVERIFY(model.rowCount() > 10);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.hasPlan());
    }

    void singleLineShowsBreaks() {
        QCOMPARE(ui::singleLine("a\r\nb\tc"), QString("a⏎b c"));
        QCOMPARE(ui::singleLine(QString(400, 'x'), 10), QString(10, 'x') + "…");
    }
};

QTEST_MAIN(TestPlanItemModel)
#include "tst_planitemmodel.moc"
