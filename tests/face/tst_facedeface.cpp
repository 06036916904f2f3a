// Face warning and face removal on generated phantoms: a head CT (nose, lips, brow on an
// ellipsoid head with a skull shell) and a chest CT. Counts are made against the phantom's
// own geometry (fixtures::headPhantomLabel) at every voxel's patient coordinates.
#include "deid/Profile.h"
#include "export/BatchRelease.h"
#include "export/Certificate.h"
#include "face/FacePreview.h"
#include "face/FaceRemoval.h"
#include "study/FaceRisk.h"
#include "study/IndexReport.h"
#include "study/StudyIndexer.h"

#include "Fixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
namespace fx = veil::fixtures;
namespace fs = std::filesystem;

namespace {

StudyIndex indexOf(const fs::path& dir) {
    NullProgress progress;
    CancelToken cancel;
    return StudyIndexer().run({dir.string()}, progress, cancel);
}

const SeriesNode& onlySeries(const StudyIndex& index) {
    return index.patients.at(0).studies.at(0).series.at(0);
}

struct Counts {
    long face = 0, faceTissue = 0;      // phantom face voxels, and those still tissue
    long inside = 0, insideChanged = 0; // skull and brain voxels, and those that changed
};

// Compares a volume before and after against the phantom's labels (both in canonical layout).
Counts count(const HeadVolume& v, const std::vector<cv::Mat>& after) {
    Counts c;
    for (int k = 0; k < v.count(); ++k) {
        const InstanceInfo& i = *v.instances[std::size_t(k)];
        for (int y = 0; y < v.rows; ++y)
            for (int x = 0; x < v.columns; ++x) {
                // canonical = stored for the phantom (rows already run anterior → posterior)
                const double px = i.position[0] + x * i.pixelSpacing[1];
                const double py = i.position[1] + y * i.pixelSpacing[0];
                const fx::HeadLabel l = fx::headPhantomLabel(px, py, i.position[2]);
                const float b = v.slices[std::size_t(k)].at<float>(y, x);
                const float a = after[std::size_t(k)].at<float>(y, x);
                if (l == fx::HeadLabel::Face) {
                    ++c.face;
                    c.faceTissue += a > -500;
                } else if (l == fx::HeadLabel::Skull || l == fx::HeadLabel::Brain) {
                    ++c.inside;
                    c.insideChanged += a != b;
                }
            }
    }
    return c;
}

} // namespace

