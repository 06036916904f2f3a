#include "JobRunner.h"

#include "common/ParallelFor.h"

#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace veil::ui {

// Core's progress → the runner's progressed() on the GUI thread, for one run only: a run
// that was cancelled or overtaken is muted, so its late reports never reach the window.
class JobRunner::Sink final : public ProgressSink {
public:
    explicit Sink(JobRunner* runner) : m_runner(runner) {}
    void progress(long done, long total, const std::string& what) override {
        if (m_muted.load())
            return;
        // The runner outlives its workers (its destructor waits); a report still queued when
        // it goes is dropped with it, as the runner is the call's context.
        QMetaObject::invokeMethod(
            m_runner,
            [r = m_runner, done, total, w = QString::fromStdString(what)] {
                emit r->progressed(done, total, w);
            },
            Qt::QueuedConnection);
    }
    void mute() { m_muted.store(true); }

private:
    JobRunner* m_runner;
    std::atomic<bool> m_muted{false};
};

JobRunner::JobRunner(Overtaken overtaken, QThreadPool* pool, QObject* parent)
    : QObject(parent), m_overtaken(overtaken), m_pool(pool) {
    connect(&m_watcher, &QFutureWatcher<Deliver>::finished, this, &JobRunner::onFinished);
}

JobRunner::~JobRunner() {
    m_pending.reset();
    cancel();
    m_watcher.waitForFinished();
}

void JobRunner::start(Work work) {
    if (m_active) { // this one starts when the old has stopped
        if (m_overtaken == Overtaken::Cancel) {
            if (m_cancel)
                m_cancel->cancel();
            if (m_sink)
                m_sink->mute();
        }
        m_pending = std::move(work);
        return;
    }
    launch(std::move(work));
}

void JobRunner::cancel() {
    m_pending.reset();
    if (m_cancel)
        m_cancel->cancel();
}

void JobRunner::launch(Work work) {
    m_active = true;
    m_cancel = std::make_shared<CancelToken>();
    m_sink = std::make_shared<Sink>(this);
    m_error = std::make_shared<QString>();
    QThreadPool* pool = m_pool ? m_pool : QThreadPool::globalInstance();
    m_watcher.setFuture(QtConcurrent::run(
        pool,
        [work = std::move(work), cancel = m_cancel, sink = m_sink, error = m_error]() -> Deliver {
            try {
                return work(*sink, *cancel);
            } catch (...) { // stops at the worker: the window hears of it
                *error = QString::fromStdString(currentExceptionMessage());
                return {};
            }
        }));
}

void JobRunner::onFinished() {
    Deliver deliver = m_watcher.result();
    const QString error = m_error ? *m_error : QString();
    std::optional<Work> next;
    std::swap(next, m_pending);
    if (next && m_overtaken == Overtaken::Cancel) { // overtaken: its result is dropped
        launch(std::move(*next));
        return;
    }
    m_active = false;
    if (next) // Overtaken::Finish: the queued start runs once this result is delivered
        launch(std::move(*next));
    if (!error.isEmpty())
        emit failed(error);
    else if (deliver)
        deliver();
}

} // namespace veil::ui
