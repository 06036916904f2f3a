#include "common/ParallelFor.h"

#include "common/Error.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace veil {

std::string currentExceptionMessage() {
    try {
        throw;
    } catch (const Error& e) {
        return e.detail();
    } catch (const std::exception& e) {
        return std::string("unexpected failure: ") + e.what();
    } catch (...) {
        return "unexpected failure";
    }
}

int parallelThreads(int asked, std::size_t count) {
    const int cores = asked > 0 ? asked : int(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(
        1, int(std::min<std::size_t>(std::size_t(cores), std::max<std::size_t>(1, count))));
}

ParallelResult parallelFor(std::size_t count, const std::function<void(std::size_t, int)>& body,
                           const CancelToken& cancel, const ParallelOptions& options) {
    ParallelResult result;
    result.states.assign(count, ParallelResult::State::NotRun);
    result.threads = parallelThreads(options.threads, count);
    const auto weightOf = [&](std::size_t i) { return options.weight ? options.weight(i) : 1L; };
    long totalWeight = 0;
    for (std::size_t i = 0; options.progress && i < count; ++i)
        totalWeight += weightOf(i);
    const long every = std::max(1L, options.every);

    std::mutex failuresMutex;
    std::atomic<std::size_t> next{0};
    std::atomic<long> finished{0}, finishedWeight{0};
    const auto fail = [&](std::size_t i, std::string message) {
        std::lock_guard lock(failuresMutex);
        result.states[i] = ParallelResult::State::Failed;
        result.failures.push_back({i, std::move(message)});
    };
    // Each thread writes only the states of the items it took; failures go through the lock.
    const auto worker = [&](int w) {
        for (std::size_t i = next++; i < count && !cancel.isCancelled(); i = next++) {
            try {
                body(i, w);
                result.states[i] = ParallelResult::State::Done;
            } catch (...) {
                fail(i, currentExceptionMessage());
            }
            const long n = ++finished;
            const long weight = finishedWeight += options.progress ? weightOf(i) : 0;
            if (options.progress && (n % every == 0 || std::size_t(n) == count)) {
                try {
                    options.progress->progress(weight, totalWeight,
                                               options.what ? options.what(i) : std::string());
                } catch (...) {
                    fail(i, "progress report failed: " + currentExceptionMessage());
                }
            }
        }
    };

    std::vector<std::thread> pool;
    pool.reserve(std::size_t(result.threads - 1));
    for (int w = 1; w < result.threads; ++w) {
        try {
            pool.emplace_back(worker, w);
        } catch (const std::system_error&) {
            break; // no more threads to be had: the ones running share the items
        }
    }
    worker(0);
    for (std::thread& t : pool)
        t.join();

    std::sort(result.failures.begin(), result.failures.end(),
              [](const auto& a, const auto& b) { return a.item < b.item; });
    result.cancelled =
        std::any_of(result.states.begin(), result.states.end(),
                    [](ParallelResult::State s) { return s == ParallelResult::State::NotRun; });
    return result;
}

} // namespace veil
