#pragma once
// Patient › Study › Series › Instance as a Qt item model, plus a "Could not load" group.
// Qt Core only: the views live in ui/.
#include "study/StudyIndex.h"

#include <QAbstractItemModel>

namespace veil {

class StudyItemModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class Kind { Patient, Study, Series, Instance, ProblemGroup, Problem };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(Kind)
        InstancePathRole,            // instance: the path as found
        LocalPathRole,               // instance: where the bytes are
        SopInstanceUidRole,
        SeriesUidRole,
        ProblemRole,                 // problem: the message
    };
    enum Column { NameColumn, DetailColumn, ModalityColumn, ColumnCount };

    explicit StudyItemModel(QObject* parent = nullptr);

    // Swaps in a new index (on the GUI thread).
    void setIndex(StudyIndex index);
    const StudyIndex& index() const { return m_index; }
    const InstanceInfo* instanceAt(const QModelIndex& index) const;
    QModelIndex firstInstance() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node {
        Kind kind;
        int parent = -1; // node id, -1 for top level
        int row = 0;     // row within the parent
        std::vector<int> children;
        const void* data = nullptr;
    };
    void rebuild();
    int addNode(Kind kind, int parent, const void* data);
    const Node* nodeOf(const QModelIndex& index) const;
    QString display(const Node& n, int column) const;
    QString tooltip(const Node& n) const;

    StudyIndex m_index;
    std::vector<Node> m_nodes;
    std::vector<int> m_roots;
};

} // namespace veil
