#include "IndexJob.h"

#include "study/StudyIndexer.h"

#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

// Bridges core's progress interface to a queued signal.
class IndexJob::Sink final : public ProgressSink {
public:
    explicit Sink(IndexJob* job) : m_job(job) {}
    void progress(long done, long total, const std::string& what) override {
        QMetaObject::invokeMethod(m_job, [job = m_job, done, total, w = QString::fromStdString(what)] {
            emit job->progressed(done, total, w);
        }, Qt::QueuedConnection);
    }

private:
    IndexJob* m_job;
};

IndexJob::IndexJob(QObject* parent) : QObject(parent), m_sink(std::make_unique<Sink>(this)) {
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<StudyIndex>>::finished, this, [this] {
        emit finished(m_watcher.result(), m_cancel && m_cancel->isCancelled());
    });
}

IndexJob::~IndexJob() {
    cancel();
    m_watcher.waitForFinished();
}

void IndexJob::start(const QStringList& inputs) {
    cancel();
    m_watcher.waitForFinished();
    m_cancel = std::make_shared<CancelToken>();
    std::vector<std::string> paths;
    for (const QString& in : inputs)
        paths.push_back(in.toStdString());
    IndexOptions options;
    options.onFirstImage = [this](const InstanceInfo& info) {
        QMetaObject::invokeMethod(this, [this, info] { emit firstImage(info); }, Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run([paths, options, cancel = m_cancel, sink = m_sink.get()] {
        return std::make_shared<StudyIndex>(StudyIndexer(options).run(paths, *sink, *cancel));
    }));
}

void IndexJob::cancel() {
    if (m_cancel)
        m_cancel->cancel();
}

bool IndexJob::isRunning() const { return m_watcher.isRunning(); }

} // namespace veil::ui
