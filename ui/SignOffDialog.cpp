#include "SignOffDialog.h"
#include "ProblemText.h"
#include "common/Error.h"
#include "review/SignerKey.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <algorithm>
#include <filesystem>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// "22 Nov 2026 04:26" in local time; the stored ISO form when it does not parse.
QString shownTime(const std::string& iso) {
    const QDateTime t = QDateTime::fromString(q(iso), Qt::ISODate);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("d MMM yyyy HH:mm"))
                       : q(iso);
}

} // namespace

SignOffDialog::SignOffDialog(ReleaseLevel level, std::vector<SignOff> existing, QWidget* parent)
    : QDialog(parent), m_level(level), m_existing(std::move(existing)) {
    setWindowTitle(tr("Sign off the review"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(buildPerson());
    m_risk = new QLabel;
    m_risk->setWordWrap(true);
    m_risk->setTextFormat(Qt::RichText);
    m_risk->setVisible(false);
    layout->addWidget(m_risk);
    layout->addWidget(buildChecklist());
    auto* commentBox = new QGroupBox(tr("Comment (optional)"));
    m_comment = new QPlainTextEdit;
    m_comment->setPlaceholderText(tr("Anything the approver or the recipient should know"));
    m_comment->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    auto* commentLayout = new QVBoxLayout(commentBox);
    commentLayout->addWidget(m_comment);
    layout->addWidget(commentBox);
    m_problems = new QLabel;
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::RichText);
    m_problems->setMinimumHeight(fontMetrics().lineSpacing() * 6);
    m_problems->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(m_problems);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_sign = buttons->addButton(tr("Sign off"), QDialogButtonBox::AcceptRole);
    buttons->button(QDialogButtonBox::Cancel)->setAutoDefault(false); // Return never cancels
    connect(buttons, &QDialogButtonBox::accepted, this, &SignOffDialog::onSign);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 100);
    refresh();
}

QWidget* SignOffDialog::buildHeader() {
    QStringList given;
    for (const SignOff& s : m_existing)
        given << tr("%1 <b>%2</b> at %3")
                     .arg(s.role == SignOffRole::Approver ? tr("Approver") : tr("Reviewer"),
                          q(s.name).toHtmlEscaped(), shownTime(s.time).toHtmlEscaped());
    auto* header = new QLabel(
        tr("<p>You are signing for the <b>%1</b> level: what you confirm below holds for the "
           "images about to be exported. Any later change to the review withdraws the "
           "sign-offs.</p><p>%2</p>")
            .arg(q(levelName(m_level)),
                 given.isEmpty()
                     ? tr("Nobody has signed yet.")
                     : tr("Already signed: %1.").arg(given.join(QStringLiteral("; ")))));
    header->setWordWrap(true);
    header->setTextFormat(Qt::RichText);
    return header;
}

QWidget* SignOffDialog::buildPerson() {
    auto* box = new QGroupBox(tr("Who signs"));
    auto* form = new QFormLayout(box);
    m_name = new QLineEdit;
    m_name->setPlaceholderText(tr("Your full name"));
    m_title = new QLineEdit;
    m_title->setPlaceholderText(tr("Optional, e.g. Consultant radiologist"));
    m_reviewer = new QRadioButton(tr("Reviewer: I looked at the images and the findings"));
    m_approver = new QRadioButton(tr("Approver (information governance): I approve the release"));
    m_reviewer->setChecked(true);
    auto* roles = new QVBoxLayout;
    roles->setSpacing(2);
    roles->addWidget(m_reviewer);
    roles->addWidget(m_approver);
    m_passphrase = new QLineEdit;
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_keyNote = new QLabel;
    m_keyNote->setWordWrap(true);
    std::filesystem::path keyFile;
    QString note;
    try {
        keyFile = SignerKey::defaultPath();
        note = std::filesystem::exists(keyFile)
                   ? tr("Signed with your own key (%1), opened with your passphrase.")
                   : tr("Your first sign-off: a key of your own is made at %1 and sealed with "
                        "this passphrase.");
        note = note.arg(q(keyFile.string()));
    } catch (const Error& e) {
        note = q(e.what());
    }
    if (!qEnvironmentVariableIsEmpty("VEIL_SIGNER_PASSPHRASE")) {
        m_passphrase->setPlaceholderText(tr("from VEIL_SIGNER_PASSPHRASE"));
        m_passphrase->setEnabled(false);
    }
    m_keyNote->setText(tr("Account: %1. %2").arg(q(loginName()).toHtmlEscaped(), note));
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Role:"), roles);
    form->addRow(tr("Passphrase:"), m_passphrase);
    form->addRow(QString(), m_keyNote);
    connect(m_name, &QLineEdit::textChanged, this, &SignOffDialog::refresh);
    connect(m_passphrase, &QLineEdit::textChanged, this, &SignOffDialog::refresh);
    connect(m_reviewer, &QRadioButton::toggled, this, &SignOffDialog::refresh);
    return box;
}

