// What the pixel step does at publication beyond boxes: overlays kept in the unused high
// bits of Pixel Data are cleared under Clean Graphics (the dcm4che overlay sample: 12 bits
// stored, overlays at bits 14 and 15) and the verifier finds them when they are left; a
// lossy source that lacks LossyImageCompression gets 01 with its method, even when its
// pixels are copied through still compressed.
#include "Fixtures.h"

#include "deid/DeidApplier.h"
#include "deid/DeidPlanner.h"
#include "dicom/PixelStore.h"
#include "export/BatchRelease.h"
#include "export/PixelRedactionStep.h"
#include "pixel/Overlays.h"
#include "pixel/Redact.h"
#include "study/StudyIndexer.h"
#include "verify/Verifier.h"

#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace veil;
namespace fs = std::filesystem;

namespace {

const Tag kLossy(0x0028, 0x2110), kLossyMethod(0x0028, 0x2114), kLossyRatio(0x0028, 0x2112);

fs::path sample(const char* name) {
    return fs::path(VEIL_SAMPLES_DIR) / name;
}

// Runs the publication pixel step (no boxes) on `in` and saves the result to `out`.
PixelRedactionRecord publish(const fs::path& in, const fs::path& out) {
    PixelRedactionStep step({}, {}, pixelOptionsFor(Profile::standard(ReleaseLevel::Publication)));
    DicomFile file = DicomFile::open(in);
    InstanceInfo info = file.info();
    DeidPlan plan;
    step.apply(file, info, plan);
    file.save(out);
    const auto records = step.records();
    return records.count(info.path) ? records.at(info.path) : PixelRedactionRecord{};
}

} // namespace

class TestPublicationPixels : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

