#include "study/StudyItemModel.h"

#include "study/FaceRisk.h"

#include <filesystem>

namespace veil {

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}

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

StudyItemModel::StudyItemModel(QObject* parent) : NodeTreeModel(parent) {}

void StudyItemModel::setIndex(StudyIndex index) {
    beginResetModel();
    m_index = std::move(index);
    rebuild();
    endResetModel();
}

int StudyItemModel::addNode(Kind kind, int parent, const void* data) {
    m_nodes.push_back({kind, data});
    return addTreeNode(parent);
}

void StudyItemModel::rebuild() {
    m_nodes.clear();
    clearTree();
    for (const PatientNode& p : m_index.patients) {
        const int pid = addNode(Kind::Patient, -1, &p);
        for (const StudyNode& st : p.studies) {
            const int sid = addNode(Kind::Study, pid, &st);
            for (const SeriesNode& se : st.series) {
                const int rid = addNode(Kind::Series, sid, &se);
                if (const FaceRisk risk = faceRisk(se, st.description); risk.mayShowFace)
                    m_nodes[std::size_t(rid)].faceRisk = risk.reason;
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
    const int id = nodeIdOf(index);
    return id < 0 ? nullptr : &m_nodes[std::size_t(id)];
}

const InstanceInfo* StudyItemModel::instanceAt(const QModelIndex& index) const {
    const Node* n = nodeOf(index);
    return n && n->kind == Kind::Instance ? static_cast<const InstanceInfo*>(n->data) : nullptr;
}

QModelIndex StudyItemModel::firstInstance() const {
    for (std::size_t id = 0; id < m_nodes.size(); ++id)
        if (m_nodes[id].kind == Kind::Instance)
            return indexOfNode(int(id));
    return {};
}

int StudyItemModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant StudyItemModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case DetailColumn:
        return tr("Details");
    case ModalityColumn:
        return tr("Modality");
    default:
        return {};
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
            return tr("#%1  %2")
                .arg(i->instanceNumber)
                .arg(q(std::filesystem::path(i->path).filename().string()));
        if (column == DetailColumn) {
            if (i->report)
                return tr("%1 report · %n page(s)", nullptr, std::max(1, i->frames))
                    .arg(i->reportFile ? tr("PDF") : tr("Encapsulated PDF"));
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
            return tr("%1 errors · %2 skipped")
                .arg(m_index.errorCount())
                .arg(m_index.skippedCount());
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
            .arg(q(i->path), q(sopClassName(i->sopClassUid)),
                 q(transferSyntaxName(i->transferSyntaxUid)))
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
    case Qt::DisplayRole:
        return display(*n, index.column());
    case Qt::ToolTipRole:
        return tooltip(*n);
    case KindRole:
        return int(n->kind);
    default:
        break;
    }
    if (n->kind == Kind::Instance) {
        const auto* i = static_cast<const InstanceInfo*>(n->data);
        if (role == InstancePathRole)
            return q(i->path);
        if (role == LocalPathRole)
            return q(i->localPath);
        if (role == SopInstanceUidRole)
            return q(i->sopInstanceUid);
        if (role == SeriesUidRole)
            return q(i->seriesInstanceUid);
    }
    if (n->kind == Kind::Series && role == FaceRiskRole)
        return q(n->faceRisk);
    if (n->kind == Kind::Series && role == SeriesUidRole)
        return q(static_cast<const SeriesNode*>(n->data)->uid);
    if (n->kind == Kind::Problem && role == ProblemRole)
        return q(static_cast<const LoadProblem*>(n->data)->message);
    return {};
}

} // namespace veil
