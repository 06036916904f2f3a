// Findings to redaction regions for `deid --redact auto|all-text|none`.
#include "ocr/RedactionPolicy.h"

#include <QTest>

using namespace veil;

namespace {

Finding finding(int frame, PixelBox box, bool phi, FindingSource source = FindingSource::Ocr) {
    Finding f;
    f.frame = frame;
    f.box = box;
    f.phi = phi;
    f.source = source;
    return f;
}

const std::vector<Finding> kFindings = {
    finding(0, {10, 10, 50, 12}, true),
    finding(0, {10, 30, 40, 12}, false),
    finding(-1, {0, 0, 640, 36}, true, FindingSource::Template),
    finding(1, {10, 10, 50, 12}, true),
};

} // namespace

class TestRedactionPolicy : public QObject {
    Q_OBJECT

private slots:
    void autoTakesPhiAndTemplates() {
        const auto r = redactionRegions(kFindings, RedactPolicy::Auto);
        QCOMPARE(int(r.size()), 3);
        QCOMPARE(r[0], (RedactionRegion{-1, 0, 0, 640, 36}));
        QCOMPARE(r[1], (RedactionRegion{0, 10, 10, 50, 12}));
        QCOMPARE(r[2], (RedactionRegion{1, 10, 10, 50, 12}));
    }

    void allTextTakesEverything() {
        QCOMPARE(int(redactionRegions(kFindings, RedactPolicy::AllText).size()), 4);
    }

    void noneTakesNothing() { QVERIFY(redactionRegions(kFindings, RedactPolicy::None).empty()); }

    void aBoxOnEveryFrameBecomesOneRegion() {
        const auto r = redactionRegions(kFindings, RedactPolicy::Auto, 2);
        QCOMPARE(int(r.size()), 2);
        QCOMPARE(r[0], (RedactionRegion{-1, 0, 0, 640, 36}));
        QCOMPARE(r[1], (RedactionRegion{-1, 10, 10, 50, 12}));
    }

    void duplicatesAndEmptyBoxesDropped() {
        const std::vector<Finding> f = {finding(0, {1, 1, 5, 5}, true),
                                        finding(0, {1, 1, 5, 5}, true),
                                        finding(0, {1, 1, 0, 5}, true)};
        QCOMPARE(int(redactionRegions(f, RedactPolicy::Auto).size()), 1);
    }

    void policyNames() {
        for (RedactPolicy p : {RedactPolicy::Auto, RedactPolicy::AllText, RedactPolicy::None})
            QCOMPARE(parseRedactPolicy(redactPolicyName(p)), std::optional<RedactPolicy>(p));
        QVERIFY(!parseRedactPolicy("everything"));
    }
};

QTEST_APPLESS_MAIN(TestRedactionPolicy)
#include "tst_ocr_redactionpolicy.moc"
