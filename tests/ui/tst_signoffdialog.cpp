// The sign-off dialog: core's checklist as check boxes, core's rules in its own words, and
// "Sign off" enabled only when this sign-off can be given.
#include "SignOffDialog.h"
#include "review/SignerKey.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

SignOff reviewer(const std::string& name, ReleaseLevel level) {
    SignOff s;
    s.name = name;
    s.role = SignOffRole::Reviewer;
    s.time = "2024-06-01T10:00:00Z";
    s.level = level;
    for (const ChecklistItem& i : checklistFor(level))
        s.confirmed.insert(i.id);
    return s;
}

} // namespace

class TestSignOffDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_keys;

private slots:
    void initTestCase() {
        QVERIFY(m_keys.isValid());
        qputenv("VEIL_SIGNER_PASSPHRASE", "the signer's own passphrase");
        qputenv("VEIL_SIGNER_KEY", m_keys.filePath("ada.veilkey").toUtf8());
    }

    void checklistComesFromCore_data() {
        QTest::addColumn<ReleaseLevel>("level");
        QTest::newRow("publication") << ReleaseLevel::Publication;
        QTest::newRow("limited") << ReleaseLevel::Limited;
    }

    void checklistComesFromCore() {
        QFETCH(ReleaseLevel, level);
        ui::SignOffDialog d(level, {});
        const std::vector<ChecklistItem>& list = checklistFor(level);
        QCOMPARE(d.checklistBoxes().size(), list.size());
        for (std::size_t i = 0; i < list.size(); ++i)
            QCOMPARE(d.checklistBoxes()[i]->text(), QString::fromStdString(list[i].text));
    }

    void signEnabledOnlyWithNameAndEveryItem() {
        ui::SignOffDialog d(ReleaseLevel::Publication, {});
        QVERIFY(!d.signButton()->isEnabled());
        QVERIFY(d.problemsLabel()->text().contains("name is missing"));
        QTest::keyClicks(d.nameEdit(), "Dr Ada Reviewer");
        QVERIFY(!d.signButton()->isEnabled()); // nothing ticked yet
        QVERIFY(d.problemsLabel()->text().contains("5 of 5 not ticked"));
        QVERIFY(d.blockingProblems().message().find("not confirmed") != std::string::npos);
        for (std::size_t i = 0; i + 1 < d.checklistBoxes().size(); ++i)
            d.checklistBoxes()[i]->click();
        QVERIFY(!d.signButton()->isEnabled());
        d.checklistBoxes().back()->click();
        QVERIFY(d.signButton()->isEnabled());
        // Publication still needs an approver: said, but not in the way of signing.
        QVERIFY(d.stillNeeded().items.size() == 1);
        QVERIFY(d.problemsLabel()->text().contains("approver"));

        QSignalSpy signedOff(&d, &ui::SignOffDialog::signedOff);
        d.commentEdit(); // optional
        d.setComment("All 40 images looked at");
        QTest::mouseClick(d.signButton(), Qt::LeftButton);
        QCOMPARE(signedOff.count(), 1);
        const SignOff s = signedOff.first().first().value<SignOff>();
        QCOMPARE(QString::fromStdString(s.name), QString("Dr Ada Reviewer"));
        QCOMPARE(s.role, SignOffRole::Reviewer);
        QCOMPARE(s.confirmed.size(), checklistFor(ReleaseLevel::Publication).size());
        QCOMPARE(QString::fromStdString(s.comment), QString("All 40 images looked at"));
        QVERIFY(checkSignOff(s, ReleaseLevel::Publication).ok());
        QCOMPARE(d.result(), int(QDialog::Accepted));
        // Signed with her own key, made on this first sign-off.
        QVERIFY(s.signatureValid());
        QVERIFY(QFile::exists(m_keys.filePath("ada.veilkey")));
        QCOMPARE(s.account, loginName());
    }

    // The approver under another name but with the reviewer's key is refused at signing.
    void approverWithTheReviewersKeyIsRefused() {
        ui::SignOffDialog first(ReleaseLevel::Publication, {});
        first.setName("Dr Ada Reviewer");
        first.confirmAll();
        QSignalSpy one(&first, &ui::SignOffDialog::signedOff);
        first.signButton()->click();
        QCOMPARE(one.count(), 1);
        const SignOff reviewerSignOff = one.first().first().value<SignOff>();

        ui::SignOffDialog d(ReleaseLevel::Publication, {reviewerSignOff});
        d.setRole(SignOffRole::Approver);
        d.setName("Ada Lovelace");
        d.confirmAll();
        QVERIFY(d.signButton()->isEnabled()); // the name alone says nothing
        QSignalSpy signedOff(&d, &ui::SignOffDialog::signedOff);
        d.signButton()->click();
        QCOMPARE(signedOff.count(), 0);
        QVERIFY2(d.problemsLabel()->text().contains("same key"),
                 qPrintable(d.problemsLabel()->text()));
        // With her own key (another person's data folder) it goes through.
        qputenv("VEIL_SIGNER_KEY", m_keys.filePath("grace.veilkey").toUtf8());
        d.signButton()->click();
        qputenv("VEIL_SIGNER_KEY", m_keys.filePath("ada.veilkey").toUtf8());
        QCOMPARE(signedOff.count(), 1);
        const SignOff approver = signedOff.first().first().value<SignOff>();
        QVERIFY(approver.fingerprint() != reviewerSignOff.fingerprint());
        QVERIFY(checkSignOffs({reviewerSignOff, approver}, ReleaseLevel::Publication).ok());
    }

    // The approver must be someone else: same person in other spelling is refused.
    void approverWhoReviewedIsRefused() {
        ui::SignOffDialog d(ReleaseLevel::Publication,
                            {reviewer("Dr Ada Reviewer", ReleaseLevel::Publication)});
        d.setRole(SignOffRole::Approver);
        d.confirmAll();
        d.setName("  dr ada   REVIEWER ");
        QVERIFY(!d.signButton()->isEnabled());
        QVERIFY2(d.problemsLabel()->text().contains("another person"),
                 qPrintable(d.problemsLabel()->text()));
        d.setName("Grace Approver");
        QVERIFY(d.signButton()->isEnabled());
        QVERIFY(d.stillNeeded().ok());
        QVERIFY(checkSignOffs({reviewer("Dr Ada Reviewer", ReleaseLevel::Publication), d.signOff()},
                              ReleaseLevel::Publication)
                    .ok());
        QVERIFY(d.problemsLabel()->text().contains("complete"));
    }

    void secondApproverIsRefused() {
        SignOff approver = reviewer("Grace Approver", ReleaseLevel::Publication);
        approver.role = SignOffRole::Approver;
        ui::SignOffDialog d(ReleaseLevel::Publication,
                            {reviewer("Dr Ada Reviewer", ReleaseLevel::Publication), approver});
        d.setName("Someone Else");
        d.setRole(SignOffRole::Approver);
        d.confirmAll();
        QVERIFY(!d.signButton()->isEnabled());
        QVERIFY(d.problemsLabel()->text().contains("more than one approver", Qt::CaseInsensitive));
        d.setRole(SignOffRole::Reviewer); // a second reviewer is fine
        QVERIFY(d.signButton()->isEnabled());
    }

    void limitedLevelNeedsNoApprover() {
        ui::SignOffDialog d(ReleaseLevel::Limited, {});
        d.setName("Dr Ada Reviewer");
        d.confirmAll();
        QVERIFY(d.signButton()->isEnabled());
        QVERIFY(d.stillNeeded().ok());
        QCOMPARE(d.signOff().level, ReleaseLevel::Limited);
    }
};

QTEST_MAIN(TestSignOffDialog)
#include "tst_signoffdialog.moc"
