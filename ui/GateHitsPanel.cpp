#include "GateHitsPanel.h"
#include "common/Problems.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString sentence(const QString& s) {
    return s.isEmpty() ? s : s.left(1).toUpper() + s.mid(1);
}

QString count(int n, const QString& one, const QString& many) {
    return n == 1 ? QStringLiteral("1 ") + one : QStringLiteral("%1 %2").arg(n).arg(many);
}

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

} // namespace

GateHitsPanel::GateHitsPanel(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel), m_table(new QTableWidget(0, ColumnCount)),
      m_rule(new QLabel), m_approver(new QLineEdit), m_reason(new QPlainTextEdit),
      m_problem(new QLabel), m_override(new QPushButton(tr("Override and export"))) {
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_table->setHorizontalHeaderLabels({tr("File"), tr("Where"), tr("Value"), tr("Identifier")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* h = m_table->horizontalHeader();
    h->setSectionResizeMode(FileColumn, QHeaderView::Stretch);
    h->setSectionResizeMode(WhereColumn, QHeaderView::Interactive);
    h->setSectionResizeMode(ValueColumn, QHeaderView::Interactive);
    h->setSectionResizeMode(AttributeColumn, QHeaderView::ResizeToContents);
    const int ch = fontMetrics().averageCharWidth();
    m_table->setColumnWidth(WhereColumn, ch * 24);
    m_table->setColumnWidth(ValueColumn, ch * 22);

    auto* box = new QGroupBox(tr("Approver's override"));
    m_rule->setWordWrap(true);
    m_reason->setPlaceholderText(tr("Why these values may leave (at least %1 characters); "
                                    "recorded in the audit log and on the certificate")
                                     .arg(kMinOverrideReason));
    m_reason->setFixedHeight(fontMetrics().lineSpacing() * 3 + 12);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* form = new QFormLayout;
    form->addRow(tr("Approver:"), m_approver);
    form->addRow(tr("Reason:"), m_reason);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->addWidget(m_rule);
    boxLayout->addLayout(form);
    boxLayout->addWidget(m_problem);
    boxLayout->addWidget(m_override, 0, Qt::AlignRight);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(box);
    connect(m_approver, &QLineEdit::textChanged, this, &GateHitsPanel::refresh);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &GateHitsPanel::refresh);
    connect(m_override, &QPushButton::clicked, this,
            [this] { emit overrideRequested(currentOverride()); });
}

void GateHitsPanel::setReport(const VerificationReport& report, const QString& approver,
                              const QString& person, OverrideCheck check) {
    m_check = std::move(check);
    const std::vector<VerificationHit> hits = report.hits();
    m_summary->setText(
        tr("<b style='color:#b00020'>Export blocked: nothing was written.</b> The verification "
           "gate re-read every exported file and found %1 in %2%3. Go back to the review to "
           "redact them, or let the approver decide.")
            .arg(count(int(hits.size()), tr("identifying value"), tr("identifying values")),
                 count(report.filesWithHits(), tr("file"), tr("files")),
                 report.unreadable() ? tr("; %1 could not be read")
                                           .arg(count(report.unreadable(), tr("file"), tr("files")))
                                     : QString()));
    m_table->setRowCount(0);
    for (const VerificationHit& hit : hits) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, FileColumn, cell(q(hit.file)));
        m_table->setItem(row, WhereColumn, cell(q(hit.where)));
        m_table->setItem(row, ValueColumn, cell(q(hit.value)));
        m_table->setItem(row, AttributeColumn, cell(q(hit.attribute)));
    }
    for (const FileVerification& f : report.files) {
        if (f.error.empty())
            continue;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, FileColumn, cell(q(f.file)));
        m_table->setItem(row, WhereColumn, cell(tr("(unreadable)")));
        m_table->setItem(row, ValueColumn, cell(q(f.error)));
        m_table->setItem(row, AttributeColumn, cell({}));
    }
    m_rule->setText(approver.isEmpty()
                        ? tr("No approver has signed off, so nobody can override the gate.")
                        : tr("Only the approver who signed off (%1) may let these values through, "
                             "with a written reason.")
                              .arg(approver));
    // Pre-filled only for the approver themself: never with the reviewer's name.
    m_approver->setText(!approver.isEmpty() &&
                                samePerson(person.toStdString(), approver.toStdString())
                            ? person
                            : QString());
    m_reason->clear();
    refresh();
}

GateOverride GateHitsPanel::currentOverride() const {
    GateOverride o;
    o.approver = m_approver->text().simplified().toStdString();
    o.reason = m_reason->toPlainText().trimmed().toStdString();
    return o;
}

void GateHitsPanel::refresh() {
    const Problems p = m_check ? m_check(currentOverride()) : Problems{{"no report"}};
    QStringList lines;
    for (const std::string& item : p.items)
        lines << sentence(q(item)) + '.';
    m_problem->setText(lines.join('\n'));
    m_problem->setVisible(!p.ok());
    m_override->setEnabled(p.ok());
}

} // namespace veil::ui