QWidget* SignOffDialog::buildChecklist() {
    auto* box = new QGroupBox(tr("I confirm that"));
    auto* layout = new QVBoxLayout(box);
    for (const ChecklistItem& item : checklistFor(m_level)) {
        auto* check = new QCheckBox(q(item.text));
        check->setProperty("itemId", q(item.id));
        connect(check, &QCheckBox::toggled, this, &SignOffDialog::refresh);
        layout->addWidget(check);
        m_items.push_back(check);
    }
    return box;
}

QRadioButton* SignOffDialog::roleButton(SignOffRole role) const {
    return role == SignOffRole::Approver ? m_approver : m_reviewer;
}

void SignOffDialog::setName(const QString& name) {
    m_name->setText(name);
}
void SignOffDialog::setFaceSeries(const std::vector<std::string>& labels) {
    const std::vector<ChecklistItem> list = checklistFor(m_level, labels);
    for (QCheckBox* check : m_items)
        for (const ChecklistItem& item : list)
            if (check->property("itemId").toString() == q(item.id))
                check->setText(q(item.text));
}

void SignOffDialog::setRiskNote(const QString& html) {
    m_risk->setText(html);
    m_risk->setVisible(!html.isEmpty());
}

void SignOffDialog::setTitle(const QString& title) {
    m_title->setText(title);
}
void SignOffDialog::setRole(SignOffRole role) {
    roleButton(role)->setChecked(true);
}
void SignOffDialog::setComment(const QString& comment) {
    m_comment->setPlainText(comment);
}

void SignOffDialog::confirmAll(bool confirmed) {
    for (QCheckBox* c : m_items)
        c->setChecked(confirmed);
}

SignOff SignOffDialog::signOff() const {
    SignOff s;
    s.name = m_name->text().simplified().toStdString();
    s.title = m_title->text().simplified().toStdString();
    s.role = m_approver->isChecked() ? SignOffRole::Approver : SignOffRole::Reviewer;
    s.time = utcNow();
    s.level = m_level;
    for (const QCheckBox* c : m_items)
        if (c->isChecked())
            s.confirmed.insert(c->property("itemId").toString().toStdString());
    s.comment = m_comment->toPlainText().trimmed().toStdString();
    s.account = loginName();
    return s;
}

std::vector<SignOff> SignOffDialog::withThis() const {
    std::vector<SignOff> all = m_existing;
    all.push_back(signOff());
    return all;
}

Problems SignOffDialog::blockingProblems() const {
    // What checkSignOffs says of the set with this sign-off, except what only more sign-offs
    // can mend: exactly what it says of no sign-offs at all.
    const std::vector<std::string> missing = checkSignOffs({}, m_level).items;
    Problems p;
    for (const std::string& item : checkSignOffs(withThis(), m_level).items)
        if (std::find(missing.begin(), missing.end(), item) == missing.end())
            p.add(item);
    return p;
}

