#pragma once
// One instance's DeidPlan as a tree: every element at every depth, sequences with their items
// ("Item 1", ...) as children, columns element | VR | before | after | action | rule. The model
// only shows the engine's plan: it is handed a plan as a value and computes nothing.
#include "deid/DeidPlan.h"

#include "common/NodeTreeModel.h"
#include <QColor>

#include <map>

namespace veil::ui {

// The colour groups of the legend.
enum class ActionGroup { Removed, Emptied, Replaced, Cleaned, Kept, Inserted };

class PlanItemModel : public NodeTreeModel {
    Q_OBJECT
public:
    enum Column {
        ElementColumn,
        VrColumn,
        BeforeColumn,
        AfterColumn,
        ActionColumn,
        RuleColumn,
        ColumnCount
    };
    enum Role {
        ActionRole = Qt::UserRole + 1, // int(Action); invalid for item rows
        ChangedRole,                   // bool: the plan changes this element
        IdentifyingRole,    // bool: isIdentifyingElement (private, PN, patient attributes)
        PathRole,           // QString: TagPath::toString(), or the item's path + "[n]"
        KeywordRole,        // QString
        PrivateCreatorRole, // QString
        BeforeRole,         // QString: the plan's value, unabridged
        AfterRole,          // QString
        RuleRole,           // QString
        SearchTextRole,     // QString: what the text search looks at
    };

    explicit PlanItemModel(QObject* parent = nullptr);

    // Replaces what is shown (on the GUI thread).
    void setPlan(DeidPlan plan);
    void clear();
    const DeidPlan& plan() const { return m_plan; }
    bool hasPlan() const { return !m_plan.changes.empty(); }
    // The row of a plan element (the first with this path), for tests and selection.
    QModelIndex indexOfPath(const TagPath& path, int column = 0) const;
    QModelIndex indexOfPath(const QString& pathText, int column = 0) const;

    static ActionGroup groupOf(Action action);
    static QString groupName(ActionGroup group);
    static QString groupDescription(ActionGroup group);
    static QColor groupTint(ActionGroup group); // light background; text on it is dark
    static QColor tintText();
    static QList<ActionGroup> groups();

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Node {        // what a row shows; NodeTreeModel keeps where it sits
        int change = -1; // index into m_plan.changes; -1 for an item row
        int item = -1;   // item rows: the item's index
        Tag tag;         // a sequence row made up for rows whose sequence the plan does not list
    };
    int idOf(const Node& n) const { return int(&n - m_nodes.data()); }
    const Node* parentNode(const Node& n) const {
        const int p = parentOf(idOf(n));
        return p < 0 ? nullptr : &m_nodes[std::size_t(p)];
    }
    void build();
    int addNode(int parent, int change, int item, Tag tag = {});
    int parentFor(const TagPath& path, std::map<TagPath, int>& sequences,
                  std::map<std::pair<int, int>, int>& items);
    const Node* nodeOf(const QModelIndex& index) const;
    QString elementText(const Node& n) const;
    QVariant display(const Node& n, int column) const;
    QString tooltip(const Node& n, int column) const;
    QString pathText(const Node& n) const;
    const Action* tintingAction(const Node& n) const;

    DeidPlan m_plan;
    std::vector<Node> m_nodes; // by node id
};

// One line for a cell: line breaks and tabs shown as symbols, long values shortened.
QString singleLine(const QString& text, int max = 300);

} // namespace veil::ui
