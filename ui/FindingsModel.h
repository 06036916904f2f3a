#pragma once
// The findings of the current instance as a table: frame, text, matched attribute, source,
// confidence and the reviewer's decision.
#include "ocr/Finding.h"
#include "review/ReviewSession.h"

#include <QAbstractTableModel>

namespace veil::ui {

class FindingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        FrameColumn,
        TextColumn,
        MatchedColumn,
        SourceColumn,
        ConfidenceColumn,
        DecisionColumn,
        ColumnCount
    };
    enum Role { FindingIdRole = Qt::UserRole + 1, PhiRole, FrameRole };

    explicit FindingsModel(QObject* parent = nullptr);

    void setFindings(const std::string& sopInstanceUid, std::vector<Finding> findings);
    // Decisions come from the review session; call after it changes.
    void setSession(const ReviewSession* session);
    void refreshDecisions();

    const Finding* findingAt(int row) const;
    std::string idAt(int row) const;
    Decision decisionAt(int row) const;
    const std::string& sopInstanceUid() const { return m_uid; }
    const std::vector<Finding>& findings() const { return m_findings; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::string m_uid;
    std::vector<Finding> m_findings;
    std::vector<std::string> m_ids;
    const ReviewSession* m_session = nullptr;
};

// The id a finding's decision is stored under.
std::string idOf(const std::string& sopInstanceUid, const Finding& f);

} // namespace veil::ui
