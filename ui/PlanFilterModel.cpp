#include "PlanFilterModel.h"

#include "PlanItemModel.h"

namespace veil::ui {

PlanFilterModel::PlanFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(true);
}

void PlanFilterModel::setChangedOnly(bool on) {
    if (on == m_changedOnly)
        return;
    m_changedOnly = on;
    invalidateRowsFilter();
}

void PlanFilterModel::setIdentifyingOnly(bool on) {
    if (on == m_identifyingOnly)
        return;
    m_identifyingOnly = on;
    invalidateRowsFilter();
}

void PlanFilterModel::setSearchText(const QString& text) {
    const QString t = text.trimmed();
    if (t == m_search)
        return;
    m_search = t;
    invalidateRowsFilter();
}

bool PlanFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!isFiltering())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!i.data(PlanItemModel::ActionRole).isValid())
        return false; // an item row: shown only for what matches inside it
    if (m_changedOnly && !i.data(PlanItemModel::ChangedRole).toBool())
        return false;
    if (m_identifyingOnly && !i.data(PlanItemModel::IdentifyingRole).toBool())
        return false;
    return m_search.isEmpty() ||
           i.data(PlanItemModel::SearchTextRole).toString().contains(m_search, Qt::CaseInsensitive);
}

} // namespace veil::ui
