#pragma once
// Patient › Study › Series › Instance as a Qt item model, plus a "Could not load" group.
// Qt Core only: the views live in ui/.
#include "study/StudyIndex.h"

#include "common/NodeTreeModel.h"

namespace veil {

class StudyItemModel : public NodeTreeModel {
    Q_OBJECT
public:
    enum class Kind { Patient, Study, Series, Instance, ProblemGroup, Problem };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(Kind)
        InstancePathRole,            // instance: the path as found
        LocalPathRole,               // instance: where the bytes are
        SopInstanceUidRole,
        SeriesUidRole,
        ProblemRole,  // problem: the message
        FaceRiskRole, // series: faceRisk()'s reason when it may show a face, else empty
    };
    enum Column { NameColumn, DetailColumn, ModalityColumn, ColumnCount };

    explicit StudyItemModel(QObject* parent = nullptr);

    // Swaps in a new index (on the GUI thread).
    void setIndex(StudyIndex index);
    using NodeTreeModel::index; // index(row, column, parent) beside the study index below
    const StudyIndex& index() const { return m_index; }
    const InstanceInfo* instanceAt(const QModelIndex& index) const;
    QModelIndex firstInstance() const;

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node { // what a node of the tree shows; NodeTreeModel keeps where it sits
        Kind kind;
        const void* data = nullptr;
        std::string faceRisk; // series that may show a face: why
    };
    void rebuild();
    int addNode(Kind kind, int parent, const void* data);
    const Node* nodeOf(const QModelIndex& index) const;
    QString display(const Node& n, int column) const;
    QString tooltip(const Node& n) const;

    StudyIndex m_index;
    std::vector<Node> m_nodes; // by node id
};

} // namespace veil
