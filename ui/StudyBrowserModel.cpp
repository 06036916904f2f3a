#include "StudyBrowserModel.h"

#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "study/StudyItemModel.h"

#include <QApplication>
#include <QFutureWatcher>
#include <QImage>
#include <QPixmap>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

namespace {
constexpr int kThumb = 48;

QImage thumbnail(const QString& path, int frames) {
    try {
        const DicomFile f = DicomFile::open(path.toStdString());
        const cv::Mat shown = renderForDisplay(f.frame(std::max(0, frames / 2)), renderParamsFor(f));
        const QImage::Format fmt = shown.channels() == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
        return QImage(shown.data, shown.cols, shown.rows, int(shown.step), fmt)
            .scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    } catch (const std::exception&) {
        return {};
    }
}
} // namespace

StudyBrowserModel::StudyBrowserModel(StudyItemModel* source, std::function<bool(const std::string&)> reviewed,
                                     QObject* parent)
    : QIdentityProxyModel(parent), m_source(source), m_reviewed(std::move(reviewed)) {
    setSourceModel(source);
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        m_thumbs.clear();
        m_pending.clear();
    });
}

void StudyBrowserModel::refreshProgress() {
    if (rowCount() == 0)
        return;
    // Series rows are two levels down; a full-column refresh is cheap at these sizes.
    std::vector<QModelIndex> stack;
    for (int r = 0; r < rowCount(); ++r)
        stack.push_back(index(r, 0));
    while (!stack.empty()) {
        const QModelIndex i = stack.back();
        stack.pop_back();
        emit dataChanged(index(i.row(), StudyItemModel::DetailColumn, i.parent()),
                         index(i.row(), StudyItemModel::DetailColumn, i.parent()));
        const int kind = i.data(StudyItemModel::KindRole).toInt();
        if (kind == int(StudyItemModel::Kind::Patient) || kind == int(StudyItemModel::Kind::Study))
            for (int r = 0; r < rowCount(i); ++r)
                stack.push_back(index(r, 0, i));
    }
}

void StudyBrowserModel::requestThumbnail(const QString& seriesUid, const QString& path, int frames) const {
    if (m_pending.contains(seriesUid))
        return;
    m_pending.insert(seriesUid);
    auto* watcher = new QFutureWatcher<QImage>(const_cast<StudyBrowserModel*>(this));
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, seriesUid] {
        const QImage img = watcher->result();
        watcher->deleteLater();
        if (!m_pending.contains(seriesUid))
            return; // the model was reset meanwhile
        m_thumbs.insert(seriesUid, img.isNull() ? QIcon() : QIcon(QPixmap::fromImage(img)));
        // Find the series row and tell the view.
        for (int p = 0; p < rowCount(); ++p)
            for (int s = 0; s < rowCount(index(p, 0)); ++s)
                for (int r = 0; r < rowCount(index(s, 0, index(p, 0))); ++r) {
                    const QModelIndex series = index(r, 0, index(s, 0, index(p, 0)));
                    if (series.data(StudyItemModel::SeriesUidRole).toString() == seriesUid)
                        emit const_cast<StudyBrowserModel*>(this)->dataChanged(series, series, {Qt::DecorationRole});
                }
    });
    watcher->setFuture(QtConcurrent::run(thumbnail, path, frames));
}

QVariant StudyBrowserModel::data(const QModelIndex& idx, int role) const {
    const int kind = QIdentityProxyModel::data(idx, StudyItemModel::KindRole).toInt();
    if (role == Qt::DecorationRole && idx.column() == StudyItemModel::NameColumn) {
        if (kind == int(StudyItemModel::Kind::ProblemGroup) || kind == int(StudyItemModel::Kind::Problem)) {
            const bool error = kind == int(StudyItemModel::Kind::ProblemGroup) ||
                               !QIdentityProxyModel::data(idx, Qt::DisplayRole).toString().isEmpty();
            return QApplication::style()->standardIcon(error ? QStyle::SP_MessageBoxWarning
                                                             : QStyle::SP_MessageBoxInformation);
        }
        if (kind == int(StudyItemModel::Kind::Series)) {
            const QString uid = QIdentityProxyModel::data(idx, StudyItemModel::SeriesUidRole).toString();
            if (m_thumbs.contains(uid))
                return m_thumbs.value(uid);
            const QModelIndex first = index(0, 0, idx);
            const InstanceInfo* i = m_source->instanceAt(mapToSource(first));
            if (i && i->hasPixelData)
                requestThumbnail(uid, QString::fromStdString(i->localPath), i->frames);
            return {};
        }
    }
    if (role == Qt::DisplayRole && idx.column() == StudyItemModel::DetailColumn &&
        kind == int(StudyItemModel::Kind::Series)) {
        const QModelIndex nameIndex = index(idx.row(), 0, idx.parent());
        const int n = rowCount(nameIndex);
        int reviewed = 0;
        for (int r = 0; r < n; ++r) {
            const InstanceInfo* i = m_source->instanceAt(mapToSource(index(r, 0, nameIndex)));
            if (i && m_reviewed(i->sopInstanceUid))
                ++reviewed;
        }
        return tr("%n image(s)", nullptr, n) + tr(" · %1/%2 reviewed").arg(reviewed).arg(n);
    }
    if (role == Qt::DisplayRole && idx.column() == StudyItemModel::NameColumn &&
        kind == int(StudyItemModel::Kind::Instance)) {
        const InstanceInfo* i = m_source->instanceAt(mapToSource(idx));
        const QString base = QIdentityProxyModel::data(idx, role).toString();
        return i && m_reviewed(i->sopInstanceUid) ? QStringLiteral("✓ ") + base : base;
    }
    return QIdentityProxyModel::data(idx, role);
}

} // namespace veil::ui
