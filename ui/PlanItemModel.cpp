#include "PlanItemModel.h"

#include "dicom/Dictionary.h"
#include "identity/IdentifierSet.h"

#include <QFont>

namespace veil::ui {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// Tooltips are rich text when they look like it: escape, so a value such as "<script>" is
// shown as the characters it is.
QString plainTooltip(const QString& text) {
    const QString shown = text.size() > 2000 ? text.left(2000) + QStringLiteral("…") : text;
    return QStringLiteral("<p style='white-space:pre-wrap'>") + shown.toHtmlEscaped() +
           QStringLiteral("</p>");
}

} // namespace

QString singleLine(const QString& text, int max) {
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), max + 1));
    for (const QChar c : text) {
        if (out.size() >= max) {
            out += QStringLiteral("…");
            break;
        }
        if (c == QLatin1Char('\n'))
            out += QStringLiteral("⏎");
        else if (c == QLatin1Char('\r'))
            continue;
        else if (c == QLatin1Char('\t'))
            out += QLatin1Char(' ');
        else if (c.category() == QChar::Other_Control)
            out += QChar(0xFFFD);
        else
            out += c;
    }
    return out;
}

PlanItemModel::PlanItemModel(QObject* parent) : NodeTreeModel(parent) {}

void PlanItemModel::setPlan(DeidPlan plan) {
    beginResetModel();
    m_plan = std::move(plan);
    build();
    endResetModel();
}

void PlanItemModel::clear() {
    setPlan({});
}

int PlanItemModel::addNode(int parent, int change, int item, Tag tag) {
    m_nodes.push_back({change, item, tag});
    return addTreeNode(parent);
}

// The item row an element belongs under: the newest row of its sequence (a replaced sequence
// and its replacement share a path), then "Item n" under it, made when first needed.
int PlanItemModel::parentFor(const TagPath& path, std::map<TagPath, int>& sequences,
                             std::map<std::pair<int, int>, int>& items) {
    if (path.steps.size() < 2)
        return -1;
    TagPath seqPath;
    seqPath.steps.assign(path.steps.begin(), path.steps.end() - 1);
    const int item = seqPath.steps.back().item;
    seqPath.steps.back().item = -1;
    auto seq = sequences.find(seqPath);
    if (seq == sequences.end()) { // the plan has no row for the sequence itself: make one
        const int grand = parentFor(seqPath, sequences, items);
        seq = sequences.emplace(seqPath, addNode(grand, -1, -1, seqPath.leaf())).first;
    }
    auto it = items.find({seq->second, item});
    if (it == items.end())
        it = items.emplace(std::pair{seq->second, item}, addNode(seq->second, -1, item)).first;
    return it->second;
}

void PlanItemModel::build() {
    m_nodes.clear();
    clearTree();
    m_nodes.reserve(m_plan.changes.size() + 16);
    std::map<TagPath, int> sequences;
    std::map<std::pair<int, int>, int> items;
    for (std::size_t i = 0; i < m_plan.changes.size(); ++i) {
        const ElementChange& c = m_plan.changes[i];
        const int parent = parentFor(c.path, sequences, items);
        const int node = addNode(parent, int(i), -1);
        if (c.isSequence())
            sequences[c.path] = node; // the newest row of a path takes its items
    }
}

const PlanItemModel::Node* PlanItemModel::nodeOf(const QModelIndex& index) const {
    const int id = nodeIdOf(index);
    return id < 0 ? nullptr : &m_nodes[std::size_t(id)];
}

int PlanItemModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QString PlanItemModel::elementText(const Node& n) const {
    if (n.change < 0 && n.item >= 0)
        return tr("Item %1").arg(n.item + 1);
    if (n.change < 0)
        return q(n.tag.toString()) + QLatin1Char(' ') + q(keywordForTag(n.tag));
    const ElementChange& c = m_plan.changes[std::size_t(n.change)];
    const Tag t = c.path.leaf();
    QString name = q(c.keyword);
    if (t.isPrivate() && !t.isPrivateCreator())
        name = QStringLiteral("[%1]").arg(q(c.privateCreator)) +
               (name.isEmpty() ? QString() : QLatin1Char(' ') + name);
    else if (t.isPrivateCreator() && name.isEmpty())
        name = tr("Private Creator");
    else if (name.isEmpty())
        name = tr("(unknown)");
    return q(t.toString()) + QLatin1Char(' ') + name;
}

