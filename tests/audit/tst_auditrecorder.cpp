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
        r.batchRelease("/out", Profile::standard(ReleaseLevel::Publication), {{"written", 3}});
        r.exportStarted("/dest", Profile::standard(ReleaseLevel::Publication), {{"instances", 3}});
        r.exportBlocked("/dest", "2 hits");
        const QList<QJsonObject> e = events(path);
        QCOMPARE(e[0]["data"]["sha256"].toString().size(), 64);
        QCOMPARE(e[0]["data"]["entries"].toArray().size(), 1);
        QCOMPARE(e[1]["event"].toString(), QString("batch-release"));
        QCOMPARE(e[1]["data"]["reviewed"].toBool(true), false);
        QCOMPARE(e[1]["data"]["written"].toInt(), 3);
        QCOMPARE(e[2]["data"]["level"].toString(), QString("publication"));
        QCOMPARE(e[3]["event"].toString(), QString("export-blocked"));
        QVERIFY(verifyAuditLog(path).ok);
    }
};

QTEST_GUILESS_MAIN(TestAuditRecorder)
#include "tst_auditrecorder.moc"
