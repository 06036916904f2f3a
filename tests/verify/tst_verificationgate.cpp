// The gate over many outputs: evidence from the sources tuned to the profile, hits named by
// file and place, the PixelChecker seam for OCR re-checks, reports as text and JSON.
#include "Fixtures.h"

#include "study/StudyIndexer.h"
#include "verify/VerificationGate.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

namespace {

// Stands in for the OCR re-check: says what it was asked and finds the name on frame 1.
class FakeOcr final : public PixelChecker {
public:
    std::vector<int> asked;
    std::vector<VerificationHit> check(const DicomFile&, const IdentifierSet&,
                                       const std::vector<int>& frames) override {
        asked = frames;
        return {{"", "frame 1 box 2,2 40x12", "SMITH", "PatientName"}};
    }
};

Profile withOption(Option o) {
    Profile p = Profile::standard(ReleaseLevel::Publication);
    p.options.add(o);
    return p;
}

} // namespace

class TestVerificationGate : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    StudyIndex m_index;
    fs::path m_source;

    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    SourceEvidence evidence(const Profile& p) const {
        CancelToken cancel;
        return evidenceFromIndex(m_index, {}, p, cancel);
    }
    VerificationReport gate(const SourceEvidence& e, const std::vector<OutputToVerify>& outs,
                            PixelChecker* ocr = nullptr) {
        NullProgress progress;
        CancelToken cancel;
        return runGate(e, outs, {ocr, 2}, progress, cancel);
    }

private slots:
    void initTestCase() {
        fixtures::Variant v;
        v.frames = 2;
        m_source = path("in/source.dcm");
        fixtures::writeVariant(m_source, v);
        NullProgress progress;
        CancelToken cancel;
        m_index = StudyIndexer().run({path("in").string()}, progress, cancel);
        QCOMPARE(m_index.instanceCount(), 1);
    }

    void retainedAttributesFollowTheOptions() {
        QVERIFY(retainedAttributes(Profile::standard(ReleaseLevel::Publication)).empty());
        QVERIFY(
            retainedAttributes(Profile::standard(ReleaseLevel::Limited)).empty()); // dates shift
        QVERIFY(
            retainedAttributes(withOption(Option::RetainLongitudinalFullDates)).count("StudyDate"));
        QVERIFY(!retainedAttributes(withOption(Option::RetainLongitudinalFullDates))
                     .count("PatientBirthDate"));
        QVERIFY(retainedAttributes(withOption(Option::RetainInstitutionIdentity))
                    .count("InstitutionName"));
        QVERIFY(retainedAttributes(withOption(Option::RetainDeviceIdentity)).count("StationName"));
        const Profile keep = Profile::fromJson(
            R"({"overrides":[{"keyword":"PatientName","action":"K"}]})", "k.json");
        QVERIFY(!retainedAttributes(keep).count("PatientName")); // an override is still a hit
        QVERIFY(!evidence(withOption(Option::RetainUIDs)).checkUids);
    }

    void theSourceItselfFailsByFileAndPlace() {
        const VerificationReport r = gate(evidence(Profile::standard(ReleaseLevel::Publication)),
                                          {{m_source, "P/source.dcm", {}}});
        QVERIFY(!r.passed());
        QCOMPARE(r.filesWithHits(), 1);
        bool name = false, uid = false;
        for (const VerificationHit& h : r.hits()) {
            QCOMPARE(QString::fromStdString(h.file), QString("P/source.dcm"));
            name = name || h.where.find("(0010,0010)") == 0;
            uid = uid || h.attribute == "original UID";
        }
        QVERIFY(name && uid);
        QVERIFY(r.text().rfind("VERIFICATION FAILED", 0) == 0);
        const QJsonObject without = r.toJson(false), with = r.toJson(true);
        QVERIFY(!without["hits"].toArray()[0].toObject().contains("value"));
        QVERIFY(with["hits"].toArray()[0].toObject().contains("value"));
        QCOMPARE(without["hitCount"].toInt(), int(r.hits().size()));
    }

    void framesWithFindingsGoToThePixelChecker() {
        SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        e.identifiers = IdentifierSet(); // headers clean: only the pixels speak
        e.uids.clear();
        FakeOcr ocr;
        const VerificationReport r = gate(e, {{m_source, "x.dcm", {1}}}, &ocr);
        QCOMPARE(ocr.asked, std::vector<int>{1});
        QVERIFY(r.pixelsChecked);
        QCOMPARE(int(r.hits().size()), 1);
        QCOMPARE(QString::fromStdString(r.hits()[0].file), QString("x.dcm"));
        FakeOcr idle;
        QVERIFY(gate(e, {{m_source, "x.dcm", {}}}, &idle).passed()); // no findings: not asked
        QVERIFY(idle.asked.empty());
    }

    void nothingOrUnreadableNeverPasses() {
        const SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        const VerificationReport none = gate(e, {});
        QVERIFY(!none.passed());
        QVERIFY(none.text().find("no output files") != std::string::npos);
        std::ofstream(path("notes.txt")) << "hello";
        const VerificationReport bad = gate(e, {{path("notes.txt"), "notes.txt", {}}});
        QCOMPARE(bad.unreadable(), 1);
        QVERIFY(!bad.passed());
    }

    void outputsAreNamedRelativeAndSorted() {
        fs::create_directories(path("tree/b"));
        std::ofstream(path("tree/b/2")) << "x";
        std::ofstream(path("tree/DICOMDIR")) << "x";
        std::ofstream(path("tree/a")) << "x";
        std::vector<std::string> names;
        for (const OutputToVerify& o : outputsIn(path("tree")))
            names.push_back(o.name);
        QCOMPARE(names, (std::vector<std::string>{"DICOMDIR", "a", "b/2"}));
    }
};

QTEST_MAIN(TestVerificationGate)
#include "tst_verificationgate.moc"
