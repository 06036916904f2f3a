#include "FindingsPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace veil::ui {

FindingsPanel::FindingsPanel(QWidget* parent)
    : QWidget(parent), m_model(new FindingsModel(this)), m_table(new QTableView),
      m_status(new QLabel) {
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::TextColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::FrameColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::ConfidenceColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::DecisionColumn,
                                                      QHeaderView::ResizeToContents);
    // The decision next to the text, so it stays visible in a narrow dock.
    m_table->horizontalHeader()->moveSection(FindingsModel::DecisionColumn,
                                             FindingsModel::TextColumn);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::SourceColumn,
                                                      QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(FindingsModel::MatchedColumn,
                                                      QHeaderView::Interactive);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table
    m_table->setTextElideMode(Qt::ElideMiddle);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& i) {
                if (const Finding* f = m_model->findingAt(i.row()); f && f->frame >= 0)
                    emit jumpToFrame(f->frame);
            });

    auto button = [this](const QString& text, const QString& tip, auto slot) {
        auto* b = new QPushButton(text);
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, slot);
        return b;
    };
    auto* row1 = new QHBoxLayout;
    row1->addWidget(button(tr("Redact"), tr("Accept the selected findings as redactions (A)"),
                           [this] { decideSelected(Decision::Accepted); }));
    row1->addWidget(button(tr("Keep"), tr("Reject the selected findings: leave the text (R)"),
                           [this] { decideSelected(Decision::Rejected); }));
    row1->addWidget(
        button(tr("Next undecided"), tr("Go to the next finding with no decision (N)"), [this] {
            if (!selectNextPending())
                emit nextInstanceWithPending();
        }));
    auto* row2 = new QHBoxLayout;
    row2->addWidget(button(tr("Redact all"), tr("Accept every finding of this image"),
                           [this] { decideAll(Decision::Accepted); }));
    row2->addWidget(button(tr("Keep all"), tr("Reject every finding of this image"),
                           [this] { decideAll(Decision::Rejected); }));
    row2->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addLayout(row1);
    layout->addLayout(row2);
    m_status->setWordWrap(true);
}

void FindingsPanel::setStatus(const QString& text) {
    m_status->setText(text);
}

std::vector<std::string> FindingsPanel::selectedIds() const {
    std::vector<std::string> ids;
    for (const QModelIndex& i : m_table->selectionModel()->selectedRows())
        ids.push_back(m_model->idAt(i.row()));
    if (ids.empty() && m_table->currentIndex().isValid())
        ids.push_back(m_model->idAt(m_table->currentIndex().row()));
    return ids;
}

bool FindingsPanel::decideSelected(Decision d) {
    const std::vector<std::string> ids = selectedIds();
    if (ids.empty())
        return false;
    emit decide(ids, d, d == Decision::Accepted ? tr("Redact finding") : tr("Keep finding"));
    selectNextPending();
    return true;
}

int FindingsPanel::undecided() const {
    int n = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        n += m_model->decisionAt(r) == Decision::Pending;
    return n;
}

void FindingsPanel::selectFirstPending() {
    m_table->clearSelection();
    m_table->setCurrentIndex({});
    if (!selectNextPending() && m_model->rowCount() > 0)
        m_table->selectRow(0);
}

void FindingsPanel::decideAll(Decision d) {
    std::vector<std::string> ids;
    for (int r = 0; r < m_model->rowCount(); ++r)
        ids.push_back(m_model->idAt(r));
    if (!ids.empty())
        emit decide(ids, d,
                    d == Decision::Accepted ? tr("Redact all findings") : tr("Keep all findings"));
}

bool FindingsPanel::selectNextPending() {
    const int start = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    const int n = m_model->rowCount();
    for (int k = 1; k <= n; ++k) {
        const int r = (start + k) % n;
        if (m_model->decisionAt(r) == Decision::Pending) {
            m_table->selectRow(r);
            return true;
        }
    }
    return false;
}

} // namespace veil::ui
