// The GUI's one job runner: the work runs off the GUI thread, progress and the result come
// back on it, a new start overtakes a running job without the GUI thread waiting, and an
// exception from the work becomes failed() instead of ending the program.
#include "JobRunner.h"

#include <QCoreApplication>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <atomic>
#include <stdexcept>

using namespace veil;
using veil::ui::JobRunner;

class TestJobRunner : public QObject {
    Q_OBJECT

private slots:
    void workRunsOffTheGuiThreadAndDeliversOnIt() {
        JobRunner runner;
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        QThread* gui = QThread::currentThread();
        QThread* worker = nullptr;
        QThread* deliveredOn = nullptr;
        int value = 0;
        bool wasCancelled = true;
        runner.run(
            [&](ProgressSink& sink, const CancelToken&) {
                worker = QThread::currentThread();
                sink.progress(1, 2, "half");
                sink.progress(2, 2, "all");
                return 42;
            },
            [&](int v, bool cancelled) {
                deliveredOn = QThread::currentThread();
                value = v;
                wasCancelled = cancelled;
            });
        QVERIFY(runner.isRunning());
        QTRY_COMPARE(value, 42);
        QVERIFY(worker && worker != gui);
        QCOMPARE(deliveredOn, gui);
        QVERIFY(!wasCancelled);
        QTRY_COMPARE(progressed.count(), 2);
        QCOMPARE(progressed.at(1).at(2).toString(), QString("all"));
        QVERIFY(!runner.isRunning());
    }

    void aNewStartOvertakesWithoutWaiting() {
        JobRunner runner;
        std::atomic<bool> firstSawCancel{false};
        QList<int> delivered;
        runner.run(
            [&](ProgressSink&, const CancelToken& cancel) {
                while (!cancel.isCancelled()) // runs until told to stop
                    QThread::msleep(1);
                firstSawCancel = true;
                return 1;
            },
            [&](int v, bool) { delivered << v; });
        // start() returns at once although the first job is still running.
        runner.run([](ProgressSink&, const CancelToken&) { return 2; },
                   [&](int v, bool) { delivered << v; });
        QVERIFY(runner.isRunning());
        QTRY_VERIFY(!runner.isRunning());
        QVERIFY(firstSawCancel);
        QCOMPARE(delivered, QList<int>{2}); // the overtaken result is dropped
    }

    // Overtaken::Finish (the viewer's frames): the running job is not cancelled and delivers,
    // then only the newest of the starts queued meanwhile runs, on the runner's own pool.
    void finishDeliversTheRunningJobThenTheNewest() {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        JobRunner runner(JobRunner::Overtaken::Finish, &pool);
        std::atomic<bool> release{false};
        std::atomic<bool> firstCancelled{false};
        QList<int> delivered;
        QList<QThread*> threads;
        QMutex lock;
        auto note = [&] {
            QMutexLocker hold(&lock);
            threads << QThread::currentThread();
        };
        runner.run(
            [&](ProgressSink&, const CancelToken& cancel) {
                note();
                while (!release)
                    QThread::msleep(1);
                firstCancelled = cancel.isCancelled();
                return 1;
            },
            [&](int v, bool) { delivered << v; });
        for (int v : {2, 3})
            runner.run(
                [&, v](ProgressSink&, const CancelToken&) {
                    note();
                    return v;
                },
                [&](int got, bool) { delivered << got; });
        release = true;
        QTRY_VERIFY(!runner.isRunning());
        QCOMPARE(delivered, (QList<int>{1, 3})); // 2 was replaced by 3 while 1 ran
        QVERIFY(!firstCancelled);
        QCOMPARE(threads.size(), 2);
        QVERIFY(!threads.contains(QThread::currentThread()));
    }

    void cancelDeliversWithCancelled() {
        JobRunner runner;
        bool cancelledSeen = false;
        int calls = 0;
        runner.run(
            [](ProgressSink&, const CancelToken& cancel) {
                while (!cancel.isCancelled())
                    QThread::msleep(1);
                return 0;
            },
            [&](int, bool cancelled) {
                ++calls;
                cancelledSeen = cancelled;
            });
        runner.cancel();
        QTRY_COMPARE(calls, 1);
        QVERIFY(cancelledSeen);
    }

    void anExceptionBecomesFailed() {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        bool delivered = false;
        runner.run([](ProgressSink&,
                      const CancelToken&) -> int { throw std::runtime_error("cv::Mat empty"); },
                   [&](int, bool) { delivered = true; });
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QString("unexpected failure: cv::Mat empty"));
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