private slots:
    void overlayBitsAreCleared() {
        const fs::path src = sample("dcm4che/ovly_p01.dcm");
        if (!fs::exists(src))
            QSKIP("../shared/samples/dcm4che/ovly_p01.dcm is not here");
        DicomFile before = DicomFile::open(src);
        const long stray = samplesWithBitsOutsideStored(before);
        QVERIFY2(stray > 1000, std::to_string(stray).c_str()); // the overlay text and graphics
        const PixelRedactionRecord r = publish(src, path("ovly.dcm"));
        QCOMPARE(r.result.samplesBitsCleared, stray);
        DicomFile after = DicomFile::open(path("ovly.dcm"));
        QCOMPARE(samplesWithBitsOutsideStored(after), 0L);
        // the stored image itself is unchanged
        const cv::Mat a = before.frame(0).pixels, b = after.frame(0).pixels;
        QCOMPARE(cv::countNonZero(a != b), 0);
        QVERIFY(DicomFile::open(src).frameCount() == 1); // the source is untouched
        QCOMPARE(samplesWithBitsOutsideStored(before), stray);
    }

    // The sample as it is fails the gate's graphics check twice over (an overlay plane with
    // data, and overlay bits in Pixel Data); the publication batch (plan + pixel step) leaves
    // neither.
    void theVerifierFindsOverlaysLeft() {
        const fs::path src = sample("dcm4che/ovly_p01.dcm");
        if (!fs::exists(src))
            QSKIP("../shared/samples/dcm4che/ovly_p01.dcm is not here");
        SourceEvidence evidence;
        evidence.checkUids = false;
        evidence.checkGraphics = true;
        std::set<std::string> kinds;
        for (const VerificationHit& h : Verifier(evidence).verifyFile(src).hits)
            kinds.insert(h.attribute);
        QVERIFY(kinds.count("overlay bits in Pixel Data"));
        QVERIFY(kinds.count("overlay plane"));

        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run({src.string()}, progress, cancel);
        BatchReleaseOptions o;
        o.outDir = path("batch");
        const BatchReleaseResult r =
            runBatchRelease(index, Profile::standard(ReleaseLevel::Publication),
                            ProjectKey::generate(), o, progress, cancel);
        QVERIFY(r.verification && r.verification->passed()); // the gate checked graphics too
        QCOMPARE(r.deid.written(), 1);
        const FileVerification clean = Verifier(evidence).verifyFile(r.deid.files[0].output);
        // no overlay left to show: both planes in Pixel Data cleared, both bitmaps blanked
        const DicomFile out = DicomFile::open(r.deid.files[0].output);
        QVERIFY(overlayBitmaps(out).empty());
        QCOMPARE(int(overlayPlanes(DicomFile::open(src)).size()), 4);
        for (const VerificationHit& h : clean.hits)
            QVERIFY2(h.attribute != "overlay bits in Pixel Data" && h.attribute != "overlay plane",
                     h.where.c_str());
        evidence.checkGraphics = false; // limited level without Clean Graphics: not asked
        for (const VerificationHit& h : Verifier(evidence).verifyFile(src).hits)
            QVERIFY(h.attribute != "overlay bits in Pixel Data");
    }

    // Limited level with Clean Graphics switched off: the plan removes the retired overlay groups
    // (the table removes Overlay Data, the group goes with it), so their bits in Pixel Data go too;
    // no plane is left hidden in the pixels with nothing to describe it.
    void limitedLevelLeavesNoHiddenPlane() {
        const fs::path src = sample("dcm4che/ovly_p01.dcm");
        if (!fs::exists(src))
            QSKIP("../shared/samples/dcm4che/ovly_p01.dcm is not here");
        Profile limited = Profile::standard(ReleaseLevel::Limited);
        limited.options.remove(Option::CleanGraphics);
        QVERIFY(!pixelOptionsFor(limited).clearBitsOutsideStored);
        PixelRedactionStep step({}, {}, pixelOptionsFor(limited));
        DicomFile file = DicomFile::open(src);
        DeidPlan plan = DeidPlanner(limited, ProjectKey::generate()).plan(file.elements());
        step.apply(file, file.info(), plan);
        applyPlan(file, plan);
        file.save(path("limited.dcm"));
        DicomFile out = DicomFile::open(path("limited.dcm"));
        QVERIFY(overlayPlanes(out).empty()); // the plan removed every group
        QCOMPARE(samplesWithBitsOutsideStored(out), 0L);
        const cv::Mat a = DicomFile::open(src).frame(0).pixels, b = out.frame(0).pixels;
        QCOMPARE(cv::countNonZero(a != b), 0); // the stored image itself unchanged
    }

    void lossySourcesSaySo() {
        fixtures::Variant v;
        v.codec = fixtures::Codec::JpegBaseline;
        v.bitsAllocated = v.bitsStored = 8;
        v.rows = v.columns = 64;
        fixtures::writeVariant(path("jpeg.dcm"), v);
        {
            DicomFile f = DicomFile::open(path("jpeg.dcm"));
            pixelstore::setString(f, kLossy, "");
            pixelstore::setString(f, kLossyMethod, "");
            pixelstore::setString(f, kLossyRatio, "");
            f.save(path("jpeg-unmarked.dcm"));
        }
        QCOMPARE(QString::fromStdString(DicomFile::open(path("jpeg-unmarked.dcm")).string(kLossy)),
                 QString());
        publish(path("jpeg-unmarked.dcm"), path("jpeg-out.dcm"));
        const DicomFile out = DicomFile::open(path("jpeg-out.dcm"));
        QCOMPARE(QString::fromStdString(out.string(kLossy)), QString("01"));
        QCOMPARE(QString::fromStdString(out.string(kLossyMethod)), QString("ISO_10918_1"));
        QVERIFY(std::stod(out.string(kLossyRatio)) > 1.0);
        QCOMPARE(QString::fromStdString(out.info().transferSyntaxUid),
                 QString("1.2.840.10008.1.2.4.50")); // copied through still compressed

        // a lossless source gets nothing
        fixtures::Variant rle;
        rle.codec = fixtures::Codec::Rle;
        fixtures::writeVariant(path("rle.dcm"), rle);
        publish(path("rle.dcm"), path("rle-out.dcm"));
        QCOMPARE(QString::fromStdString(DicomFile::open(path("rle-out.dcm")).string(kLossy)),
                 QString());
    }
};

QTEST_MAIN(TestPublicationPixels)
#include "tst_publicationpixels.moc"
