#pragma once
// The findings list: accept (redact) or reject (keep) each finding or all of them, jump to
// a finding's frame, and go to the next undecided one. Keys: A accept, R reject, N next.
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
    // Selects the first undecided finding of this instance; false when there is none.
    bool selectNextPending();

signals:
    void decide(const std::vector<std::string>& ids, veil::Decision decision, const QString& what);
    void jumpToFrame(int frame);
    void nextInstanceWithPending();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    std::vector<std::string> selectedIds() const;
    void decideSelected(Decision d);
    void decideAll(Decision d);

    FindingsModel* m_model;
    QTableView* m_table;
    QLabel* m_status;
};

} // namespace veil::ui
