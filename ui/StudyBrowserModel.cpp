#include "StudyBrowserModel.h"

#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "study/StudyItemModel.h"

#include <QApplication>
#include <QColor>
#include <QImage>
#include <QPixmap>
#include <QStyle>
#include <set>

namespace veil::ui {

namespace {
constexpr int kThumb = 48;

QImage thumbnail(const QString& path, int frames) {
    try {
        const DicomFile f = DicomFile::open(path.toStdString());
        const Frame frame = f.frame(std::max(0, frames / 2));
        const cv::Mat shown = renderForDisplay(frame, openingParams(frame, renderParamsFor(f)));
        const QImage::Format fmt =
            shown.channels() == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
        return QImage(shown.data, shown.cols, shown.rows, int(shown.step), fmt)
            .scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    } catch (const std::exception&) {
        return {};
    }
}
} // namespace

StudyBrowserModel::StudyBrowserModel(StudyItemModel* source, StatusOf status, QObject* parent)
    : QIdentityProxyModel(parent), m_source(source), m_status(std::move(status)) {
    setSourceModel(source);
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        m_thumbs.clear();
        m_pending.clear();
        m_queue.clear();
    });
}

void StudyBrowserModel::refreshProgress() {
    if (rowCount() == 0)
        return;
    // Study and series details and instance names (the tick); a full refresh is cheap at
    // these sizes. One signal per parent: its rows, name to detail column.
    std::vector<QModelIndex> stack{QModelIndex()};
    while (!stack.empty()) {
        const QModelIndex parent = stack.back();
        stack.pop_back();
        const int rows = rowCount(parent);
        if (rows == 0)
            continue;
        emit dataChanged(index(0, StudyItemModel::NameColumn, parent),
                         index(rows - 1, StudyItemModel::DetailColumn, parent),
                         {Qt::DisplayRole, Qt::ToolTipRole});
        for (int r = 0; r < rows; ++r)
            if (index(r, 0, parent).data(StudyItemModel::KindRole).toInt() !=
                int(StudyItemModel::Kind::Instance))
                stack.push_back(index(r, 0, parent));
    }
}

std::vector<const InstanceInfo*> StudyBrowserModel::instancesBelow(const QModelIndex& idx) const {
    std::vector<const InstanceInfo*> out;
    std::vector<QModelIndex> stack{idx.siblingAtColumn(0)};
    while (!stack.empty()) {
        const QModelIndex i = stack.back();
        stack.pop_back();
        if (const InstanceInfo* info = m_source->instanceAt(mapToSource(i)))
            out.push_back(info);
        for (int r = rowCount(i) - 1; r >= 0; --r)
            stack.push_back(index(r, 0, i));
    }
    return out;
}

ReviewTally StudyBrowserModel::tallyBelow(const QModelIndex& idx) const {
    ReviewTally t;
    for (const InstanceInfo* i : instancesBelow(idx)) {
        ++t.instances;
        t.reviewed += m_status(*i).state == ReviewState::Reviewed;
    }
    return t;
}

void StudyBrowserModel::requestThumbnail(const QString& seriesUid, const QString& path,
                                         int frames) const {
    if (m_pending.contains(seriesUid))
        return;
    m_pending.insert(seriesUid);
    m_queue.push_back({seriesUid, path, frames});
    if (!m_runner.isRunning())
        renderNext();
}

void StudyBrowserModel::renderNext() const {
    if (m_queue.empty())
        return;
    const Wanted w = m_queue.front();
    m_queue.pop_front();
    auto* self = const_cast<StudyBrowserModel*>(this);
    m_runner.run(
        [path = w.localPath, frames = w.frames](ProgressSink&, const CancelToken&) {
            try {
                return thumbnail(path, frames);
            } catch (...) { // a series without a thumbnail, never a crash
                return QImage();
            }
        },
        [self, uid = w.seriesUid](QImage image, bool) {
            self->thumbnailMade(uid, image); // the view may ask for more (and start the next)
            if (!self->m_runner.isRunning())
                self->renderNext();
        });
}

void StudyBrowserModel::thumbnailMade(const QString& seriesUid, const QImage& img) {
    if (!m_pending.contains(seriesUid))
        return; // the model was reset meanwhile
    m_pending.remove(seriesUid);
    m_thumbs.insert(seriesUid, img.isNull() ? QIcon() : QIcon(QPixmap::fromImage(img)));
    // Find the series row and tell the view.
    for (int p = 0; p < rowCount(); ++p)
        for (int s = 0; s < rowCount(index(p, 0)); ++s)
            for (int r = 0; r < rowCount(index(s, 0, index(p, 0))); ++r) {
                const QModelIndex series = index(r, 0, index(s, 0, index(p, 0)));
                if (series.data(StudyItemModel::SeriesUidRole).toString() == seriesUid)
                    emit dataChanged(series, series, {Qt::DecorationRole});
            }
}

