#pragma once
// The GUI's one way to run a core job off the GUI thread: the work runs on Qt's thread pool
// with a ProgressSink and a CancelToken; progress comes back as a queued signal (the one
// progress bridge), and what the work hands back runs on the GUI thread. The GUI thread never
// waits: starting while a job runs queues the new work, which starts as soon as the old has
// stopped (a later start replaces a queued one). By default the newest wins (the running job
// is cancelled and its result dropped); a runner made with Overtaken::Finish lets the running
// job finish and deliver first (a viewer shows every frame it decoded, never starving).
// Only the destructor waits, for a worker still running (the work refers to its owner).
#include "common/Progress.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

class QThreadPool;

#include <functional>
#include <memory>
#include <optional>

namespace veil::ui {

class JobRunner : public QObject {
    Q_OBJECT
public:
    using Deliver = std::function<void()>; // runs on the GUI thread
    using Work = std::function<Deliver(ProgressSink&, const CancelToken&)>;

    // What a start does to a job already running.
    enum class Overtaken {
        Cancel, // cancelled, its result dropped: the newest wins
        Finish, // runs to its end and delivers, then the newest queued start runs
    };

    explicit JobRunner(QObject* parent = nullptr) : JobRunner(Overtaken::Cancel, nullptr, parent) {}
    // pool: where the work runs (none: Qt's global pool); it must outlive the runner.
    JobRunner(Overtaken overtaken, QThreadPool* pool, QObject* parent = nullptr);
    ~JobRunner() override;

    void start(Work work);
    // work(sink, cancel) on a worker returns a value; done(value, cancelled) on the GUI thread.
    template <class F, class Done> void run(F work, Done done) {
        start([work = std::move(work), done = std::move(done)](
                  ProgressSink& sink, const CancelToken& cancel) mutable -> Deliver {
            auto value = std::make_shared<decltype(work(sink, cancel))>(work(sink, cancel));
            const bool cancelled = cancel.isCancelled();
            return
                [done = std::move(done), value, cancelled] { done(std::move(*value), cancelled); };
        });
    }
    // Cancels the running job (it delivers, with cancelled true) and drops a waiting one.
    void cancel();
    // A job runs, waits to run, or has a result not yet delivered.
    bool isRunning() const { return m_active || m_pending.has_value(); }

signals:
    void progressed(long done, long total, const QString& what);
    // The work threw: nothing is delivered (the message of the exception).
    void failed(const QString& message);

private:
    class Sink;
    void launch(Work work);
    void onFinished();

    Overtaken m_overtaken;
    QThreadPool* m_pool;
    QFutureWatcher<Deliver> m_watcher;
    std::shared_ptr<CancelToken> m_cancel;
    std::shared_ptr<Sink> m_sink;
    std::optional<Work> m_pending;
    std::shared_ptr<QString> m_error;
    bool m_active = false; // launched, not yet delivered
};

} // namespace veil::ui
