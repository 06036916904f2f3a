#include "study/StudyItemModel.h"

#include <filesystem>

namespace veil {

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QString personName(const std::string& pn) {
    QString s = q(pn);
    s.replace('^', ' ');
    return s.simplified();
}

QString dicomDate(const std::string& d) {
    if (d.size() != 8)
        return q(d);
    return q(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2));
}
} // namespace

StudyItemModel::StudyItemModel(QObject* parent) : QAbstractItemModel(parent) {}

void StudyItemModel::setIndex(StudyIndex index) {
    beginResetModel();
    m_index = std::move(index);
    rebuild();
    endResetModel();
}

int StudyItemModel::addNode(Kind kind, int parent, const void* data) {
    const int id = int(m_nodes.size());
    std::vector<int>& siblings = parent < 0 ? m_roots : m_nodes[std::size_t(parent)].children;
    m_nodes.push_back({kind, parent, int(siblings.size()), {}, data});
    // siblings may have been invalidated by push_back when it is a node's vector
    (parent < 0 ? m_roots : m_nodes[std::size_t(parent)].children).push_back(id);
    return id;
}

void StudyItemModel::rebuild() {
    m_nodes.clear();
    m_roots.clear();
    for (const PatientNode& p : m_index.patients) {
        const int pid = addNode(Kind::Patient, -1, &p);
        for (const StudyNode& st : p.studies) {
            const int sid = addNode(Kind::Study, pid, &st);
            for (const SeriesNode& se : st.series) {
                const int rid = addNode(Kind::Series, sid, &se);
                for (const InstanceInfo& i : se.instances)
                    addNode(Kind::Instance, rid, &i);
            }
        }
    }
    if (!m_index.problems.empty()) {
        const int gid = addNode(Kind::ProblemGroup, -1, nullptr);
        for (const LoadProblem& pr : m_index.problems)
            addNode(Kind::Problem, gid, &pr);
    }
}

const StudyItemModel::Node* StudyItemModel::nodeOf(const QModelIndex& index) const {
    if (!index.isValid() || index.model() != this)
        return nullptr;
    const auto id = std::size_t(index.internalId());
    return id < m_nodes.size() ? &m_nodes[id] : nullptr;
}

const InstanceInfo* StudyItemModel::instanceAt(const QModelIndex& index) const {
    const Node* n = nodeOf(index);
    return n && n->kind == Kind::Instance ? static_cast<const InstanceInfo*>(n->data) : nullptr;
}

QModelIndex StudyItemModel::firstInstance() const {
    for (std::size_t id = 0; id < m_nodes.size(); ++id)
        if (m_nodes[id].kind == Kind::Instance)
            return createIndex(m_nodes[id].row, 0, quintptr(id));
    return {};
}

QModelIndex StudyItemModel::index(int row, int column, const QModelIndex& parent) const {
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const std::vector<int>* children = &m_roots;
    if (parent.isValid()) {
        const Node* p = nodeOf(parent);
        if (!p || parent.column() != 0)
            return {};
        children = &p->children;
    }
    if (row >= int(children->size()))
        return {};
    return createIndex(row, column, quintptr((*children)[std::size_t(row)]));
}

QModelIndex StudyItemModel::parent(const QModelIndex& child) const {
    const Node* n = nodeOf(child);
    if (!n || n->parent < 0)
        return {};
    const Node& p = m_nodes[std::size_t(n->parent)];
    return createIndex(p.row, 0, quintptr(n->parent));
}

int StudyItemModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    const Node* n = nodeOf(parent);
    return n ? int(n->children.size()) : 0;
}

int StudyItemModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant StudyItemModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case DetailColumn: return tr("Details");
    case ModalityColumn: return tr("Modality");
    default: return {};
    }
}

