// The gate over many outputs: evidence from the sources tuned to the profile, hits named by
// file and place, the PixelChecker seam for OCR re-checks, reports as text and JSON.
#include "Fixtures.h"

#include "deid/DeidJob.h"
#include "study/StudyIndexer.h"
#include "verify/VerificationGate.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include <stdexcept>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

namespace {

// Stands in for the OCR re-check: reads `reads` frames of each file (-1: all) and finds the
// name on frame 1 when `finds`.
class FakeOcr final : public PixelChecker {
public:
    int calls = 0, reads = -1;
    bool finds = true;
    PixelCheck check(const DicomFile& f, const IdentifierSet&) override {
        ++calls;
        PixelCheck c;
        c.framesRead = reads < 0 ? f.frameCount() : reads;
        if (finds)
            c.hits.push_back({"", "frame 1 box 2,2 40x12", "SMITH", "PatientName"});
        return c;
    }
};

// An OCR engine that fails with something other than a veil::Error (as OpenCV does).
class ThrowingOcr final : public PixelChecker {
public:
    PixelCheck check(const DicomFile&, const IdentifierSet&) override {
        throw std::runtime_error("OpenCV(4.6.0) error: (-215:Assertion failed)");
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
    fs::path m_output; // m_source de-identified at publication: its headers pass

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
        DeidJobOptions options;
        options.outDir = path("out");
        const DeidJobResult r =
            DeidJob(Profile::standard(ReleaseLevel::Publication), ProjectKey::generate(), options)
                .run(m_index, progress, cancel);
        QCOMPARE(r.written(), 1);
        m_output = r.files[0].output;
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
                                          {{m_source, "P/source.dcm"}});
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

    void everyFrameGoesToThePixelChecker() {
        const SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        FakeOcr ocr; // the output's headers are clean: only the pixels speak
        const VerificationReport r = gate(e, {{m_output, "x.dcm"}}, &ocr);
        QCOMPARE(ocr.calls, 1);
        QVERIFY(r.pixelsChecked);
        QCOMPARE(r.frames, 2L);
        QCOMPARE(r.framesRead, 2L);
        QVERIFY(!r.passed());
        QCOMPARE(int(r.hits().size()), 1);
        QCOMPARE(QString::fromStdString(r.hits()[0].file), QString("x.dcm"));
        FakeOcr clean;
        clean.finds = false;
        const VerificationReport ok = gate(e, {{m_output, "x.dcm"}}, &clean);
        QVERIFY(ok.passed());
        QVERIFY(ok.text().find("every one of 2 frame(s) read by OCR") != std::string::npos);
        QCOMPARE(ok.toJson(false)["pixelsChecked"].toBool(), true);
    }

    // A run that did not read every frame never says the pixels were checked.
    void pixelsNotReadAreSaidSo() {
        const SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        const VerificationReport headerOnly = gate(e, {{m_output, "x.dcm"}});
        QVERIFY(headerOnly.passed()); // the headers are clean ...
        QVERIFY(!headerOnly.pixelsChecked);
        QVERIFY(headerOnly.text().find("in the headers") != std::string::npos);
        QVERIFY(headerOnly.text().find("pixels: NOT checked") != std::string::npos);
        QCOMPARE(headerOnly.toJson(false)["pixelsChecked"].toBool(), false);
        FakeOcr half;
        half.finds = false;
        half.reads = 1;
        const VerificationReport partial = gate(e, {{m_output, "x.dcm"}}, &half);
        QVERIFY(!partial.pixelsChecked);
        QVERIFY(partial.text().find("NOT every frame was checked") != std::string::npos);
    }

    // The exception stops at the worker thread: that file is unreadable, the run goes on.
    void aFailingCheckerFailsItsFileNotTheProgram() {
        const SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        ThrowingOcr ocr;
        const VerificationReport r = gate(e, {{m_output, "x.dcm"}, {m_output, "y.dcm"}}, &ocr);
        QCOMPARE(int(r.files.size()), 2);
        QCOMPARE(r.unreadable(), 2);
        QVERIFY(!r.passed());
        QVERIFY(!r.pixelsChecked);
        for (const FileVerification& f : r.files)
            QVERIFY(f.error.rfind("unexpected failure: OpenCV", 0) == 0);
    }

    void nothingOrUnreadableNeverPasses() {
        const SourceEvidence e = evidence(Profile::standard(ReleaseLevel::Publication));
        const VerificationReport none = gate(e, {});
        QVERIFY(!none.passed());
        QVERIFY(none.text().find("no output files") != std::string::npos);
        std::ofstream(path("notes.txt")) << "hello";
        const VerificationReport bad = gate(e, {{path("notes.txt"), "notes.txt"}});
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