class TestFaceDeface : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path path(const char* name) const { return fs::path(m_dir.path().toStdString()) / name; }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        fx::writeHeadCtSeries(path("head"));
        fx::writeCtSeries(path("chest"), 60, 2); // its own UIDs
    }

    void headIsFlaggedChestIsNot() {
        const StudyIndex head = indexOf(path("head"));
        const FaceRisk h = faceRisk(onlySeries(head), head.patients[0].studies[0].description);
        QVERIFY2(h.mayShowFace, h.reason.c_str());
        QCOMPARE(h.geometry.contiguous, 60);
        QVERIFY(h.geometry.extentMm > 230 && h.geometry.extentMm < 250);
        const StudyIndex chest = indexOf(path("chest"));
        const FaceRisk c = faceRisk(onlySeries(chest), chest.patients[0].studies[0].description);
        QVERIFY2(!c.mayShowFace, c.reason.c_str());
        QVERIFY(seriesThatMayShowFace(chest).empty());
        QCOMPARE(int(seriesThatMayShowFace(head).size()), 1);
    }

    void wordsAreWholeWords() {
        QVERIFY(mentionsHeadOrFace("CT HEAD W/O"));
        QVERIFY(mentionsHeadOrFace("sinus_coronal"));
        QVERIFY(mentionsHeadOrFace("Brain perfusion"));
        QVERIFY(!mentionsHeadOrFace("HEADACHE protocol"));
        QVERIFY(!mentionsHeadOrFace("CHEST ABDOMEN PELVIS"));
    }

    void tooFewSlicesIsNotAVolume() {
        fx::HeadPhantom few;
        few.slices = 6; // 24 mm: below the 10 slices / 50 mm of a volume
        few.sliceMm = 4;
        fx::writeHeadCtSeries(path("few"), few);
        const StudyIndex index = indexOf(path("few"));
        QVERIFY(!faceRisk(onlySeries(index), "CT HEAD").mayShowFace);
    }

    void infoJsonCarriesTheFlag() {
        const StudyIndex head = indexOf(path("head"));
        const QJsonObject root =
            QJsonDocument::fromJson(QByteArray::fromStdString(indexReportJson(head))).object();
        const QJsonObject series = root["patients"][0]["studies"][0]["series"][0].toObject();
        QVERIFY(series["mayShowFace"].toBool());
        QVERIFY(series["faceRisk"].toString().contains("BodyPartExamined HEAD"));
        QVERIFY(QString::fromStdString(indexReportText(head)).contains("MAY SHOW A FACE"));
        const StudyIndex chest = indexOf(path("chest"));
        const QJsonObject c =
            QJsonDocument::fromJson(QByteArray::fromStdString(indexReportJson(chest)))
                .object()["patients"][0]["studies"][0]["series"][0]
                .toObject();
        QVERIFY(c.contains("mayShowFace") && !c["mayShowFace"].toBool());
    }

    void removesTheFaceKeepsTheSkull() {
        const StudyIndex head = indexOf(path("head"));
        const HeadVolume v = loadHeadVolume(onlySeries(head));
        QCOMPARE(v.count(), 60);
        QVERIFY(!v.transposed && !v.flipped);
        const DefaceResult r = defaceCt(v);
        QVERIFY2(r.browFound, r.note.c_str());
        const Counts before = count(v, v.slices);
        QVERIFY(before.face > 500);
        QCOMPARE(before.faceTissue, before.face);
        const Counts after = count(v, applied(v, r));
        qInfo("face voxels %ld, still tissue %ld; skull+brain %ld, changed %ld; %s", after.face,
              after.faceTissue, after.inside, after.insideChanged, r.note.c_str());
        QVERIFY2(after.faceTissue * 100 <= after.face * 5, "more than 5% of the face is left");
        QVERIFY2(after.insideChanged * 1000 <= after.inside, "more than 0.1% inside changed");
    }

    void previewShowsBeforeAndAfter() {
        const StudyIndex head = indexOf(path("head"));
        const FacePreview p = facePreview(onlySeries(head));
        QCOMPARE(QString::fromStdString(p.status), QString("defaced"));
        QVERIFY(!p.before.empty() && p.before.size() == p.after.size());
        QCOMPARE(p.before.cols, 128);
        QVERIFY(cv::norm(p.before, p.after, cv::NORM_L1) > 0); // the nose is gone
    }

    void mrIsRefusedUnlessAccepted() {
        fx::HeadPhantom mr;
        mr.modality = "MR";
        mr.studyDescription = "MR BRAIN";
        fx::writeHeadCtSeries(path("mr"), mr);
        const StudyIndex index = indexOf(path("mr"));
        NullProgress progress;
        CancelToken cancel;
        const FaceRemovalPlan refused = prepareFaceRemoval(index, {}, progress, cancel);
        QCOMPARE(int(refused.series.size()), 1);
        QVERIFY(refused.series[0].status == FaceSeriesOutcome::Status::Refused);
        QVERIFY(refused.masks.empty());
        FaceRemovalOptions accept;
        accept.acceptMrFacePlane = true;
        const FaceRemovalPlan plane = prepareFaceRemoval(index, accept, progress, cancel);
        QVERIFY2(plane.series[0].status == FaceSeriesOutcome::Status::Defaced,
                 plane.summary().c_str());
        QVERIFY(plane.series[0].voxelsChanged > 0);

        // The export's preflight line: only for MR, only with the option and no acceptance.
        QCOMPARE(int(mrSeriesThatMayShowFace(index).size()), 1);
        const std::string problem = mrFacePlaneProblem(index, true, false);
        QVERIFY2(problem.find("face-plane fallback") != std::string::npos, problem.c_str());
        QVERIFY(problem.find(mrSeriesThatMayShowFace(index)[0].label) != std::string::npos);
        QVERIFY(mrFacePlaneProblem(index, true, true).empty());
        QVERIFY(mrFacePlaneProblem(index, false, false).empty());
        QVERIFY(mrSeriesThatMayShowFace(indexOf(path("head"))).empty()); // CT: no fallback
        QVERIFY(mrFacePlaneProblem(indexOf(path("head")), true, false).empty());
        QVERIFY(mrFacePlaneProblem(indexOf(path("chest")), true, false).empty());
    }

    // veil-cli deid's path: the batch release with the option.
    void batchDefacesHeadLeavesChest() {
        fs::create_directories(path("both"));
        fs::copy(path("head"), path("both") / "head", fs::copy_options::recursive);
        fs::copy(path("chest"), path("both") / "chest", fs::copy_options::recursive);
        fs::remove(path("both") / "head" / "key.json");
        fs::remove(path("both") / "chest" / "key.json");
        const StudyIndex index = indexOf(path("both"));
        Profile profile = Profile::standard(ReleaseLevel::Publication);
        profile.options.add(Option::CleanRecognizableVisualFeatures);
        BatchReleaseOptions o;
        o.outDir = path("out");
        o.redact = "none";
        NullProgress progress;
        CancelToken cancel;
        const BatchReleaseResult r =
            runBatchRelease(index, profile, ProjectKey::generate(), o, progress, cancel);
        std::string failures;
        for (const DeidFileOutcome& f : r.deid.files)
            if (f.status != DeidFileOutcome::Status::Written)
                failures += f.source + ": " + f.message + "\n";
        QVERIFY2(failures.empty(), failures.c_str());
        QVERIFY(r.faces);
        QCOMPARE(int(r.faces->series.size()), 1);
        QVERIFY(r.faces->series[0].status == FaceSeriesOutcome::Status::Defaced);
        QCOMPARE(r.faces->series[0].seriesNumber, 3);

        const StudyIndex out = indexOf(path("out"));
        int heads = 0, chests = 0;
        for (const StudyNode& st : out.patients.at(0).studies)
            for (const SeriesNode& se : st.series) {
                const bool head = se.number == 3;
                for (const InstanceInfo& i : se.instances) {
                    DicomFile f = DicomFile::open(i.localPath);
                    bool has113102 = false;
                    for (const ElementValue& e : f.elements())
                        has113102 |= e.keyword == "CodeValue" && e.value == "113102";
                    if (head) {
                        ++heads;
                        QCOMPARE(QString::fromStdString(i.recognizableVisualFeatures),
                                 QString("NO"));
                    } else {
                        ++chests;
                        QVERIFY(!has113102);
                        QVERIFY(i.recognizableVisualFeatures.empty());
                    }
                    QCOMPARE(has113102, head);
                }
            }
        QCOMPARE(heads, 60);
        QCOMPARE(chests, 60);
        // The chest's pixels are untouched.
        const StudyIndex chestIn = indexOf(path("chest"));
        std::map<int, cv::Mat> source;
        for (const InstanceInfo& i : onlySeries(chestIn).instances)
            source[i.instanceNumber] = DicomFile::open(i.localPath).frame(0).pixels;
        for (const StudyNode& st : out.patients.at(0).studies)
            for (const SeriesNode& se : st.series)
                if (se.number != 3)
                    for (const InstanceInfo& i : se.instances)
                        QCOMPARE(cv::norm(DicomFile::open(i.localPath).frame(0).pixels,
                                          source.at(i.instanceNumber), cv::NORM_INF),
                                 0.0);
        // The defaced output, measured against the phantom (the index outlives the volume:
        // HeadVolume points into it).
        const StudyIndex headIndex = indexOf(path("head"));
        for (const StudyNode& st : out.patients.at(0).studies)
            for (const SeriesNode& se : st.series)
                if (se.number == 3) {
                    const HeadVolume v = loadHeadVolume(onlySeries(headIndex));
                    const HeadVolume w = loadHeadVolume(se);
                    const Counts c = count(v, w.slices);
                    qInfo("output: face %ld tissue %ld inside %ld changed %ld; z %g vs %g", c.face,
                          c.faceTissue, c.inside, c.insideChanged, v.instances[0]->position[2],
                          w.instances[0]->position[2]);
                    QVERIFY(c.face > 500 && c.inside > 100000);
                    QVERIFY(c.faceTissue * 100 <= c.face * 5);
                    QVERIFY(c.insideChanged * 1000 <= c.inside);
                }
        // The certificate carries the flag and what was done.
        const Certificate cert = Certificate::load(r.certificateFile);
        QCOMPARE(int(cert.faces.size()), 1);
        QCOMPARE(cert.faces[0].seriesNumber, 3);
        QVERIFY(cert.faces[0].defaced);
        QVERIFY(QString::fromStdString(cert.faces[0].removal).startsWith("defaced"));
        const QJsonObject json = cert.toJson();
        QVERIFY(json["faces"][0]["mayShowFace"].toBool());
    }
};

QTEST_GUILESS_MAIN(TestFaceDeface)
#include "tst_facedeface.moc"
