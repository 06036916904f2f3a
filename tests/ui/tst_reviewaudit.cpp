// The study's audit log as the review happens: each edit, undo and redo of the review
// controller becomes core AuditRecorder events in <review file>.audit.jsonl, sign-offs are
// recorded under the signer's name and cleared (and said so) by any later change.
#include "ReviewAudit.h"
#include "ReviewController.h"

#include "audit/AuditLog.h"
#include "review/ReviewProfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

QList<QJsonObject> events(const QString& path) {
    QList<QJsonObject> out;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                out << QJsonDocument::fromJson(line).object();
    return out;
}

QStringList names(const QList<QJsonObject>& list) {
    QStringList out;
    for (const QJsonObject& o : list)
        out << o.value("event").toString();
    return out;
}

SignOff signOff(const std::string& name, SignOffRole role) {
    SignOff s;
    s.name = name;
    s.role = role;
    s.time = utcNow();
    for (const ChecklistItem& i : checklistFor(ReleaseLevel::Publication))
        s.confirmed.insert(i.id);
    return s;
}

ReviewBox drawn(const std::string& id) {
    ReviewBox b;
    b.id = id;
    b.sopInstanceUid = "1.2.3.4";
    b.frame = 0;
    b.x = 10;
    b.y = 20;
    b.w = 30;
    b.h = 12;
    return b;
}

} // namespace

class TestReviewAudit : public QObject {
    Q_OBJECT
    QTemporaryDir m_study;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_reviewaudit");
        ui::ReviewAudit::setReviewerName("Dr Ada Reviewer");
    }

    void everyEditIsRecordedAsItHappens() {
        ui::ReviewController review;
        ReviewBox findingBox = drawn("f-1");
        findingBox.origin = ReviewBox::Origin::Finding;
        findingBox.findingId = "f-1";
        ui::ReviewAudit audit(&review, [&](const std::string& id) {
            return id == "f-1" ? std::optional(findingBox) : std::nullopt;
        });
        QVERIFY(audit.path().isEmpty());
        review.open({m_study.path()});
        QCOMPARE(audit.path(), review.storePath() + ".audit.jsonl");
        QVERIFY(!QFile::exists(audit.path())); // opening is no decision

        review.addBox(drawn("box-1"), "Draw box");
        review.changeBox("box-1", QRect(11, 20, 30, 12));
        review.decide({"f-1"}, Decision::Accepted, "Redact finding");
        review.decide({"f-2"}, Decision::Rejected, "Keep finding");
        review.setReviewedMany({"1.2.3.4", "1.2.3.5"}, true, "Dr Ada Reviewer",
                               "header band boxed on every frame", "Approve in bulk");
        review.markFrameSeen("1.2.3.4", 3); // not a decision: not recorded
        ProfileChoice limited;
        limited.level = ReleaseLevel::Limited;
        review.setProfile(limited);
        review.removeBox("box-1");

        const QList<QJsonObject> log = events(audit.path());
        QCOMPARE(names(log), QStringList({"box-drawn", "box-moved", "box-accepted", "box-rejected",
                                          "instance-reviewed", "instance-reviewed", "level",
                                          "profile", "box-removed"}));
        for (const QJsonObject& e : log)
            QCOMPARE(e.value("person").toString(), QString("Dr Ada Reviewer"));
        QCOMPARE(std::as_const(log)[2]["data"]["findingId"].toString(), QString("f-1"));
        QCOMPARE(std::as_const(log)[2]["data"]["w"].toInt(),
                 30); // the finding's box, not just its id
        QCOMPARE(std::as_const(log)[4]["data"]["bulkReason"].toString(),
                 QString("header band boxed on every frame"));
        QCOMPARE(std::as_const(log)[6]["data"]["level"].toString(), QString("limited"));
        QVERIFY(verifyAuditLog(audit.path()).ok);

        review.undoStack()->undo(); // the removal
        const QList<QJsonObject> after = events(audit.path());
        QCOMPARE(after.size(), log.size() + 2);
        QCOMPARE(after[log.size()]["event"].toString(), QString("undo"));
        QCOMPARE(after[log.size() + 1]["event"].toString(), QString("box-drawn"));
        review.close();
    }

    void signOffsAreSignedByTheSignerAndClearedByLaterChanges() {
        QTemporaryDir study;
        ui::ReviewController review;
        ui::ReviewAudit audit(&review, {});
        review.open({study.path()});
        QSignalSpy cleared(&review, &ui::ReviewController::signOffsCleared);
        review.addSignOff(signOff("Dr Ada Reviewer", SignOffRole::Reviewer));
        review.addSignOff(signOff("Grace Approver", SignOffRole::Approver));
        QCOMPARE(int(review.session().signOffs().size()), 2);
        QCOMPARE(cleared.count(), 0);

        review.addBox(drawn("box-1"), "Draw box"); // the review changed after signing
        QCOMPARE(cleared.count(), 1);
        QCOMPARE(cleared.first().first().toInt(), 2);
        QVERIFY(review.session().signOffs().empty());
        // Saved as such: the review file has no sign-offs left.
        QVERIFY(ReviewStore::loadFile(review.storePath()).signOffs().empty());

        QList<QJsonObject> log = events(audit.path());
        QCOMPARE(names(log),
                 QStringList({"sign-off", "sign-off", "box-drawn", "sign-offs-cleared"}));
        QCOMPARE(std::as_const(log)[0]["person"].toString(), QString("Dr Ada Reviewer"));
        QCOMPARE(std::as_const(log)[1]["person"].toString(), QString("Grace Approver"));
        QCOMPARE(std::as_const(log)[1]["data"]["role"].toString(), QString("approver"));
        QCOMPARE(std::as_const(log)[3]["data"]["signOffs"].toArray().size(), 2);
        QCOMPARE(std::as_const(log)[3]["data"]["change"].toString(), QString("Draw box"));

        review.undoStack()->undo(); // the box goes, the sign-offs come back
        QCOMPARE(int(review.session().signOffs().size()), 2);
        log = events(audit.path());
        QCOMPARE(names(log).mid(4),
                 QStringList({"undo", "box-removed", "sign-off-restored", "sign-off-restored"}));
        QVERIFY(verifyAuditLog(audit.path()).ok);

        review.clearSignOffs();
        QVERIFY(review.session().signOffs().empty());
        QCOMPARE(events(audit.path()).last()["event"].toString(), QString("sign-offs-cleared"));
    }

    void personFollowsTheReviewerNameSetting() {
        QTemporaryDir study;
        ui::ReviewController review;
        ui::ReviewAudit audit(&review, {});
        review.open({study.path()});
        ui::ReviewAudit::setReviewerName("  Someone   Else ");
        QCOMPARE(ui::ReviewAudit::reviewerName(), QString("Someone Else"));
        review.decide({"f-9"}, Decision::Rejected, "Keep");
        QCOMPARE(events(audit.path()).last()["person"].toString(), QString("Someone Else"));
        QSettings().remove("review/reviewerName");
        // The login, never "unknown".
        QCOMPARE(
            ui::ReviewAudit::reviewerName(),
            qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QDir::home().dirName())));
        ui::ReviewAudit::setReviewerName("Dr Ada Reviewer");
    }
};

QTEST_MAIN(TestReviewAudit)
#include "tst_reviewaudit.moc"
