#pragma once
// The findings list: accept (redact) or reject (keep) each finding or all of them, jump to
// a finding's frame, and go to the next undecided one. The keys (A redact, R keep, N next
// undecided) are the window's Review menu actions (ReviewKeys), whichever widget has focus.
#include "FindingsModel.h"

#include <QWidget>

class QTableView;
class QLabel;

namespace veil::ui {

class FindingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget* parent = nullptr);
    FindingsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    void setStatus(const QString& text);
    // Selects the next undecided finding of this instance after the current one; false when
    // there is none.
    bool selectNextPending();
    // Selects the first undecided finding, else the first finding: a finding is always
    // current when there is one.
    void selectFirstPending();
    // Decides the selected findings (the current one when none is selected); false when
    // there is no finding to decide.
    bool decideSelected(Decision d);
    int undecided() const;

signals:
    void decide(const std::vector<std::string>& ids, veil::Decision decision, const QString& what);
    void jumpToFrame(int frame);
    void nextInstanceWithPending();

private:
    std::vector<std::string> selectedIds() const;
    void decideAll(Decision d);

    FindingsModel* m_model;
    QTableView* m_table;
    QLabel* m_status;
};

} // namespace veil::ui