QVariant StudyBrowserModel::data(const QModelIndex& idx, int role) const {
    const int kind = QIdentityProxyModel::data(idx, StudyItemModel::KindRole).toInt();
    if (role == Qt::DecorationRole && idx.column() == StudyItemModel::NameColumn) {
        if (kind == int(StudyItemModel::Kind::ProblemGroup) ||
            kind == int(StudyItemModel::Kind::Problem)) {
            const bool error =
                kind == int(StudyItemModel::Kind::ProblemGroup) ||
                !QIdentityProxyModel::data(idx, Qt::DisplayRole).toString().isEmpty();
            return QApplication::style()->standardIcon(error ? QStyle::SP_MessageBoxWarning
                                                             : QStyle::SP_MessageBoxInformation);
        }
        if (kind == int(StudyItemModel::Kind::Instance)) {
            const InstanceInfo* i = m_source->instanceAt(mapToSource(idx));
            if (i && !burnedInRisk(*i).warnings.empty())
                return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return {};
        }
        if (kind == int(StudyItemModel::Kind::Series)) {
            const QString uid =
                QIdentityProxyModel::data(idx, StudyItemModel::SeriesUidRole).toString();
            if (m_thumbs.contains(uid))
                return m_thumbs.value(uid);
            const QModelIndex first = index(0, 0, idx);
            const InstanceInfo* i = m_source->instanceAt(mapToSource(first));
            if (i && i->hasPixelData)
                requestThumbnail(uid, QString::fromStdString(i->localPath), i->frames);
            return {};
        }
    }
    const bool seriesOrStudy =
        kind == int(StudyItemModel::Kind::Series) || kind == int(StudyItemModel::Kind::Study);
    if (role == Qt::DisplayRole && idx.column() == StudyItemModel::DetailColumn && seriesOrStudy) {
        const ReviewTally t = tallyBelow(idx);
        const QString base = QIdentityProxyModel::data(idx, role).toString();
        const bool face =
            !QIdentityProxyModel::data(idx, StudyItemModel::FaceRiskRole).toString().isEmpty();
        return base + tr(" · %1/%2 reviewed").arg(t.reviewed).arg(t.instances) +
               (face ? tr(" · ⚠ may show a face") : QString());
    }
    if (role == Qt::ToolTipRole && idx.column() == StudyItemModel::DetailColumn && seriesOrStudy) {
        const ReviewTally t = tallyBelow(idx);
        std::set<std::string> warnings;
        for (const InstanceInfo* i : instancesBelow(idx))
            for (const std::string& w : burnedInRisk(*i).warnings)
                warnings.insert(w);
        QString warn;
        for (const std::string& w : warnings)
            warn += tr("\n⚠ %1").arg(QString::fromStdString(w));
        const QString face =
            QIdentityProxyModel::data(idx, StudyItemModel::FaceRiskRole).toString();
        if (!face.isEmpty())
            warn += tr("\n⚠ %1 (surface rendering; see Face preview…)").arg(face);
        return data(idx, Qt::DisplayRole).toString() + '\n' +
               (t.pending() == 0 ? tr("Every image is reviewed")
                                 : tr("%n image(s) still pending review", nullptr, t.pending())) +
               warn;
    }
    // A warning on the series row when any of its images is at risk of burned-in text.
    if (role == Qt::ForegroundRole && kind == int(StudyItemModel::Kind::Series) &&
        idx.column() == StudyItemModel::DetailColumn) {
        if (!QIdentityProxyModel::data(idx, StudyItemModel::FaceRiskRole).toString().isEmpty())
            return QColor(170, 90, 0);
        for (const InstanceInfo* i : instancesBelow(idx))
            if (!burnedInRisk(*i).warnings.empty())
                return QColor(170, 90, 0);
    }
    if (kind == int(StudyItemModel::Kind::Instance) && idx.column() == StudyItemModel::NameColumn &&
        (role == Qt::DisplayRole || role == Qt::ToolTipRole)) {
        const InstanceInfo* i = m_source->instanceAt(mapToSource(idx));
        const InstanceStatus st = i ? m_status(*i) : InstanceStatus{};
        const QString base = QIdentityProxyModel::data(idx, role).toString();
        if (role == Qt::ToolTipRole) {
            QString warn;
            if (i)
                for (const std::string& w : burnedInRisk(*i).warnings)
                    warn += tr("\n⚠ %1").arg(QString::fromStdString(w));
            return base +
                   (i ? tr("\nReview: %1").arg(QString::fromStdString(st.why())) : QString()) +
                   warn;
        }
        return i && st.state == ReviewState::Reviewed ? QStringLiteral("✓ ") + base : base;
    }
    return QIdentityProxyModel::data(idx, role);
}

} // namespace veil::ui
