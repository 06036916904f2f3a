#pragma once
// What the verification gate found when it blocked an export: one row per hit (file, element
// or box, the value, which identifier it matched) and unreadable files. Below it, the approver's
// override: only the approver of the sign-offs may let the export through, with a written
// reason (core checkOverride decides; its words are shown).
#include "verify/VerificationGate.h"

#include <QWidget>
#include <functional>
#include <vector>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace veil::ui {

class GateHitsPanel : public QWidget {
    Q_OBJECT
public:
    enum Column { FileColumn, WhereColumn, ValueColumn, AttributeColumn, ColumnCount };
    // check(override) says why an override cannot be used (empty: it can).
    using OverrideCheck = std::function<Problems(const GateOverride&)>;

    explicit GateHitsPanel(QWidget* parent = nullptr);

    // Shows a blocked run's report; `approver` is the approver's sign-off name (empty: none),
    // `person` who is at the keyboard (filled in as the overriding approver).
    void setReport(const VerificationReport& report, const QString& approver, const QString& person,
                   OverrideCheck check);

    QTableWidget* table() const { return m_table; }
    QLineEdit* approverEdit() const { return m_approver; }
    QPlainTextEdit* reasonEdit() const { return m_reason; }
    QPushButton* overrideButton() const { return m_override; }
    GateOverride currentOverride() const;

signals:
    void overrideRequested(const veil::GateOverride& override);

private:
    void refresh();

    QLabel* m_summary;
    QTableWidget* m_table;
    QLabel* m_rule;
    QLineEdit* m_approver;
    QPlainTextEdit* m_reason;
    QLabel* m_problem;
    QPushButton* m_override;
    OverrideCheck m_check;
};

} // namespace veil::ui
