#pragma once
// Runs core's StudyIndexer on a worker thread (JobRunner); progress and the result come back
// as signals. Starting again cancels a run in progress without waiting for it.
#include "JobRunner.h"
#include "study/StudyIndex.h"

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
    JobRunner m_runner; // last: goes first, while the job it waits for can still reach us
};

} // namespace veil::ui
