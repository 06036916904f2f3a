#include "common/Error.h"
#include "common/ParallelFor.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace veil;

namespace {

// Records every report; the engine calls it from several threads at once.
class RecordingProgress final : public ProgressSink {
public:
    void progress(long done, long total, const std::string& what) override {
        std::lock_guard lock(m_mutex);
        calls.push_back({done, total, what});
    }
    struct Call {
        long done, total;
        std::string what;
    };
    std::vector<Call> calls;

private:
    std::mutex m_mutex;
};

} // namespace

class TestParallelFor : public QObject {
    Q_OBJECT

private slots:
    void everyItemOnceOnSeveralThreads() {
        constexpr std::size_t n = 500;
        std::vector<std::atomic<int>> hits(n);
        std::mutex idsMutex;
        std::vector<std::thread::id> ids;
        std::vector<long> perWorker(std::size_t(parallelThreads(4, n)), 0);
        CancelToken cancel;
        const ParallelResult r = parallelFor(
            n,
            [&](std::size_t i, int worker) {
                ++hits[i];
                ++perWorker[std::size_t(worker)]; // per-worker state: no lock
                std::lock_guard lock(idsMutex);
                if (std::find(ids.begin(), ids.end(), std::this_thread::get_id()) == ids.end())
                    ids.push_back(std::this_thread::get_id());
            },
            cancel, {.threads = 4});
        QCOMPARE(r.threads, 4);
        QVERIFY(!r.cancelled);
        QVERIFY(r.failures.empty());
        for (std::size_t i = 0; i < n; ++i) {
            QCOMPARE(hits[i].load(), 1);
            QVERIFY(r.states[i] == ParallelResult::State::Done);
        }
        long sum = 0;
        for (long c : perWorker)
            sum += c;
        QCOMPARE(sum, long(n));
        QVERIFY(ids.size() <= 4);
    }

    void neverMoreThreadsThanItems() {
        QCOMPARE(parallelThreads(8, 3), 3);
        QCOMPARE(parallelThreads(8, 0), 1);
        QCOMPARE(parallelThreads(2, 100), 2);
        QVERIFY(parallelThreads(0, 1000) >= 1);
        CancelToken cancel;
        QCOMPARE(parallelFor(
                     0, [](std::size_t, int) { QFAIL("no items"); }, cancel)
                     .threads,
                 1);
    }

    void everyExceptionIsTheFailureOfItsItem() {
        CancelToken cancel;
        const ParallelResult r =
            parallelFor(8,
                        [](std::size_t i, int) {
                            if (i == 1)
                                throw Error("a.dcm", "cannot be read");
                            if (i == 3)
                                throw std::runtime_error("cv::Mat out of range");
                            if (i == 5)
                                throw 42;
                            if (i == 6)
                                (void)std::vector<int>().at(1);
                        },
                        cancel, {.threads = 3});
        QCOMPARE(int(r.failures.size()), 4);
        QCOMPARE(int(r.failures[0].item), 1);
        QCOMPARE(r.failures[0].message, std::string("cannot be read"));
        QCOMPARE(int(r.failures[1].item), 3);
        QCOMPARE(r.failures[1].message, std::string("unexpected failure: cv::Mat out of range"));
        QCOMPARE(int(r.failures[2].item), 5);
        QCOMPARE(r.failures[2].message, std::string("unexpected failure"));
        QCOMPARE(int(r.failures[3].item), 6);
        QVERIFY(r.failures[3].message.rfind("unexpected failure: ", 0) == 0);
        for (std::size_t i : {0, 2, 4, 7})
            QVERIFY(r.states[i] == ParallelResult::State::Done);
        for (std::size_t i : {1, 3, 5, 6})
            QVERIFY(r.states[i] == ParallelResult::State::Failed);
        QVERIFY(!r.cancelled);
    }

    void cancelStopsTakingItems() {
        CancelToken cancel;
        std::vector<int> seen;
        const ParallelResult r = parallelFor(10,
                                             [&](std::size_t i, int) {
                                                 seen.push_back(int(i));
                                                 if (i == 3)
                                                     cancel.cancel();
                                             },
                                             cancel, {.threads = 1});
        QCOMPARE(seen, (std::vector<int>{0, 1, 2, 3}));
        QVERIFY(r.cancelled);
        QVERIFY(r.ran(3));
        for (std::size_t i = 4; i < 10; ++i)
            QVERIFY(!r.ran(i));
    }

    void cancelledBeforeStartRunsNothing() {
        CancelToken cancel;
        cancel.cancel();
        const ParallelResult r =
            parallelFor(5, [](std::size_t, int) { QFAIL("cancelled"); }, cancel, {.threads = 2});
        QVERIFY(r.cancelled);
        for (std::size_t i = 0; i < 5; ++i)
            QVERIFY(!r.ran(i));
    }

    void progressByWeightEndsAtTheTotal() {
        RecordingProgress progress;
        CancelToken cancel;
        ParallelOptions options;
        options.threads = 3;
        options.progress = &progress;
        options.every = 4;
        options.weight = [](std::size_t i) { return long(i % 3) + 1; }; // 1, 2, 3, 1, ...
        options.what = [](std::size_t i) { return "item " + std::to_string(i); };
        parallelFor(
            10, [](std::size_t, int) {}, cancel, options);
        // weights 1+2+3+1+2+3+1+2+3+1 = 19; reports after the 4th, 8th and 10th item.
        QCOMPARE(int(progress.calls.size()), 3);
        long last = 0;
        for (const auto& c : progress.calls) {
            QCOMPARE(c.total, 19L);
            QVERIFY(c.what.rfind("item ", 0) == 0);
            last = std::max(last, c.done);
        }
        QCOMPARE(last, 19L);
    }

    void aThrowingProgressSinkFailsTheItemNotTheProgram() {
        class Throwing final : public ProgressSink {
        public:
            void progress(long, long, const std::string&) override {
                throw std::logic_error("sink");
            }
        } sink;
        CancelToken cancel;
        ParallelOptions options;
        options.threads = 2;
        options.progress = &sink;
        const ParallelResult r = parallelFor(
            4, [](std::size_t, int) {}, cancel, options);
        QCOMPARE(int(r.failures.size()), 4);
        QCOMPARE(r.failures[0].message,
                 std::string("progress report failed: unexpected failure: sink"));
    }
};

QTEST_APPLESS_MAIN(TestParallelFor)
#include "tst_parallelfor.moc"