QString PlanItemModel::pathText(const Node& n) const {
    if (n.change >= 0)
        return q(m_plan.changes[std::size_t(n.change)].path.toString());
    if (const Node* seq = parentNode(n); n.item >= 0 && seq)
        return pathText(*seq) + QStringLiteral("[%1]").arg(n.item);
    return q(n.tag.toString());
}

QVariant PlanItemModel::display(const Node& n, int column) const {
    if (column == ElementColumn)
        return elementText(n);
    if (n.change < 0)
        return {};
    const ElementChange& c = m_plan.changes[std::size_t(n.change)];
    switch (column) {
    case VrColumn:
        return q(c.vr);
    case BeforeColumn:
        return singleLine(q(c.before));
    case AfterColumn:
        return c.action == Action::Remove ? QString() : singleLine(q(c.after));
    case ActionColumn:
        return QString::fromLatin1(actionName(c.action));
    case RuleColumn:
        return singleLine(q(c.rule));
    default:
        return {};
    }
}

QString PlanItemModel::tooltip(const Node& n, int column) const {
    if (n.change < 0)
        return plainTooltip(pathText(n));
    const ElementChange& c = m_plan.changes[std::size_t(n.change)];
    switch (column) {
    case BeforeColumn:
        return plainTooltip(q(c.before));
    case AfterColumn:
        return plainTooltip(c.action == Action::Remove ? tr("(removed)") : q(c.after));
    case ActionColumn:
        return plainTooltip(groupDescription(groupOf(c.action)));
    case RuleColumn:
        return plainTooltip(q(c.rule));
    default:
        return plainTooltip(q(c.path.toString()) + QLatin1Char('\n') + elementText(n));
    }
}

// The action whose colour a row wears: its own unless kept; an item row wears its sequence's
// when the sequence goes with everything in it.
const Action* PlanItemModel::tintingAction(const Node& n) const {
    if (n.change >= 0) {
        const Action& a = m_plan.changes[std::size_t(n.change)].action;
        return a == Action::Keep ? nullptr : &a;
    }
    if (n.item >= 0 && parentNode(n)) {
        const int seq = parentNode(n)->change;
        if (seq >= 0 && m_plan.changes[std::size_t(seq)].action == Action::Remove)
            return &m_plan.changes[std::size_t(seq)].action;
    }
    return nullptr;
}

QVariant PlanItemModel::data(const QModelIndex& index, int role) const {
    const Node* n = nodeOf(index);
    if (!n)
        return {};
    const ElementChange* c = n->change >= 0 ? &m_plan.changes[std::size_t(n->change)] : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        return display(*n, index.column());
    case Qt::ToolTipRole:
        return tooltip(*n, index.column());
    case Qt::BackgroundRole:
        if (const Action* a = tintingAction(*n))
            return groupTint(groupOf(*a));
        return {};
    case Qt::ForegroundRole:
        if (tintingAction(*n))
            return tintText();
        return {};
    case Qt::FontRole:
        if (!c && n->item >= 0) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return {};
    case ActionRole:
        return c ? QVariant(int(c->action)) : QVariant();
    case ChangedRole:
        return c && changesValue(c->action);
    case IdentifyingRole:
        return c && isIdentifyingElement(c->path.leaf(), c->keyword, c->vr);
    case PathRole:
        return pathText(*n);
    case KeywordRole:
        return c ? q(c->keyword) : QString();
    case PrivateCreatorRole:
        return c ? q(c->privateCreator) : QString();
    case BeforeRole:
        return c ? q(c->before) : QString();
    case AfterRole:
        return c ? q(c->after) : QString();
    case RuleRole:
        return c ? q(c->rule) : QString();
    case SearchTextRole:
        if (!c)
            return QString();
        return QStringList{elementText(*n), q(c->before), q(c->after),
                           QString::fromLatin1(actionName(c->action))}
            .join(QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant PlanItemModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ElementColumn:
        return tr("Element");
    case VrColumn:
        return tr("VR");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After");
    case ActionColumn:
        return tr("Action");
    case RuleColumn:
        return tr("Rule");
    default:
        return {};
    }
}

