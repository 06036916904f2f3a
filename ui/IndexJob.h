#pragma once
// Runs core's StudyIndexer on a worker thread; progress and the result come back as signals.
#include "common/Progress.h"
#include "study/StudyIndex.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <memory>

namespace veil::ui {

class IndexJob : public QObject {
    Q_OBJECT
public:
    explicit IndexJob(QObject* parent = nullptr);
    ~IndexJob() override;

    void start(const QStringList& inputs);
    void cancel();
    bool isRunning() const;

signals:
    void progressed(long done, long total, const QString& what);
    void finished(std::shared_ptr<veil::StudyIndex> index, bool cancelled);
    // The first image found, long before indexing ends (queued to the GUI thread).
    void firstImage(const veil::InstanceInfo& instance);

private:
    class Sink;
    std::unique_ptr<Sink> m_sink;
    std::shared_ptr<CancelToken> m_cancel;
    QFutureWatcher<std::shared_ptr<StudyIndex>> m_watcher;
};

} // namespace veil::ui
