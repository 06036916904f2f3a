// Sign-offs: the level checklists, the rules for an export's set of sign-offs (publication
// needs a second, different person with the approver role), their JSON in the review file,
// and who may override the verification gate.
#include "common/Error.h"
#include "review/ReviewSession.h"
#include "review/SignOff.h"
#include "review/SignerKey.h"
#include "verify/VerificationGate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

SignOff signOff(const std::string& name, SignOffRole role, ReleaseLevel level) {
    SignOff s;
    s.name = name;
    s.role = role;
    s.level = level;
    s.time = "2024-06-01T10:00:00Z";
    for (const ChecklistItem& i : checklistFor(level))
        s.confirmed.insert(i.id);
    return s;
}

bool mentions(const Problems& p, const char* text) {
    for (const std::string& s : p.items)
        if (s.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestSignOff : public QObject {
    Q_OBJECT

private slots:
    void checklistsDependOnTheLevel() {
        QCOMPARE(int(checklistFor(ReleaseLevel::Publication).size()), 5);
        QCOMPARE(int(checklistFor(ReleaseLevel::Limited).size()), 3);
        QCOMPARE(QString::fromStdString(checklistFor(ReleaseLevel::Publication)[0].id),
                 QString("burned-in-text"));
    }

    void publicationNeedsAnotherPersonAsApprover() {
        const SignOff r = signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Publication);
        QVERIFY(mentions(checkSignOffs({r}, ReleaseLevel::Publication),
                         "second sign-off by an approver"));
        const SignOff a = signOff("Grace", SignOffRole::Approver, ReleaseLevel::Publication);
        QVERIFY(checkSignOffs({r, a}, ReleaseLevel::Publication).ok());
        const SignOff same =
            signOff("  dr   ADA ", SignOffRole::Approver, ReleaseLevel::Publication);
        QVERIFY(mentions(checkSignOffs({r, same}, ReleaseLevel::Publication),
                         "must be another person"));
        QVERIFY(mentions(checkSignOffs({a}, ReleaseLevel::Publication), "no reviewer"));
        QVERIFY(mentions(checkSignOffs({r, a, a}, ReleaseLevel::Publication),
                         "more than one approver"));
    }

    void limitedNeedsOneReviewer() {
        const SignOff r = signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Limited);
        QVERIFY(checkSignOffs({r}, ReleaseLevel::Limited).ok());
        QVERIFY(mentions(checkSignOffs({}, ReleaseLevel::Limited), "no reviewer"));
    }

    void eachSignOffIsChecked_data() {
        QTest::addColumn<int>("change");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no name") << 0 << "name is missing";
        QTest::newRow("bad time") << 1 << "not an ISO 8601";
        QTest::newRow("other level") << 2 << "signed for the limited level";
        QTest::newRow("item missing") << 3 << "not confirmed: Face-revealing";
        QTest::newRow("unknown item") << 4 << "is not an item";
    }
    void eachSignOffIsChecked() {
        QFETCH(int, change);
        QFETCH(QString, problem);
        SignOff s = signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Publication);
        switch (change) {
        case 0:
            s.name = "  ";
            break;
        case 1:
            s.time = "yesterday";
            break;
        case 2:
            s.level = ReleaseLevel::Limited;
            break;
        case 3:
            s.confirmed.erase("faces-handled");
            break;
        case 4:
            s.confirmed.insert("made-up");
            break;
        }
        const Problems p = checkSignOff(s, ReleaseLevel::Publication);
        QVERIFY2(mentions(p, problem.toUtf8().constData()), p.message().c_str());
    }

    void storedInTheReviewFile() {
        ReviewSession session;
        SignOff a = signOff("Grace", SignOffRole::Approver, ReleaseLevel::Publication);
        a.title = "IG lead";
        a.comment = "fine";
        session.addSignOff(signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Publication));
        session.addSignOff(a);
        const QJsonObject json = session.toJson();
        QCOMPARE(json.value("version").toInt(), 1);
        const ReviewSession back = ReviewSession::fromJson(json);
        QVERIFY(back == session);
        QCOMPARE(QString::fromStdString(approverOf(back.signOffs())->title), QString("IG lead"));
    }

    void reviewFilesWithoutSignOffsStayTheSame() {
        const ReviewSession empty;
        QVERIFY(!empty.toJson().contains("signOffs"));
        const QJsonObject old =
            QJsonDocument::fromJson(R"({"format":"veil-review","version":1})").object();
        QVERIFY(ReviewSession::fromJson(old).signOffs().empty());
    }

    void malformedSignOffNamesTheEntry() {
        QJsonObject json = ReviewSession().toJson();
        json.insert("signOffs", QJsonArray{QJsonObject{{"name", "A"}, {"role", "boss"}}});
        try {
            ReviewSession::fromJson(json);
            QFAIL("accepted a sign-off with an unknown role");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("signOffs[0]") &&
                         QString(e.what()).contains("role"),
                     e.what());
        }
    }

    void onlyTheApproverOverridesWithAReason() {
        const std::vector<SignOff> signs = {
            signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Publication),
            signOff("Grace", SignOffRole::Approver, ReleaseLevel::Publication)};
        QVERIFY(checkOverride({"grace", "consented case report title", {}}, signs).ok());
        QVERIFY(mentions(checkOverride({"Dr Ada", "consented case report title", {}}, signs),
                         "only the approver (Grace)"));
        QVERIFY(mentions(checkOverride({"Grace", "   ok   ", {}}, signs), "written reason"));
        QVERIFY(mentions(checkOverride({"Grace", "consented case report title", {}}, {signs[0]}),
                         "no approver"));
    }

    void signedWithTheSignersOwnKey() {
        QTemporaryDir dir;
        const Passphrase ada("ada's own passphrase"), grace("grace's passphrase");
        KeyOrigin origin{};
        const SignerKey adaKey =
            SignerKey::openOrCreate(dir.filePath("ada.veilkey").toStdString(), ada, &origin);
        QCOMPARE(origin, KeyOrigin::Created);
        // Made once, opened after: the same key, and only with her passphrase.
        QCOMPARE(SignerKey::openOrCreate(dir.filePath("ada.veilkey").toStdString(), ada, &origin)
                     .publicKeyHex(),
                 adaKey.publicKeyHex());
        QCOMPARE(origin, KeyOrigin::Opened);
        QVERIFY_THROWS_EXCEPTION(
            Error, SignerKey::openOrCreate(dir.filePath("ada.veilkey").toStdString(), grace));
        const SignerKey graceKey =
            SignerKey::openOrCreate(dir.filePath("grace.veilkey").toStdString(), grace);
        QVERIFY(adaKey.publicKeyHex() != graceKey.publicKeyHex());

        SignOff r = signOff("Dr Ada", SignOffRole::Reviewer, ReleaseLevel::Publication);
        r.account = "ada";
        r.signWith(adaKey);
        QVERIFY(r.signatureValid());
        QCOMPARE(r.fingerprint().size(), std::size_t(19)); // "3f9a 2c1b 77d0 e415"
        // Through JSON (review file, certificate) it still verifies.
        const SignOff back = SignOff::fromJson(r.toJson());
        QVERIFY(back.signatureValid());
        QCOMPARE(back.account, std::string("ada"));
        // Altered after signing: refused.
        SignOff altered = back;
        altered.name = "Dr Eve";
        QVERIFY(!altered.signatureValid());
        QVERIFY(!checkSignOff(altered, ReleaseLevel::Publication).ok());

        // The approver under another spelling but with the reviewer's own key: refused.
        SignOff a = signOff("Ada  Lovelace", SignOffRole::Approver, ReleaseLevel::Publication);
        a.signWith(adaKey);
        const Problems same = checkSignOffs({r, a}, ReleaseLevel::Publication);
        QVERIFY2(same.message().find("same key") != std::string::npos, same.message().c_str());
        a.signWith(graceKey);
        QVERIFY2(checkSignOffs({r, a}, ReleaseLevel::Publication).ok(),
                 checkSignOffs({r, a}, ReleaseLevel::Publication).message().c_str());
    }

    void rolesByName() {
        QCOMPARE(roleFromName("IG"), std::optional<SignOffRole>(SignOffRole::Approver));
        QCOMPARE(roleFromName("Reviewer"), std::optional<SignOffRole>(SignOffRole::Reviewer));
        QVERIFY(!roleFromName("boss"));
    }
};

QTEST_GUILESS_MAIN(TestSignOff)
#include "tst_signoff.moc"
