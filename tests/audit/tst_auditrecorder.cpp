// AuditRecorder: typed events with fixed names and fields on the hash chain; sign-offs and
// overrides recorded in the signer's name; hits recorded by place, never by value.
#include "audit/AuditRecorder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

QList<QJsonObject> events(const QString& path) {
    QFile f(path);
    QList<QJsonObject> out;
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
    return out;
}

ReviewBox box(const std::string& id, const std::string& uid, ReviewBox::Origin origin,
              const std::string& finding) {
    ReviewBox b;
    b.id = id;
    b.sopInstanceUid = uid;
    b.frame = 2;
    b.x = 1;
    b.y = 2;
    b.w = 30;
    b.h = 10;
    b.origin = origin;
    b.findingId = finding;
    return b;
}

} // namespace

class TestAuditRecorder : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    int m_n = 0;
    QString fresh() { return m_tmp.filePath(QString("log%1.jsonl").arg(++m_n)); }

private slots:
    void choicesAndDecisions() {
        const QString path = fresh();
        AuditRecorder r(path, "operator");
        r.levelChosen(ReleaseLevel::Limited);
        r.optionChanged(Option::RetainUIDs, true);
        r.profileChosen(Profile::standard(ReleaseLevel::Publication));
        r.boxDrawn(box("b1", "1.2", ReviewBox::Origin::Drawn, {}));
        r.boxAccepted(box("b2", "1.2", ReviewBox::Origin::Finding, "f1"));
        r.boxRejected("f2");
        r.boxRemoved(box("b1", "1.2", ReviewBox::Origin::Drawn, {}));
        const QList<QJsonObject> e = events(path);
        const QStringList names = {"level",        "option",       "profile",    "box-drawn",
                                   "box-accepted", "box-rejected", "box-removed"};
        QCOMPARE(e.size(), names.size());
        for (int i = 0; i < names.size(); ++i) {
            QCOMPARE(e[i].value("event").toString(), names[i]);
            QCOMPARE(e[i].value("person").toString(), QString("operator"));
        }
        QCOMPARE(e[1]["data"]["option"].toString(), QString("retainUIDs"));
        QCOMPARE(e[2]["data"]["sha256"].toString().size(), 64);
        QCOMPARE(e[4]["data"]["findingId"].toString(), QString("f1"));
        QCOMPARE(e[4]["data"]["frame"].toInt(), 2);
        QVERIFY(verifyAuditLog(path).ok);
    }

    // The events ReviewAudit and the export used to write as free-form JSON, now typed: their
    // names and fields are fixed here.
    void reviewHistoryAndExportSteps() {
        const QString path = fresh();
        AuditRecorder r(path, "operator");
        const ReviewBox from = box("b1", "1.2", ReviewBox::Origin::Drawn, {});
        ReviewBox to = from;
        to.x = 40;
        r.boxMoved(from, to);
        r.findingAccepted("f9");
        r.decisionCleared("f2", Decision::Rejected);
        r.reviewStep(ReviewChange::Edit, "not an event");
        r.reviewStep(ReviewChange::Undo, "Draw box");
        r.profileInvalid("option X needs Y");
        SignOff s;
        s.name = "Ada";
        s.role = SignOffRole::Approver;
        r.signOffsCleared({s}, "Draw box", ReviewChange::Redo);
        r.signOffRestored(s);
        r.faceRemoval("series 3: defaced", true);
        const AccessionList list = parseAccessionList("Accession Number\nA1\n", "approved.csv");
        r.accessionCheck(compareAccessions(list, StudyIndex()), list, false);
        r.batchReleaseRefused("/out", "the studies do not match", {"A1 is missing"});
        const QList<QJsonObject> e = events(path);
        const QStringList names = {
            "box-moved",       "box-accepted",         "decision-cleared",  "undo",
            "profile-invalid", "sign-offs-cleared",    "sign-off-restored", "face-removal",
            "accession-check", "batch-release-refused"};
        QCOMPARE(e.size(), names.size()); // an Edit step is not an event of its own
        for (int i = 0; i < names.size(); ++i)
            QCOMPARE(e[i].value("event").toString(), names[i]);
        QCOMPARE(e[0]["data"]["x"].toInt(), 40);
        QCOMPARE(e[0]["data"]["from"]["x"].toInt(), 1);
        QCOMPARE(e[0]["data"]["sopInstanceUid"].toString(), QString("1.2"));
        QCOMPARE(e[1]["data"]["findingId"].toString(), QString("f9"));
        QCOMPARE(e[2]["data"]["was"].toString(), QString("rejected"));
        QCOMPARE(e[3]["data"]["what"].toString(), QString("Draw box"));
        QCOMPARE(e[4]["data"]["problem"].toString(), QString("option X needs Y"));
        QCOMPARE(e[5]["data"]["cause"].toString(), QString("redo"));
        QCOMPARE(e[5]["data"]["change"].toString(), QString("Draw box"));
        QCOMPARE(e[5]["data"]["signOffs"][0]["role"].toString(), QString("approver"));
        QCOMPARE(e[6]["data"]["name"].toString(), QString("Ada"));
        QCOMPARE(e[7]["data"]["series"].toString(), QString("series 3: defaced"));
        QCOMPARE(e[7]["data"]["mrFacePlaneAccepted"].toBool(), true);
        QVERIFY(!e[8]["data"].toObject().isEmpty());
        QCOMPARE(e[9]["data"]["problems"][0].toString(), QString("A1 is missing"));
        QCOMPARE(e[9]["data"]["destination"].toString(), QString("/out"));
        QVERIFY(verifyAuditLog(path).ok);
    }

    // export-finished has one shape in both logs: what a log does not know is left out.
    void exportFinishedAndDeckCleanedAreTyped() {
        const QString path = fresh();
        AuditRecorder r(path, "operator");
        ExportFinished inExport;
        inExport.files = 3;
        inExport.images = 2;
        inExport.filesSha256 = std::string(64, 'a');
        r.exportFinished("/dest", inExport);
        ExportFinished inStudy;
        inStudy.files = 3;
        inStudy.verificationPassed = false;
        inStudy.certificate = "/dest.certificate.json";
        inStudy.exportAuditLog = "/dest.audit.jsonl";
        r.exportFinished("/dest", inStudy);
        r.deckChecked("talk.pptx", {{"image-text", 2}, {"notes", 1}});
        r.deckCleaned("talk.pptx", "clean.pptx", {5, 10, 1, 0});
        const QList<QJsonObject> e = events(path);
        QCOMPARE(e.size(), 4);
        QCOMPARE(e[0]["data"].toObject().keys(),
                 (QStringList{"destination", "files", "filesSha256", "images", "verification"}));
        QCOMPARE(e[0]["data"]["verification"].toString(), QString("passed"));
        QCOMPARE(
            e[1]["data"].toObject().keys(),
            (QStringList{"certificate", "destination", "exportAuditLog", "files", "verification"}));
        QCOMPARE(e[1]["data"]["verification"].toString(), QString("overridden"));
        QCOMPARE(e[2]["data"]["findings"]["image-text"].toInt(), 2);
        QCOMPARE(e[3]["data"]["changes"].toInt(), 5);
        QCOMPARE(e[3]["data"]["slides"].toInt(), 10);
        QCOMPARE(e[3]["data"]["notCleaned"].toInt(), 1);
        QCOMPARE(e[3]["data"]["output"].toString(), QString("clean.pptx"));
        QVERIFY(verifyAuditLog(path).ok);
    }

    void signOffsAndOverridesInTheSignersName() {
        const QString path = fresh();
        AuditRecorder r(path, "operator");
        SignOff s;
        s.name = "Grace";
        s.role = SignOffRole::Approver;
        s.time = "2024-06-01T10:00:00Z";
        r.signOff(s);
        VerificationReport report;
        FileVerification f;
        f.file = "P/S/1.dcm";
        f.hits.push_back({"P/S/1.dcm", "(0010,0010) PatientName", "SMITH^JOHN", "PatientName"});
        report.files.push_back(f);
        r.verification(report);
        r.gateOverride({"Grace", "consented title", "2024-06-01T11:00:00Z"}, report);
        const QList<QJsonObject> e = events(path);
        QCOMPARE(e[0]["person"].toString(), QString("Grace"));
        QCOMPARE(e[0]["data"]["role"].toString(), QString("approver"));
        QCOMPARE(e[1]["data"]["passed"].toBool(), false);
        QCOMPARE(e[2]["event"].toString(), QString("gate-override"));
        QCOMPARE(e[2]["person"].toString(), QString("Grace"));
        QCOMPARE(e[2]["data"]["reason"].toString(), QString("consented title"));
        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        QVERIFY(!raw.readAll().contains("SMITH")); // where and which attribute, never the value
    }

    void sessionDecisionsRespectScope() {
        ReviewSession s;
        s.putBox(box("b1", "in", ReviewBox::Origin::Finding, "f1"));
        s.putBox(box("b2", "out", ReviewBox::Origin::Drawn, {}));
        s.putBox(box("b3", "in", ReviewBox::Origin::Finding, "f3"));
        s.setDecision("f1", Decision::Accepted);
        s.setDecision("f3", Decision::Rejected);
        s.setReviewed("in", true, "Dr Ada", "bulk reason here");
        s.setReviewed("out", true, "Dr Ada");
        const QString path = fresh();
        AuditRecorder r(path, "operator");
        r.sessionDecisions(s, {"in"});
        QStringList names;
        for (const QJsonObject& o : events(path))
            names << o["event"].toString();
        QCOMPARE(names, (QStringList{"box-accepted", "box-rejected", "instance-reviewed"}));
    }

    void releasesAndBoxesFiles() {
        const QString path = fresh();
        const QString boxes = m_tmp.filePath("boxes.json");
        QFile f(boxes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"([{"sopInstanceUid":"1.2","frame":"all","x":0,"y":0,"w":5,"h":5}])");
        f.close();
        AuditRecorder r(path, "operator");
        r.boxesFile(boxes.toStdString(), loadBoxesFile(boxes.toStdString()));
        BatchReleased batch;
        batch.written = 3;
        batch.pixels = "NOT checked: no verification";
        r.batchRelease("/out", Profile::standard(ReleaseLevel::Publication), batch);
        ExportStarted started;
        started.instances = 3;
        started.zip = true;
        r.exportStarted("/dest", Profile::standard(ReleaseLevel::Publication), started);
        r.exportBlocked("/dest", "2 hits");
        const QList<QJsonObject> e = events(path);
        QCOMPARE(e[0]["data"]["sha256"].toString().size(), 64);
        QCOMPARE(e[0]["data"]["entries"].toArray().size(), 1);
        QCOMPARE(e[1]["event"].toString(), QString("batch-release"));
        QCOMPARE(e[1]["data"]["reviewed"].toBool(true), false);
        QCOMPARE(e[1]["data"]["written"].toInt(), 3);
        // Not verified: "verified" false and no "verification"; the optional fields left out.
        QCOMPARE(e[1]["data"]["verified"].toBool(true), false);
        QVERIFY(!e[1]["data"].toObject().contains("verification"));
        QVERIFY(!e[1]["data"].toObject().contains("keptIn"));
        QVERIFY(!e[1]["data"].toObject().contains("faceRemoval"));
        QCOMPARE(e[2]["data"]["level"].toString(), QString("publication"));
        QCOMPARE(e[2]["data"]["container"].toString(), QString("zip"));
        QCOMPARE(e[2]["data"]["instances"].toInt(), 3);
        QCOMPARE(e[2]["data"]["destination"].toString(), QString("/dest"));
        QCOMPARE(e[3]["event"].toString(), QString("export-blocked"));
        QVERIFY(verifyAuditLog(path).ok);
    }
};

QTEST_GUILESS_MAIN(TestAuditRecorder)
#include "tst_auditrecorder.moc"
