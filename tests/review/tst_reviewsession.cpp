#include "common/Error.h"
#include "review/ReviewSession.h"
#include "review/ReviewStore.h"

#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestReviewSession : public QObject {
    Q_OBJECT

    static ReviewSession sample() {
        ReviewSession s;
        ReviewBox b;
        b.id = s.newBoxId();
        b.sopInstanceUid = "1.2.3";
        b.frame = -1;
        b.x = 1;
        b.y = 2;
        b.w = 30;
        b.h = 12;
        s.putBox(b);
        ReviewBox f = b;
        f.id = s.newBoxId();
        f.frame = 3;
        f.origin = ReviewBox::Origin::Finding;
        f.findingId = findingId("1.2.3", 3, 1, 2, 30, 12, "SMITH");
        s.putBox(f);
        ReviewBox o = f; // a finding in an overlay plane: its plane is blanked on export
        o.id = s.newBoxId();
        o.overlayGroup = 0x6002;
        o.findingId = findingId("1.2.3", 3, 1, 2, 30, 12, "overlay 6002: SMITH");
        s.putBox(o);
        s.setDecision(f.findingId, Decision::Accepted);
        s.setDecision("other", Decision::Rejected);
        s.markFrameSeen("1.2.3", 0);
        s.markFrameSeen("1.2.3", 3);
        s.setReviewed("1.2.3", true, "Dr Reviewer");
        ProfileChoice p;
        p.level = ReleaseLevel::Limited;
        p.options = {"retainUIDs"};
        s.setProfile(p);
        return s;
    }

private slots:
    void jsonRoundTrip() {
        const ReviewSession s = sample();
        const ReviewSession back = ReviewSession::fromJson(s.toJson());
        QVERIFY(back == s);
        QCOMPARE(int(back.boxesFor("1.2.3", 3).size()), 3); // all-frames box + frame 3 + overlay
        int inOverlay = 0;
        for (const ReviewBox& b : back.boxesFor("1.2.3", 3))
            inOverlay += b.overlayGroup == 0x6002;
        QCOMPARE(inOverlay, 1);
        QCOMPARE(int(back.boxesFor("1.2.3", 0).size()), 1);
        QCOMPARE(back.instance("1.2.3").framesSeen.size(), std::size_t(2));
    }

    void newIdsNeverCollideAfterReload() {
        ReviewSession back = ReviewSession::fromJson(sample().toJson());
        const std::string id = back.newBoxId();
        QVERIFY(!back.box(id));
    }

    void findingIdIsStable() {
        QCOMPARE(findingId("1", 0, 1, 2, 3, 4, "A"), findingId("1", 0, 1, 2, 3, 4, "A"));
        QVERIFY(findingId("1", 0, 1, 2, 3, 4, "A") != findingId("1", 1, 1, 2, 3, 4, "A"));
    }

    void malformedNamesTheKey_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("format") << QByteArray(R"({"format":"x","version":1})") << "format";
        QTest::newRow("version") << QByteArray(R"({"format":"veil-review","version":9})")
                                 << "version";
        QTest::newRow("box x")
            << QByteArray(
                   R"({"format":"veil-review","version":1,"boxes":[{"id":"b","frame":0,"y":1,"w":1,"h":1,"origin":"drawn"}]})")
            << "x";
        QTest::newRow("origin")
            << QByteArray(
                   R"({"format":"veil-review","version":1,"boxes":[{"id":"b","frame":0,"x":0,"y":1,"w":1,"h":1,"origin":"magic"}]})")
            << "origin";
        QTest::newRow("overlay group")
            << QByteArray(
                   R"({"format":"veil-review","version":1,"boxes":[{"id":"b","frame":0,"x":0,"y":1,"w":1,"h":1,"origin":"finding","overlayGroup":16}]})")
            << "overlayGroup";
        QTest::newRow("frame")
            << QByteArray(
                   R"({"format":"veil-review","version":1,"boxes":[{"id":"b","frame":"first","x":0,"y":1,"w":1,"h":1,"origin":"drawn"}]})")
            << "frame";
        QTest::newRow("level")
            << QByteArray(R"({"format":"veil-review","version":1,"profile":{"level":"open"}})")
            << "level";
    }
    void malformedNamesTheKey() {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        try {
            ReviewSession::fromJson(QJsonDocument::fromJson(json).object());
            QFAIL("accepted malformed review JSON");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(mentions), e.what());
        }
    }

    void storeBesideFolderAndAtomic() {
        QTemporaryDir dir;
        ReviewStore store({dir.path()});
        QVERIFY(store.besideStudy());
        QCOMPARE(store.path(), dir.filePath(".veil-review.json"));
        QVERIFY(!store.exists());
        QVERIFY(store.load() == ReviewSession{});
        store.save(sample());
        QVERIFY(store.exists());
        QVERIFY(ReviewStore({dir.path()}).load() == sample());
    }

    void storeBesideZip() {
        QTemporaryDir dir;
        const QString zip = dir.filePath("study.zip");
        QFile(zip).open(QIODevice::WriteOnly);
        ReviewStore store({zip});
        QCOMPARE(store.path(), zip + ".veil-review.json");
    }

    void storeInDataDirForSeveralInputsOrUnwritable() {
        QStandardPaths::setTestModeEnabled(true);
        QTemporaryDir a, b;
        ReviewStore several({a.path(), b.path()});
        QVERIFY(!several.besideStudy());
        QVERIFY(several.path().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QCOMPARE(ReviewStore({b.path(), a.path()}).path(), several.path()); // order does not matter
        ReviewStore missing({"/proc/veil-not-writable"});
        QVERIFY(!missing.besideStudy());
    }

    void damagedFileIsReportedWithPath() {
        QTemporaryDir dir;
        ReviewStore store({dir.path()});
        QFile f(store.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ not json");
        f.close();
        try {
            store.load();
            QFAIL("loaded a damaged review file");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains(".veil-review.json"));
            QVERIFY2(QString(e.what()).contains("review file is not valid JSON at offset"),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestReviewSession)
#include "tst_reviewsession.moc"