QModelIndex PlanItemModel::indexOfPath(const TagPath& path, int column) const {
    return indexOfPath(q(path.toString()), column);
}

QModelIndex PlanItemModel::indexOfPath(const QString& text, int column) const {
    for (std::size_t id = 0; id < m_nodes.size(); ++id)
        if (pathText(m_nodes[id]) == text)
            return indexOfNode(int(id), column);
    return {};
}

ActionGroup PlanItemModel::groupOf(Action a) {
    switch (a) {
    case Action::Remove:
        return ActionGroup::Removed;
    case Action::Empty:
        return ActionGroup::Emptied;
    case Action::Clean:
        return ActionGroup::Cleaned;
    case Action::Keep:
        return ActionGroup::Kept;
    case Action::Insert:
        return ActionGroup::Inserted;
    case Action::Dummy:
    case Action::RemapUid:
    case Action::ShiftDate:
    case Action::Pseudonym:
    case Action::Replace:
    case Action::Blank:
        return ActionGroup::Replaced;
    }
    return ActionGroup::Kept;
}

QList<ActionGroup> PlanItemModel::groups() {
    return {ActionGroup::Removed, ActionGroup::Emptied,  ActionGroup::Replaced,
            ActionGroup::Cleaned, ActionGroup::Inserted, ActionGroup::Kept};
}

QString PlanItemModel::groupName(ActionGroup g) {
    switch (g) {
    case ActionGroup::Removed:
        return tr("Removed");
    case ActionGroup::Emptied:
        return tr("Emptied");
    case ActionGroup::Replaced:
        return tr("Replaced");
    case ActionGroup::Cleaned:
        return tr("Cleaned");
    case ActionGroup::Kept:
        return tr("Kept");
    case ActionGroup::Inserted:
        return tr("Inserted");
    }
    return {};
}

QString PlanItemModel::groupDescription(ActionGroup g) {
    switch (g) {
    case ActionGroup::Removed:
        return tr("remove: the element is left out (a sequence with everything in it)");
    case ActionGroup::Emptied:
        return tr("empty: the element stays with no value (a sequence: no items)");
    case ActionGroup::Replaced:
        return tr("dummy, pseudonym, remap-uid, shift-date, replace, blank: a new value in place "
                  "of the old");
    case ActionGroup::Cleaned:
        return tr("clean: identifying words removed, the rest of the text kept");
    case ActionGroup::Kept:
        return tr("keep: left as it is");
    case ActionGroup::Inserted:
        return tr("insert: added by Veil to record the de-identification");
    }
    return {};
}

QColor PlanItemModel::groupTint(ActionGroup g) {
    switch (g) {
    case ActionGroup::Removed:
        return QColor(0xF6, 0xD5, 0xD5); // light red
    case ActionGroup::Emptied:
        return QColor(0xFB, 0xE3, 0xC8); // light orange
    case ActionGroup::Replaced:
        return QColor(0xFA, 0xF0, 0xBE); // light yellow
    case ActionGroup::Cleaned:
        return QColor(0xD3, 0xE5, 0xFA); // light blue
    case ActionGroup::Inserted:
        return QColor(0xD2, 0xEF, 0xD6); // light green
    case ActionGroup::Kept:
        return QColor(Qt::white);
    }
    return {};
}

QColor PlanItemModel::tintText() {
    return QColor(0x1A, 0x1A, 0x1A);
}

} // namespace veil::ui
