#pragma once
// The study tree as the browser shows it: core's StudyItemModel plus what only a GUI has —
// thumbnails for series, review progress per instance, series and study (core ReviewStatus),
// and error badges. Thumbnails are rendered off the GUI thread, one series at a time in the
// order asked (a JobRunner); a reset drops the ones not made yet.
#include "JobRunner.h"
#include "review/ReviewStatus.h"

#include <QCache>
#include <QIcon>
#include <QIdentityProxyModel>
#include <QSet>
#include <deque>
#include <functional>

namespace veil {
class StudyItemModel;
}

namespace veil::ui {

class StudyBrowserModel : public QIdentityProxyModel {
    Q_OBJECT
public:
    // status(instance): pending or reviewed, and why; added up per series and study.
    using StatusOf = std::function<InstanceStatus(const InstanceInfo&)>;
    StudyBrowserModel(StudyItemModel* source, StatusOf status, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    // Review marks or findings changed: refresh the progress text.
    void refreshProgress();
    // Instances below a row (a patient, study, series or instance), in tree order.
    std::vector<const InstanceInfo*> instancesBelow(const QModelIndex& index) const;
    ReviewTally tallyBelow(const QModelIndex& index) const;

private:
    struct Wanted {
        QString seriesUid, localPath;
        int frames = 0;
    };
    void requestThumbnail(const QString& seriesUid, const QString& localPath, int frames) const;
    void renderNext() const;
    void thumbnailMade(const QString& seriesUid, const QImage& image);

    StudyItemModel* m_source;
    StatusOf m_status;
    mutable QHash<QString, QIcon> m_thumbs;
    mutable QSet<QString> m_pending; // asked for, not made yet
    mutable std::deque<Wanted> m_queue;
    mutable JobRunner m_runner; // last: goes first
};

} // namespace veil::ui
