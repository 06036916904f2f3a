// Review status: an instance is reviewed when every finding is decided and every frame seen
// or approved in bulk with a reason; series, study and export scope add up.
#include "review/ReviewStatus.h"

#include <QTest>

using namespace veil;

namespace {

InstanceInfo instance(const std::string& uid, int frames, const std::string& series = "S1") {
    InstanceInfo i;
    i.path = "/in/" + uid;
    i.sopInstanceUid = uid;
    i.seriesInstanceUid = series;
    i.studyInstanceUid = "ST";
    i.patientId = "P";
    i.hasPixelData = frames > 0;
    i.frames = frames;
    return i;
}

} // namespace

class TestReviewStatus : public QObject {
    Q_OBJECT

private slots:
    void instanceRules_data() {
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("seen");
        QTest::addColumn<int>("decided");  // of 2 findings
        QTest::addColumn<QString>("bulk"); // reason, if approved in bulk
        QTest::addColumn<bool>("reviewed");
        QTest::addColumn<QString>("why");
        QTest::newRow("nothing done")
            << 3 << 0 << 0 << "" << false << "2 findings undecided, 3 of 3 frames not seen";
        QTest::newRow("frames seen, one undecided")
            << 3 << 3 << 1 << "" << false << "1 finding undecided";
        QTest::newRow("all done") << 3 << 3 << 2 << "" << true << "reviewed";
        QTest::newRow("bulk approved") << 3 << 1 << 2 << "same band on every frame" << true
                                       << "approved in bulk: same band on every frame";
        QTest::newRow("bulk without reason")
            << 3 << 1 << 2 << "  " << false << "2 of 3 frames not seen";
        QTest::newRow("bulk does not decide findings")
            << 3 << 0 << 0 << "a reason" << false << "2 findings undecided";
    }
    void instanceRules() {
        QFETCH(int, frames);
        QFETCH(int, seen);
        QFETCH(int, decided);
        QFETCH(QString, bulk);
        QFETCH(bool, reviewed);
        QFETCH(QString, why);
        ReviewSession s;
        for (int f = 0; f < seen; ++f)
            s.markFrameSeen("1.2", f);
        const std::vector<std::string> findings = {"f1", "f2"};
        for (int i = 0; i < decided; ++i)
            s.setDecision(findings[std::size_t(i)], i ? Decision::Rejected : Decision::Accepted);
        if (!bulk.isEmpty())
            s.setReviewed("1.2", true, "Dr Ada", bulk.toStdString());
        const InstanceStatus st = instanceStatus(s, {"1.2", frames, findings});
        QCOMPARE(st.state == ReviewState::Reviewed, reviewed);
        QCOMPARE(QString::fromStdString(st.why()), why);
    }

    void instancesWithoutPixelsNeedOnlyDecisions() {
        ReviewSession s;
        QCOMPARE(instanceStatus(s, toReview(instance("sr", 0), {})).state, ReviewState::Reviewed);
        QCOMPARE(instanceStatus(s, toReview(instance("sr", 0), {{"sr", {"f"}}})).state,
                 ReviewState::Pending);
    }

    void seriesAndStudyAddUp() {
        const StudyIndex index = StudyIndex::build(
            {instance("a", 1, "S1"), instance("b", 2, "S1"), instance("c", 1, "S2")}, {});
        ReviewSession s;
        s.markFrameSeen("a", 0);
        s.markFrameSeen("c", 0);
        const StudyNode& study = index.patients.at(0).studies.at(0);
        const ReviewTally t = studyStatus(s, study, {});
        QCOMPARE(t.instances, 3);
        QCOMPARE(t.reviewed, 2);
        QCOMPARE(t.state(), ReviewState::Pending);
        int complete = 0;
        for (const SeriesNode& series : study.series)
            complete += seriesStatus(s, series, {}).state() == ReviewState::Reviewed;
        QCOMPARE(complete, 1);
    }

    void scopeDecidesWhatMustBeReviewed() {
        const StudyIndex index = StudyIndex::build({instance("a", 1), instance("b", 2)}, {});
        ReviewSession s;
        s.markFrameSeen("a", 0);
        const ScopeReview all = checkScopeReviewed(s, index, {}, {});
        QVERIFY(!all.complete());
        QVERIFY2(all.message().find(
                     "1 of 2 instances is not reviewed yet: b (2 of 2 frames not seen)") !=
                     std::string::npos,
                 all.message().c_str());
        QVERIFY(checkScopeReviewed(s, index, {"a"}, {}).complete());
    }

    void sessionBoxesNameTheirFindings() {
        ReviewSession s;
        ReviewBox b;
        b.id = s.newBoxId();
        b.sopInstanceUid = "a";
        b.origin = ReviewBox::Origin::Finding;
        b.findingId = "f1";
        s.putBox(b);
        b.id = s.newBoxId();
        b.origin = ReviewBox::Origin::Drawn;
        b.findingId.clear();
        s.putBox(b);
        const FindingsByInstance f = findingsFromBoxes(s);
        QCOMPARE(int(f.at("a").size()), 1);
    }
};

QTEST_GUILESS_MAIN(TestReviewStatus)
#include "tst_reviewstatus.moc"
