// The pixel step DeidJob calls before applying a plan: regions from the review (rejected
// findings left out) or a boxes file, Clean Pixel Data recorded only when pixels changed,
// BurnedInAnnotation NO only when the text detector read every frame (every identifying
// finding burned) or a person reviewed the instance: a box on every frame is not enough.
#include "Fixtures.h"

#include "export/PixelRedactionStep.h"

#include <QTemporaryDir>
#include <QTest>

using namespace veil;
namespace fs = std::filesystem;

namespace {

const Tag kBurnedIn(0x0028, 0x0301);

bool hasCleanPixelData(const DeidPlan& plan) {
    for (const MethodCode& c : plan.methodCodes)
        if (c == cleanPixelDataCode())
            return true;
    return false;
}

RedactionSource fixed(std::vector<RedactionRegion> regions, bool reviewed) {
    return [=](const InstanceInfo&) { return InstanceRedaction{regions, reviewed}; };
}

} // namespace

class TestPixelRedactionStep : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_file;

    struct Outcome {
        std::string burnedIn;
        bool code = false;
        PixelRedactionRecord record;
    };

    Outcome run(RedactionSource source, RegionFinder finder = {}) {
        PixelRedactionStep step(std::move(source), std::move(finder));
        DicomFile file = DicomFile::open(m_file);
        InstanceInfo info = file.info();
        info.path = "source-a";
        DeidPlan plan;
        step.hook()(file, info, plan);
        const auto records = step.records();
        return {file.string(kBurnedIn), hasCleanPixelData(plan),
                records.count("source-a") ? records.at("source-a") : PixelRedactionRecord{}};
    }

private slots:
    void initTestCase() {
        fixtures::Variant v;
        v.frames = 3;
        v.text = {{"SMITH", -1, 2, 2, 0, 0, true, "PatientName", {}, 10, false}}; // says YES
        v.rows = v.columns = 64;
        m_file = fs::path(m_tmp.path().toStdString()) / "three.dcm";
        fixtures::writeVariant(m_file, v);
    }

    void framesCovered_data() {
        QTest::addColumn<int>("frame1");
        QTest::addColumn<int>("frame2");
        QTest::addColumn<int>("covered");
        QTest::newRow("one frame") << 0 << 0 << 1;
        QTest::newRow("two frames") << 0 << 2 << 2;
        QTest::newRow("every frame") << -1 << 1 << 3;
        QTest::newRow("beyond the file") << 7 << 1 << 1;
    }
    void framesCovered() {
        QFETCH(int, frame1);
        QFETCH(int, frame2);
        QFETCH(int, covered);
        const std::vector<RedactionRegion> r = {{frame1, 0, 0, 2, 2}, {frame2, 0, 0, 2, 2}};
        QCOMPARE(int(framesWithRegions(r, 3).size()), covered);
    }

    void someFramesRedacted() {
        const Outcome o = run(fixed({{0, 1, 1, 5, 5}, {1, 1, 1, 5, 5}}, false));
        QVERIFY(o.code);
        QCOMPARE(QString::fromStdString(o.burnedIn), QString("YES")); // as the source said
        QVERIFY(!o.record.burnedInAnnotationNo);
        QCOMPARE(o.record.framesWithBoxes, (std::vector<int>{0, 1}));
        QCOMPARE(o.record.result.framesTouched, 2);
    }

    // The 10x10 box on every frame of an echo: the rest of each frame was never read.
    void aBoxOnEveryFrameVouchesForNothing() {
        const Outcome o = run(fixed({{-1, 1, 1, 5, 5}}, false));
        QVERIFY(o.code);
        QCOMPARE(QString::fromStdString(o.burnedIn), QString("YES"));
        QVERIFY(!o.record.burnedInAnnotationNo);
    }

    void everyFrameReadAndItsTextBurned() {
        const RegionFinder reader = [](const DicomFile&, const InstanceInfo&) {
            return FoundRegions{{{-1, 2, 2, 40, 12}}, true, 1};
        };
        const Outcome o = run({}, reader);
        QVERIFY(o.code);
        QCOMPARE(QString::fromStdString(o.burnedIn), QString("NO"));
        QVERIFY(o.record.everyFrameRead);
        QCOMPARE(o.record.identifyingFound, 1);
        const RegionFinder partial = [](const DicomFile&, const InstanceInfo&) {
            return FoundRegions{{{0, 2, 2, 40, 12}}, false, 1};
        };
        QCOMPARE(QString::fromStdString(run({}, partial).burnedIn), QString("YES"));
    }

    void reviewedWithoutBoxes() {
        const Outcome o = run(fixed({}, true));
        QVERIFY(!o.code); // no pixel was cleaned
        QCOMPARE(QString::fromStdString(o.burnedIn), QString("NO"));
    }

    void nothingToDo() {
        const Outcome o = run(fixed({}, false));
        QVERIFY(!o.code);
        QCOMPARE(o.record.regions, 0);
    }

    void sessionLeavesRejectedFindingsOut() {
        ReviewSession s;
        const std::string uid = DicomFile::open(m_file).info().sopInstanceUid;
        for (int i = 0; i < 3; ++i) {
            ReviewBox b;
            b.id = s.newBoxId();
            b.sopInstanceUid = uid;
            b.frame = i;
            b.w = b.h = 4;
            b.origin = i == 2 ? ReviewBox::Origin::Drawn : ReviewBox::Origin::Finding;
            b.findingId = i == 2 ? "" : "f" + std::to_string(i);
            b.overlayGroup = i == 0 ? 0x6000 : 0; // f0 was read in an overlay plane
            s.putBox(b);
        }
        s.setDecision("f0", Decision::Accepted);
        s.setDecision("f1", Decision::Rejected);
        InstanceInfo info = DicomFile::open(m_file).info();
        const InstanceRedaction r = regionsFromSession(s, {})(info);
        QCOMPARE(int(r.regions.size()), 2); // f0 and the drawn box
        QCOMPARE(r.regions[0].overlayGroup + r.regions[1].overlayGroup, 0x6000); // f0's plane
        QVERIFY(!r.reviewed);
        s.setReviewed(uid, true, "Dr Ada", "every frame shows the same plate");
        QVERIFY(regionsFromSession(s, {})(info).reviewed);
    }
};

QTEST_MAIN(TestPixelRedactionStep)
#include "tst_pixelredactionstep.moc"
