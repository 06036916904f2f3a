#pragma once
// The sign-off: a person states that the level's checklist holds for what is about to be
// exported. Name, role (reviewer or approver), optional title, every checklist item of core's
// checklistFor(level) ticked, an optional comment. Core's checkSignOff/checkSignOffs decide
// what is wrong, in their own words: problems with this sign-off (or with it beside the ones
// already given, such as an approver who also reviewed) keep "Sign off" disabled; what the
// export still needs afterwards (an approver, at publication level) is said, not blocking.
//
// Each sign-off is signed with the signer's own Ed25519 key (SignerKey, in their data folder,
// made on their first sign-off and sealed by their passphrase); the account at the keyboard is
// recorded beside the name they give.
//
// Non-modal friendly: open() it and take signedOff(); tests drive the widgets or the setters.
#include "review/SignOff.h"

#include <QDialog>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace veil::ui {

class SignOffDialog : public QDialog {
    Q_OBJECT
public:
    SignOffDialog(ReleaseLevel level, std::vector<SignOff> existing, QWidget* parent = nullptr);

    // Driving it (tests, and the first values the window fills in).
    void setName(const QString& name);
    void setTitle(const QString& title);
    void setRole(SignOffRole role);
    void setComment(const QString& comment);
    void confirmAll(bool confirmed = true);
    // What the images at risk of burned-in text say (core's atRiskReview and burnedInRisk):
    // "looked at 3 of 5 images at risk" and the warnings, shown above the checklist.
    void setRiskNote(const QString& html);
    // The series that may show a face (core's seriesThatMayShowFace labels): the
    // "faces-handled" item names them (core's checklistFor(level, series)).
    void setFaceSeries(const std::vector<std::string>& labels);
    QLabel* riskLabel() const { return m_risk; }

    // What the widgets say now, timed now.
    SignOff signOff() const;
    // Why "Sign off" is disabled (empty: it is enabled).
    Problems blockingProblems() const;
    // What the export still needs once this sign-off is given.
    Problems stillNeeded() const;

    QLineEdit* nameEdit() const { return m_name; }
    // The signer's passphrase for their own key (VEIL_SIGNER_PASSPHRASE when set).
    QLineEdit* passphraseEdit() const { return m_passphrase; }
    // The last sign-off actually signed (after Sign off was pressed and the key opened).
    const SignOff& lastSigned() const { return m_signed; }
    QLineEdit* titleEdit() const { return m_title; }
    QRadioButton* roleButton(SignOffRole role) const;
    const std::vector<QCheckBox*>& checklistBoxes() const { return m_items; }
    QPlainTextEdit* commentEdit() const { return m_comment; }
    QPushButton* signButton() const { return m_sign; }
    QLabel* problemsLabel() const { return m_problems; }

signals:
    void signedOff(const veil::SignOff& signOff);

private:
    QWidget* buildHeader();
    QWidget* buildPerson();
    QWidget* buildChecklist();
    void refresh();
    void onSign();
    std::vector<SignOff> withThis() const;

    ReleaseLevel m_level;
    std::vector<SignOff> m_existing;
    QLineEdit* m_name = nullptr;
    QLineEdit* m_title = nullptr;
    QLineEdit* m_passphrase = nullptr;
    QLabel* m_keyNote = nullptr;
    SignOff m_signed;
    QRadioButton* m_reviewer = nullptr;
    QRadioButton* m_approver = nullptr;
    std::vector<QCheckBox*> m_items;
    QPlainTextEdit* m_comment = nullptr;
    QLabel* m_problems = nullptr;
    QLabel* m_risk = nullptr;
    QPushButton* m_sign = nullptr;
};

} // namespace veil::ui