Problems SignOffDialog::stillNeeded() const {
    const std::vector<std::string> missing = checkSignOffs({}, m_level).items;
    Problems p;
    for (const std::string& item : checkSignOffs(withThis(), m_level).items)
        if (std::find(missing.begin(), missing.end(), item) != missing.end())
            p.add(item);
    return p;
}

void SignOffDialog::refresh() {
    // Core words every unticked statement as a problem of its own; the boxes are right above,
    // so they are counted in one line and core's other problems are shown as it words them.
    SignOff ticked = signOff();
    for (const ChecklistItem& item : checklistFor(m_level))
        ticked.confirmed.insert(item.id);
    std::vector<SignOff> all = m_existing;
    all.push_back(ticked);
    const std::vector<std::string> missing = checkSignOffs({}, m_level).items;
    Problems other;
    for (const std::string& item : checkSignOffs(all, m_level).items)
        if (std::find(missing.begin(), missing.end(), item) == missing.end())
            other.add(item);
    const int unticked = int(std::count_if(m_items.begin(), m_items.end(),
                                           [](const QCheckBox* c) { return !c->isChecked(); }));
    QString blocking;
    if (m_passphrase->isEnabled() && m_passphrase->text().isEmpty())
        blocking = tr("• Give your passphrase: it opens (or, the first time, seals) your own "
                      "sign-off key.");
    if (unticked > 0)
        blocking += (blocking.isEmpty() ? QString() : QStringLiteral("<br>")) +
                    tr("• Tick every statement you confirm (%1 of %2 not ticked yet).")
                        .arg(unticked)
                        .arg(m_items.size());
    if (!other.ok())
        blocking +=
            (blocking.isEmpty() ? QString() : QStringLiteral("<br>")) + problemBullets(other);
    const Problems needed = stillNeeded();
    QString html;
    if (!blocking.isEmpty())
        html += tr("<p style='color:#b00020'><b>Before you can sign:</b><br>%1</p>").arg(blocking);
    if (!needed.ok())
        html += tr("<p><b>Still needed before export:</b><br>%1</p>").arg(problemBullets(needed));
    if (blocking.isEmpty() && needed.ok())
        html = tr("<p>With this sign-off the sign-offs are complete for export.</p>");
    m_problems->setText(html);
    m_sign->setEnabled(blockingProblems().ok() &&
                       (!m_passphrase->isEnabled() || !m_passphrase->text().isEmpty()));
    m_sign->setDefault(m_sign->isEnabled()); // Return signs once signing is possible
}

void SignOffDialog::onSign() {
    if (!m_sign->isEnabled())
        return;
    SignOff s = signOff();
    try {
        const QByteArray env = qgetenv("VEIL_SIGNER_PASSPHRASE");
        const Passphrase pass(env.isEmpty() ? m_passphrase->text().toStdString()
                                            : env.toStdString());
        s.signWith(SignerKey::openOrCreate(SignerKey::defaultPath(), pass));
    } catch (const Error& e) {
        m_problems->setText(tr("<p style='color:#b00020'><b>Not signed:</b> %1</p>")
                                .arg(q(e.what()).toHtmlEscaped()));
        return;
    }
    // With the key known, the set may now say what the name could not: the same key twice.
    std::vector<SignOff> all = m_existing;
    all.push_back(s);
    const std::vector<std::string> missing = checkSignOffs({}, m_level).items;
    Problems p;
    for (const std::string& item : checkSignOffs(all, m_level).items)
        if (std::find(missing.begin(), missing.end(), item) == missing.end())
            p.add(item);
    if (!p.ok()) {
        m_problems->setText(
            tr("<p style='color:#b00020'><b>Not signed:</b><br>%1</p>").arg(problemBullets(p)));
        return;
    }
    m_passphrase->clear();
    m_signed = s;
    emit signedOff(s);
    accept();
}

} // namespace veil::ui
