// End to end through core: the fixtures corpus indexed, boxed as the review would accept it,
// signed off, exported (folder, zip with DICOMDIR, limited level), verified; a kept PatientName
// blocks the export until the approver overrides it with a reason, in the audit.
#include "E2eData.h"

#include "verify/OcrPixelChecker.h"

#include "audit/AuditLog.h"
#include "common/Error.h"
#include "deid/ProfileDigest.h"
#include "dicom/DicomFile.h"
#include "export/Archive.h"
#include "export/ExportJob.h"
#include "export/IsoLayout.h"
#include "export/Staging.h"
#include "study/StudyIndexer.h"

#include <opencv2/core.hpp>

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace veil;
namespace fs = std::filesystem;

namespace {

Profile keepingPatientName() {
    return Profile::fromJson(R"({"overrides":[{"keyword":"PatientName","action":"K"}]})",
                             "keep-name.json");
}

QList<QJsonObject> auditEvents(const fs::path& log) {
    QFile f(QString::fromStdString(log.string()));
    QList<QJsonObject> out;
    if (!f.open(QIODevice::ReadOnly))
        return out;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    return out;
}

int countEvents(const QList<QJsonObject>& events, const QString& name) {
    return int(std::count_if(events.begin(), events.end(), [&](const QJsonObject& o) {
        return o.value("event").toString() == name;
    }));
}

bool hasCleanPixelDataCode(const fs::path& file) {
    for (const ElementValue& e : DicomFile::open(file).elements())
        if (e.path.toString().rfind("(0012,0064)", 0) == 0 && e.value == "113101")
            return true;
    return false;
}

} // namespace