QString StudyItemModel::display(const Node& n, int column) const {
    switch (n.kind) {
    case Kind::Patient: {
        const auto* p = static_cast<const PatientNode*>(n.data);
        if (column == NameColumn)
            return personName(p->name).isEmpty() ? tr("(no name)") : personName(p->name);
        if (column == DetailColumn)
            return tr("ID %1 · %2 studies · %3 images")
                .arg(q(p->id).isEmpty() ? tr("none") : q(p->id))
                .arg(p->studies.size())
                .arg(p->instanceCount());
        return {};
    }
    case Kind::Study: {
        const auto* s = static_cast<const StudyNode*>(n.data);
        if (column == NameColumn)
            return (dicomDate(s->date) + "  " + q(s->description)).trimmed();
        if (column == DetailColumn)
            return tr("%1 series · %2 images").arg(s->series.size()).arg(s->instanceCount());
        return {};
    }
    case Kind::Series: {
        const auto* s = static_cast<const SeriesNode*>(n.data);
        if (column == NameColumn)
            return tr("Series %1  %2").arg(s->number).arg(q(s->description)).trimmed();
        if (column == DetailColumn)
            return tr("%n image(s)", nullptr, int(s->instances.size()));
        return q(s->modality);
    }
    case Kind::Instance: {
        const auto* i = static_cast<const InstanceInfo*>(n.data);
        if (column == NameColumn)
            return tr("#%1  %2").arg(i->instanceNumber).arg(
                q(std::filesystem::path(i->path).filename().string()));
        if (column == DetailColumn) {
            if (!i->hasPixelData)
                return tr("no image");
            QString d = tr("%1×%2").arg(i->columns).arg(i->rows);
            if (i->frames > 1)
                d += tr(" · %1 frames").arg(i->frames);
            return d;
        }
        return q(i->modality);
    }
    case Kind::ProblemGroup:
        if (column == NameColumn)
            return tr("Could not load");
        if (column == DetailColumn)
            return tr("%1 errors · %2 skipped").arg(m_index.errorCount()).arg(m_index.skippedCount());
        return {};
    case Kind::Problem: {
        const auto* p = static_cast<const LoadProblem*>(n.data);
        if (column == NameColumn)
            return q(p->path);
        if (column == DetailColumn)
            return q(p->message);
        return {};
    }
    }
    return {};
}

QString StudyItemModel::tooltip(const Node& n) const {
    if (n.kind == Kind::Problem)
        return q(static_cast<const LoadProblem*>(n.data)->path) + "\n" +
               q(static_cast<const LoadProblem*>(n.data)->message);
    if (n.kind == Kind::Instance) {
        const auto* i = static_cast<const InstanceInfo*>(n.data);
        return tr("%1\n%2\n%3, %4-bit, %5")
            .arg(q(i->path), q(sopClassName(i->sopClassUid)), q(transferSyntaxName(i->transferSyntaxUid)))
            .arg(i->bitsStored)
            .arg(q(i->photometric));
    }
    return {};
}

QVariant StudyItemModel::data(const QModelIndex& index, int role) const {
    const Node* n = nodeOf(index);
    if (!n)
        return {};
    switch (role) {
    case Qt::DisplayRole: return display(*n, index.column());
    case Qt::ToolTipRole: return tooltip(*n);
    case KindRole: return int(n->kind);
    default: break;
    }
    if (n->kind == Kind::Instance) {
        const auto* i = static_cast<const InstanceInfo*>(n->data);
        if (role == InstancePathRole) return q(i->path);
        if (role == LocalPathRole) return q(i->localPath);
        if (role == SopInstanceUidRole) return q(i->sopInstanceUid);
        if (role == SeriesUidRole) return q(i->seriesInstanceUid);
    }
    if (n->kind == Kind::Series && role == SeriesUidRole)
        return q(static_cast<const SeriesNode*>(n->data)->uid);
    if (n->kind == Kind::Problem && role == ProblemRole)
        return q(static_cast<const LoadProblem*>(n->data)->message);
    return {};
}

} // namespace veil
