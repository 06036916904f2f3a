// Review status: an instance is reviewed only by an explicit act (marked after every frame
// was seen, or approved in bulk with a reason) once every finding is decided; being shown is
// not being reviewed. Series, study and export scope add up; the images at risk of burned-in
// text are counted as "looked at n of m".
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
        QTest::addColumn<QString>("bulk"); // "clean": marked; other text: bulk reason
        QTest::addColumn<bool>("reviewed");
        QTest::addColumn<QString>("why");
        QTest::newRow("nothing done")
            << 3 << 0 << 0 << "" << false
            << "2 findings undecided, 3 of 3 frames not seen, not marked as looked at";
        QTest::newRow("frames seen, one undecided")
            << 3 << 3 << 1 << "clean" << false << "1 finding undecided";
        QTest::newRow("shown and decided is not reviewed")
            << 3 << 3 << 2 << "" << false << "not marked as looked at";
        QTest::newRow("shown, no findings, not reviewed")
            << 1 << 1 << 2 << "" << false << "not marked as looked at";
        QTest::newRow("marked before every frame was seen")
            << 3 << 2 << 2 << "clean" << false << "1 of 3 frames not seen";
        QTest::newRow("all done") << 3 << 3 << 2 << "clean" << true << "reviewed";
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
            s.setReviewed("1.2", true, "Dr Ada", bulk == "clean" ? "" : bulk.toStdString());
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
        for (const char* uid : {"a", "b", "c"})
            s.markFrameSeen(uid, 0);
        s.setReviewed("a", true, "Dr Ada");
        s.setReviewed("b", true, "Dr Ada"); // frame 2 never shown: still pending
        s.setReviewed("c", true, "Dr Ada");
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
        QVERIFY(!checkScopeReviewed(s, index, {"a"}, {}).complete()); // shown only
        s.setReviewed("a", true, "Dr Ada");
        const ScopeReview all = checkScopeReviewed(s, index, {}, {});
        QVERIFY(!all.complete());
        QVERIFY2(all.message().find("1 of 2 instances is not reviewed yet: series 0, image 0 (b) "
                                    "(2 of 2 frames not seen, not marked as looked at)") !=
                     std::string::npos,
                 all.message().c_str());
        QVERIFY(checkScopeReviewed(s, index, {"a"}, {}).complete());
    }

    void burnedInRiskIsOneRule_data() {
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("bia");
        QTest::addColumn<int>("samples");
        QTest::addColumn<bool>("atRisk");
        QTest::addColumn<int>("warnings");
        QTest::newRow("CT, BIA NO") << "CT"
                                    << "NO" << 1 << false << 0;
        QTest::newRow("CT, BIA absent") << "CT"
                                        << "" << 1 << true << 0;
        QTest::newRow("CT, BIA YES") << "CT"
                                     << "YES" << 1 << true << 1;
        QTest::newRow("US, BIA NO") << "US"
                                    << "NO" << 3 << true << 1;
        QTest::newRow("DX") << "DX"
                            << "NO" << 1 << true << 1;
        QTest::newRow("XC colour photo") << "XC"
                                         << "NO" << 3 << true << 2;
        QTest::newRow("MR colour, BIA NO") << "MR"
                                           << "NO" << 3 << false << 0;
    }
    void burnedInRiskIsOneRule() {
        QFETCH(QString, modality);
        QFETCH(QString, bia);
        QFETCH(int, samples);
        QFETCH(bool, atRisk);
        QFETCH(int, warnings);
        InstanceInfo i = instance("a", 1);
        i.modality = modality.toStdString();
        i.burnedInAnnotation = bia.toStdString();
        i.samplesPerPixel = samples;
        i.photometric = samples == 3 ? "RGB" : "MONOCHROME2";
        const BurnedInRisk r = burnedInRisk(i);
        QCOMPARE(r.atRisk, atRisk);
        QCOMPARE(int(r.warnings.size()), warnings);
        QVERIFY(!burnedInRisk(instance("sr", 0)).atRisk);
    }

    void atRiskImagesAreCountedAsLookedAt() {
        InstanceInfo us = instance("us", 2), dx = instance("dx", 1), ct = instance("ct", 1);
        us.modality = "US";
        dx.modality = "DX";
        ct.modality = "CT";
        ct.burnedInAnnotation = "NO";
        const StudyIndex index = StudyIndex::build({us, dx, ct}, {});
        ReviewSession s;
        s.markFrameSeen("dx", 0);
        s.setReviewed("dx", true, "Dr Ada");
        s.setReviewed("us", true, "Dr Ada", "cine checked on the device");
        const AtRiskReview r = atRiskReview(s, index, {}, {});
        QCOMPARE(r.atRisk, 2);
        QCOMPARE(r.lookedAt, 1); // the bulk approval counts as reviewed, not as looked at
        QCOMPARE(r.notLookedAt.size(), std::size_t(1));
        QCOMPARE(r.notLookedAt.front()->sopInstanceUid, std::string("us"));
        QCOMPARE(r.message(), std::string("looked at 1 of 2 images at risk of burned-in text"));
        QVERIFY(checkScopeReviewed(s, index, {"us", "dx"}, {}).complete());
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
