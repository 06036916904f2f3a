#pragma once
// Filters over a PlanItemModel: changed elements only, identifying elements only, and a text
// search over element names and values. A sequence or item row stays while anything inside it
// matches (recursive filtering), so a match deep in a sequence is always reachable.
#include <QSortFilterProxyModel>

namespace veil::ui {

class PlanFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit PlanFilterModel(QObject* parent = nullptr);

    void setChangedOnly(bool on);
    void setIdentifyingOnly(bool on);
    void setSearchText(const QString& text); // case-insensitive, anywhere in the text
    bool changedOnly() const { return m_changedOnly; }
    bool identifyingOnly() const { return m_identifyingOnly; }
    QString searchText() const { return m_search; }
    bool isFiltering() const { return m_changedOnly || m_identifyingOnly || !m_search.isEmpty(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_changedOnly = false;
    bool m_identifyingOnly = false;
    QString m_search;
};

} // namespace veil::ui