class TestExportE2e : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    e2e::Corpus m_corpus;
    ReviewSession m_review;

    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    ExportRequest request(const std::string& dest,
                          ReleaseLevel level = ReleaseLevel::Publication) const {
        ExportRequest r;
        r.destination = path(dest);
        r.profile = Profile::standard(level);
        r.signOffs = e2e::signOffs(level, level == ReleaseLevel::Publication);
        r.review = m_review;
        r.findings = findingsFromBoxes(m_review);
        r.person = "test";
        r.threads = 2;
        // The review's boxes are what these tests are about; the text detector's own pass
        // (the default at publication) is tested on its own below.
        r.redact = RedactPolicy::None;
        return r;
    }

    static ExportResult run(const ExportRequest& r, const StudyIndex& index) {
        NullProgress progress;
        CancelToken cancel;
        return ExportJob(r, e2e::testKey()).run(index, progress, cancel);
    }

    void checkCertificateDigests(const Certificate& c,
                                 const std::map<std::string, std::string>& actual) {
        QCOMPARE(int(c.files.size()), int(actual.size()));
        for (const CertificateFile& f : c.files) {
            QVERIFY2(actual.count(f.path), f.path.c_str());
            QCOMPARE(QString::fromStdString(f.sha256), QString::fromStdString(actual.at(f.path)));
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_corpus = e2e::makeCorpus(path("corpus"));
        QCOMPARE(m_corpus.index.instanceCount(), int(m_corpus.key.files.size()));
        m_review = e2e::acceptedReview(m_corpus);
    }

    void folderExportPassesAndCertifiesEveryFile() {
        const ExportResult r = run(request("release"), m_corpus.index);
        QVERIFY2(r.ok(), r.message.c_str());
        QVERIFY(r.verification.passed());
        QVERIFY(fs::is_directory(path("release")));
        QVERIFY(e2e::partialFolders(path("")).empty());
        const Certificate c = Certificate::load(path("release.certificate.json"));
        checkCertificateDigests(c, e2e::sha256Below(path("release")));
        QCOMPARE(c.images, int(m_corpus.key.files.size()));
        QCOMPARE(c.studies, 4);
        QVERIFY(c.verification.passed);
        QCOMPARE(QString::fromStdString(c.approver()->name), QString(e2e::kApprover));
        QCOMPARE(
            QString::fromStdString(c.profileSha256),
            QString::fromStdString(profileSha256(Profile::standard(ReleaseLevel::Publication))));
        QVERIFY(c.decisionCounts.at("box-accepted") > 20);
        int rejected = 0;
        for (const fixtures::FileEntry& f : m_corpus.key.files)
            rejected += int(std::count_if(f.boxes.begin(), f.boxes.end(),
                                          [](const auto& b) { return !b.phi; }));
        QCOMPARE(c.decisionCounts.at("box-rejected"), rejected);
        QVERIFY(c.redactedImages > 10);
        const AuditVerification audit =
            verifyAuditLog(QString::fromStdString(path("release.audit.jsonl").string()));
        QVERIFY(audit.ok);
        QCOMPARE(QString::fromStdString(c.auditHead), QString::fromStdString(audit.head));
        const QList<QJsonObject> events = auditEvents(path("release.audit.jsonl"));
        QCOMPARE(countEvents(events, "sign-off"), 2);
        QCOMPARE(countEvents(events, "export-finished"), 1);
        QVERIFY(countEvents(events, "box-accepted") > 20);
    }

    // The default at publication, as the GUI exports: the text detector reads every frame of
    // every instance as it is written and burns what identifies (as well as the review's
    // boxes), and the gate reads every output frame again; the certificate says so.
    void publicationExportReadsEveryFrame() {
        ExportRequest r = request("read-all");
        r.redact.reset();
        std::set<std::string> scope;
        for (const fixtures::FileEntry& f : m_corpus.key.files)
            if (scope.size() < 3 &&
                std::any_of(f.boxes.begin(), f.boxes.end(), [](const auto& b) { return b.phi; }))
                scope.insert(f.sopInstanceUid); // images with burned-in names
        QCOMPARE(int(scope.size()), 3);
        r.scope = scope;
        OcrPixelChecker pixels;
        r.pixelChecker = &pixels;
        const ExportResult result = run(r, m_corpus.index);
        QVERIFY2(result.ok(), (result.message + "\n" + result.verification.text()).c_str());
        QVERIFY(result.verification.pixelsChecked);
        QCOMPARE(result.verification.frames,
                 result.verification.framesRead + result.verification.framesSame);
        const Certificate c = Certificate::load(path("read-all.certificate.json"));
        QVERIFY(c.verification.pixelsChecked);
        QCOMPARE(QString::fromStdString(c.redact), QString("auto"));
        QVERIFY(c.valuesOfThisReleaseOnly);
        QVERIFY(!c.releaseId.empty());
        const std::string audit = e2e::slurp(path("read-all.audit.jsonl"));
        QVERIFY(audit.find("\"redact\":\"auto\"") != std::string::npos);
    }

    // Two exports of the same study are two releases: no pseudonym or UID in common.
    void twoExportsShareNoValue() {
        const ExportResult a = run(request("rel-one"), m_corpus.index);
        const ExportResult b = run(request("rel-two"), m_corpus.index);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a.certificate->releaseId != b.certificate->releaseId);
        std::set<std::string> first;
        for (const CertificateFile& f : a.certificate->files)
            first.insert(f.path.substr(0, f.path.find('/')));
        for (const CertificateFile& f : b.certificate->files)
            QVERIFY2(!first.count(f.path.substr(0, f.path.find('/'))), f.path.c_str());
    }

    void burnedFilesRecordCleanPixelDataAndBurnedInAnnotation() {
        const Certificate c = Certificate::load(path("release.certificate.json"));
        int withCode = 0, platesChecked = 0;
        for (const CertificateFile& f : c.files) {
            const DicomFile file = DicomFile::open(path("release") / f.path);
            const bool burned = hasCleanPixelDataCode(path("release") / f.path);
            withCode += burned;
            // Every CT name plate covers this rectangle (the dose report, RGB, has its text
            // elsewhere).
            if (burned && file.string(Tag(0x0008, 0x0060)) == "CT" &&
                file.info().samplesPerPixel == 1) {
                const cv::Mat box = file.frame(0).pixels(cv::Rect(8, 8, 78, 7));
                double lo = 0, hi = 0;
                cv::minMaxLoc(box.reshape(1), &lo, &hi);
                QVERIFY2(lo == hi, (f.path + " " + file.info().transferSyntaxUid).c_str());
                ++platesChecked;
            }
            if (file.info().hasPixelData) // every instance was reviewed: NO everywhere
                QCOMPARE(QString::fromStdString(file.string(Tag(0x0028, 0x0301))), QString("NO"));
        }
        QCOMPARE(withCode, c.redactedImages);
        QVERIFY(platesChecked >= 10); // the CT slice, its transfer-syntax copies, MÜLLER's slice
    }

    void zipWithDicomdirUsesIsoNames() {
        ExportRequest r = request("release.zip");
        r.container = ExportContainer::Zip;
        r.dicomdir = true;
        const ExportResult result = run(r, m_corpus.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY(fs::is_regular_file(path("release.zip")));
        const std::map<std::string, std::string> entries = zipEntrySha256(path("release.zip"));
        checkCertificateDigests(*result.certificate, entries);
        QVERIFY(entries.count("DICOMDIR"));
        for (const auto& [name, digest] : entries)
            QVERIFY2(isIsoName(name), name.c_str());
        // The zip's own bytes are certified through its entries; extract and check the DICOMDIR.
        extractZip(path("release.zip"), path("unzipped"));
        int referenced = 0;
        std::string mediaClass;
        for (const ElementValue& e : DicomFile::open(path("unzipped") / "DICOMDIR").elements()) {
            referenced += e.keyword == "ReferencedFileID";
            if (e.keyword == "MediaStorageSOPClassUID")
                mediaClass = e.value;
        }
        QCOMPARE(QString::fromStdString(mediaClass), QString("1.2.840.10008.1.3.10"));
        QCOMPARE(referenced, int(entries.size()) - 1);
        QVERIFY(e2e::partialFolders(path("")).empty());
    }

    void keptPatientNameBlocksTheExport() {
        ExportRequest r = request("leaky");
        r.profile = keepingPatientName();
        const ExportResult result = run(r, m_corpus.index);
        QCOMPARE(result.status, ExportStatus::Blocked);
        QVERIFY(!fs::exists(path("leaky")));
        QVERIFY(!fs::exists(path("leaky.certificate.json")));
        QVERIFY(e2e::partialFolders(path("")).empty());
        bool named = false;
        for (const VerificationHit& h : result.verification.hits())
            named = named || (h.attribute == "PatientName" &&
                              h.where.find("(0010,0010)") != std::string::npos);
        QVERIFY2(named, result.verification.text().c_str());
        QVERIFY(result.verification.text().find("VERIFICATION FAILED") != std::string::npos);
        const QList<QJsonObject> events = auditEvents(path("leaky.audit.jsonl"));
        QCOMPARE(countEvents(events, "export-blocked"), 1);
        // The audit names where, never the value.
        QVERIFY(e2e::slurp(path("leaky.audit.jsonl")).find("SMITH") == std::string::npos);
    }

    void approverOverrideLetsItThroughAndIsAudited() {
        ExportRequest r = request("leaky");
        r.profile = keepingPatientName();
        r.gateOverride =
            GateOverride{e2e::kApprover, "the name is the published case's consented title", {}};
        const ExportResult result = run(r, m_corpus.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY(fs::is_directory(path("leaky")));
        QVERIFY(result.certificate->verification.override.has_value());
        QVERIFY(!result.certificate->verification.passed);
        QCOMPARE(result.certificate->decisionCounts.at("gate-override"), 1);
        const QList<QJsonObject> events = auditEvents(path("leaky.audit.jsonl"));
        QCOMPARE(countEvents(events, "gate-override"), 1);
        for (const QJsonObject& e : events)
            if (e.value("event") == "gate-override") {
                QCOMPARE(e.value("person").toString(), QString(e2e::kApprover));
                QVERIFY(e.value("data")["reason"].toString().contains("consented"));
            }
        QVERIFY(verifyAuditLog(QString::fromStdString(path("leaky.audit.jsonl").string())).ok);
    }

    void onlyTheApproverMayOverride() {
        ExportRequest r = request("not-yours");
        r.profile = keepingPatientName();
        r.gateOverride = GateOverride{e2e::kReviewer, "I am sure this is fine to publish", {}};
        const ExportResult result = run(r, m_corpus.index);
        QCOMPARE(result.status, ExportStatus::Refused);
        QVERIFY2(result.message.find("only the approver") != std::string::npos,
                 result.message.c_str());
        r.gateOverride = GateOverride{e2e::kApprover, "ok", {}};
        QVERIFY(run(r, m_corpus.index).message.find("written reason") != std::string::npos);
        QVERIFY(!fs::exists(path("not-yours")));
    }

    void refusedWithoutApproverOrReview() {
        ExportRequest r = request("unsigned");
        r.signOffs = e2e::signOffs(ReleaseLevel::Publication, false);
        ExportResult result = run(r, m_corpus.index);
        QCOMPARE(result.status, ExportStatus::Refused);
        QVERIFY2(result.message.find("approver") != std::string::npos, result.message.c_str());
        r = request("unreviewed");
        ReviewSession pending = m_review;
        pending.setDecision(pending.boxes().begin()->second.findingId, Decision::Pending);
        r.review = pending;
        result = run(r, m_corpus.index);
        QCOMPARE(result.status, ExportStatus::Refused);
        QVERIFY2(result.message.find("not reviewed") != std::string::npos, result.message.c_str());
        r = request("same-person");
        r.signOffs[1].name = "dr ada  REVIEWER";
        QVERIFY(run(r, m_corpus.index).message.find("another person") != std::string::npos);
        QVERIFY(!fs::exists(path("unsigned")) && !fs::exists(path("unreviewed")));
    }

    void limitedKeepsTheMappingOutside() {
        ExportRequest r = request("limited", ReleaseLevel::Limited);
        r.mappingFile = path("limited") / "mapping.veilmap";
        ExportResult result = run(r, m_corpus.index);
        QCOMPARE(result.status, ExportStatus::Refused);
        QVERIFY2(result.message.find("must not go inside") != std::string::npos,
                 result.message.c_str());
        r.mappingFile = path("limited.veil-partial-x") / "mapping.veilmap";
        QCOMPARE(run(r, m_corpus.index).status, ExportStatus::Refused);
        r.mappingFile = path("limited-mapping.veilmap");
        result = run(r, m_corpus.index);
        QVERIFY2(result.ok(), (result.message + "\n" + result.verification.text()).c_str());
        QVERIFY(fs::is_regular_file(path("limited-mapping.veilmap")));
        QVERIFY(result.certificate->mappingKept);
        for (const auto& [file, digest] : e2e::sha256Below(path("limited")))
            QVERIFY(file.find("veilmap") == std::string::npos);
    }

    void scopeExportsOnlyChosenInstances() {
        ExportRequest r = request("scoped");
        const std::string dx =
            m_corpus.key
                .files[std::size_t(
                    std::find_if(m_corpus.key.files.begin(), m_corpus.key.files.end(),
                                 [](const fixtures::FileEntry& f) { return f.kind == "dx"; }) -
                    m_corpus.key.files.begin())]
                .sopInstanceUid;
        r.scope = {dx};
        const ExportResult result = run(r, m_corpus.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QCOMPARE(result.certificate->images, 1);
        QCOMPARE(result.certificate->patients, 1);
    }

    void stalepartialFoldersAreCleaned() {
        const fs::path stale = path("cleaned.veil-partial-AbC123");
        fs::create_directories(stale / "export" / "P");
        QFile lock(QString::fromStdString((stale / ".lock").string()));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("999999\nveil-cli\n" + QSysInfo::machineHostName().toUtf8() + "\n");
        lock.close();
        fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(1));
        const ExportResult result = run(request("cleaned"), m_corpus.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY(!fs::exists(stale));
    }

    void aLiveStagingAreaIsNotStale() {
        StagingArea live(path("busy"));
        QVERIFY(StagingArea::cleanStale(path("")).empty());
        QVERIFY(fs::exists(live.root()));
        QVERIFY_THROWS_EXCEPTION(Error, StagingArea(path("release")));
    }

    // The GUI export's path (ExportJob) with Clean Recognizable Visual Features: the head CT
    // phantom is defaced (113102, RecognizableVisualFeatures NO), the certificate says so.
    void exportDefacesFlaggedHeadCt() {
        fixtures::HeadPhantom phantom;
        phantom.seed = 9;
        e2e::Corpus head;
        head.dir = path("head-corpus");
        head.key = fixtures::writeHeadCtSeries(head.dir, phantom);
        NullProgress progress;
        CancelToken cancel;
        head.index = StudyIndexer().run({head.dir.string()}, progress, cancel);
        QCOMPARE(head.index.instanceCount(), 60);
        ExportRequest r = request("head-release");
        r.review = e2e::acceptedReview(head);
        r.findings = findingsFromBoxes(*r.review);
        r.profile.options.add(Option::CleanRecognizableVisualFeatures);
        const ExportResult result = run(r, head.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY2(QString::fromStdString(result.faceRemoval).contains("defaced"),
                 result.faceRemoval.c_str());
        const Certificate c = Certificate::load(path("head-release.certificate.json"));
        QCOMPARE(int(c.faces.size()), 1);
        QVERIFY(c.faces[0].defaced);
        int no = 0;
        for (const auto& entry : fs::recursive_directory_iterator(path("head-release")))
            if (entry.is_regular_file() && entry.path().extension() == ".dcm")
                no += DicomFile::open(entry.path(), DicomFile::Load::HeaderOnly)
                          .string(tags::RecognizableVisualFeatures) == "NO";
        QCOMPARE(no, 60);
    }

    // An MR head with the option: the preflight refuses it (nothing written) until the MR
    // face-plane fallback is accepted; then the plane defaces it and the certificate says how.
    void exportRefusesMrFaceUntilThePlaneIsAccepted() {
        fixtures::HeadPhantom phantom;
        phantom.seed = 11;
        phantom.modality = "MR";
        phantom.studyDescription = "MR BRAIN";
        e2e::Corpus mr;
        mr.dir = path("mr-corpus");
        mr.key = fixtures::writeHeadCtSeries(mr.dir, phantom);
        NullProgress progress;
        CancelToken cancel;
        mr.index = StudyIndexer().run({mr.dir.string()}, progress, cancel);
        QCOMPARE(mr.index.instanceCount(), 60);
        ExportRequest r = request("mr-release");
        r.review = e2e::acceptedReview(mr);
        r.findings = findingsFromBoxes(*r.review);
        r.profile.options.add(Option::CleanRecognizableVisualFeatures);
        const ExportResult refused = run(r, mr.index);
        QCOMPARE(int(refused.status), int(ExportStatus::Refused));
        QVERIFY2(QString::fromStdString(refused.message).contains("face-plane fallback"),
                 refused.message.c_str());
        QVERIFY(!fs::exists(path("mr-release")));

        r.acceptMrFacePlane = true;
        QVERIFY(ExportJob(r, e2e::testKey()).preflight(mr.index).ok());
        const ExportResult result = run(r, mr.index);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY2(QString::fromStdString(result.faceRemoval).contains("MR face plane"),
                 result.faceRemoval.c_str());
        const Certificate c = Certificate::load(path("mr-release.certificate.json"));
        QCOMPARE(int(c.faces.size()), 1);
        QVERIFY(c.faces[0].defaced);
        QVERIFY2(QString::fromStdString(c.faces[0].removal).contains("MR face plane"),
                 c.faces[0].removal.c_str());
    }
};

QTEST_MAIN(TestExportE2e)
#include "tst_export_e2e.moc"
