#pragma once
// The study tree as the browser shows it: core's StudyItemModel plus what only a GUI has —
// thumbnails for series, review progress per series, and error badges.
#include <QCache>
#include <QIdentityProxyModel>
#include <QIcon>
#include <QSet>
#include <functional>

namespace veil {
class StudyItemModel;
struct InstanceInfo;
}

namespace veil::ui {

class StudyBrowserModel : public QIdentityProxyModel {
    Q_OBJECT
public:
    // reviewed(uid) says whether an instance is reviewed; counted per series.
    StudyBrowserModel(StudyItemModel* source, std::function<bool(const std::string&)> reviewed,
                      QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    // Review marks changed: refresh the progress text.
    void refreshProgress();

private:
    void requestThumbnail(const QString& seriesUid, const QString& localPath, int frames) const;

    StudyItemModel* m_source;
    std::function<bool(const std::string&)> m_reviewed;
    mutable QHash<QString, QIcon> m_thumbs;
    mutable QSet<QString> m_pending;
};

} // namespace veil::ui
