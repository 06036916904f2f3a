#include "common/NodeTreeModel.h"

namespace veil {

int NodeTreeModel::addTreeNode(int parent) {
    const int id = int(m_links.size());
    std::vector<int>& siblings = parent < 0 ? m_roots : m_links[std::size_t(parent)].children;
    const int row = int(siblings.size());
    siblings.push_back(id);
    m_links.push_back({parent, row, {}}); // after: pushing may move the parent's children
    return id;
}

void NodeTreeModel::clearTree() {
    m_links.clear();
    m_roots.clear();
}

int NodeTreeModel::nodeIdOf(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this || index.internalId() >= m_links.size())
        return -1;
    return int(index.internalId());
}

QModelIndex NodeTreeModel::indexOfNode(int node, int column) const {
    if (node < 0 || node >= treeSize())
        return {};
    return createIndex(m_links[std::size_t(node)].row, column, quintptr(node));
}

QModelIndex NodeTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= columnCount(parent))
        return {};
    const std::vector<int>* children = &m_roots;
    if (parent.isValid()) {
        const int p = nodeIdOf(parent);
        if (p < 0 || parent.column() != 0)
            return {};
        children = &m_links[std::size_t(p)].children;
    }
    if (row >= int(children->size()))
        return {};
    return createIndex(row, column, quintptr((*children)[std::size_t(row)]));
}

QModelIndex NodeTreeModel::parent(const QModelIndex& child) const {
    const int n = nodeIdOf(child);
    if (n < 0 || m_links[std::size_t(n)].parent < 0)
        return {};
    return indexOfNode(m_links[std::size_t(n)].parent);
}

int NodeTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    const int n = nodeIdOf(parent);
    return n < 0 ? 0 : int(m_links[std::size_t(n)].children.size());
}

} // namespace veil
