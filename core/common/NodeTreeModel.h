#pragma once
// The plumbing every tree model here shares: nodes numbered in a vector, each with its
// parent, its row under that parent and its children, and QAbstractItemModel's index(),
// parent() and rowCount() over them. A derived model keeps what a node shows (by node id)
// and implements data() and columnCount().
#include <QAbstractItemModel>

#include <vector>

namespace veil {

class NodeTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    using QAbstractItemModel::QAbstractItemModel;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;

protected:
    // Adds a node under `parent` (-1: top level) and returns its id (ids count from 0).
    int addTreeNode(int parent);
    void clearTree();
    // The node an index stands for; -1 for an invalid index or one of another model.
    int nodeIdOf(const QModelIndex& index) const;
    int parentOf(int node) const { return m_links[std::size_t(node)].parent; }
    const std::vector<int>& childrenOf(int node) const {
        return m_links[std::size_t(node)].children;
    }
    int treeSize() const { return int(m_links.size()); }
    QModelIndex indexOfNode(int node, int column = 0) const;

private:
    struct Links {
        int parent = -1;
        int row = 0;
        std::vector<int> children;
    };
    std::vector<Links> m_links;
    std::vector<int> m_roots;
};

} // namespace veil
