#include "FindingsModel.h"

#include "review/FindingBoxes.h"

#include <QColor>

namespace veil::ui {

std::string idOf(const std::string& uid, const Finding& f) {
    return findingIdOf(uid, f);
}

FindingsModel::FindingsModel(QObject* parent) : QAbstractTableModel(parent) {}

void FindingsModel::setFindings(const std::string& uid, std::vector<Finding> findings) {
    beginResetModel();
    m_uid = uid;
    m_findings = std::move(findings);
    m_ids.clear();
    for (const Finding& f : m_findings)
        m_ids.push_back(idOf(uid, f));
    endResetModel();
}

void FindingsModel::setSession(const ReviewSession* session) {
    m_session = session;
    refreshDecisions();
}

void FindingsModel::refreshDecisions() {
    if (!m_findings.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const Finding* FindingsModel::findingAt(int row) const {
    return row >= 0 && row < int(m_findings.size()) ? &m_findings[std::size_t(row)] : nullptr;
}

std::string FindingsModel::idAt(int row) const {
    return row >= 0 && row < int(m_ids.size()) ? m_ids[std::size_t(row)] : std::string();
}

Decision FindingsModel::decisionAt(int row) const {
    return m_session && findingAt(row) ? m_session->decision(m_ids[std::size_t(row)])
                                       : Decision::Pending;
}

int FindingsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FrameColumn:
        return tr("Frame");
    case TextColumn:
        return tr("Text");
    case MatchedColumn:
        return tr("Matches");
    case SourceColumn:
        return tr("Source");
    case ConfidenceColumn:
        return tr("Conf.");
    case DecisionColumn:
        return tr("Decision");
    default:
        return {};
    }
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const {
    const Finding* f = findingAt(index.row());
    if (!f || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const Decision d =
        m_session ? m_session->decision(m_ids[std::size_t(index.row())]) : Decision::Pending;
    switch (role) {
    case FindingIdRole:
        return QString::fromStdString(m_ids[std::size_t(index.row())]);
    case PhiRole:
        return f->phi;
    case FrameRole:
        return f->frame;
    case Qt::ForegroundRole:
        if (index.column() == TextColumn)
            return f->source == FindingSource::Template ? QColor(30, 90, 200)
                   : f->phi                             ? QColor(190, 20, 20)
                                                        : QColor(150, 100, 0);
        return {};
    case Qt::ToolTipRole:
        return tr("%1 at %2,%3 %4×%5%6")
            .arg(QString::fromStdString(f->text))
            .arg(f->box.x)
            .arg(f->box.y)
            .arg(f->box.w)
            .arg(f->box.h)
            .arg(f->overlayGroup ? tr(" in %1 (redacting it blanks the whole plane)")
                                       .arg(QString::fromStdString(overlayLabel(*f)))
                                 : QString());
    case Qt::DisplayRole:
        switch (index.column()) {
        case FrameColumn:
            return f->frame < 0 ? tr("all") : QString::number(f->frame + 1);
        case TextColumn:
            return QString::fromStdString(f->text);
        case MatchedColumn:
            return !f->matched.empty()         ? QString::fromStdString(f->matched)
                   : f->reason == "unreadable" ? tr("unreadable text")
                   : f->phi                    ? tr("looks identifying")
                                               : QString();
        case SourceColumn:
            // Text read in an overlay plane says so: redacting it blanks the plane.
            return f->overlayGroup ? QString::fromStdString(overlayLabel(*f))
                                   : QString::fromLatin1(sourceName(f->source));
        case ConfidenceColumn:
            return QString::number(int(f->confidence * 100)) + "%";
        case DecisionColumn:
            return d == Decision::Accepted   ? tr("redact")
                   : d == Decision::Rejected ? tr("keep")
                                             : tr("pending");
        default:
            return {};
        }
    default:
        return {};
    }
}

} // namespace veil::ui
