#pragma once
// The one thread pool of the engine: runs a body over items 0..count-1 on a few threads
// (the caller's among them), stops taking items once cancelled, reports progress, and
// catches every exception at the thread boundary, reported as the failure of that item.
// The indexer, the scan, the de-identification and the verification gate all run on it.
#include "common/Progress.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace veil {

// The message for the exception being handled (call inside a catch block): a veil::Error's
// detail, "unexpected failure: what()" for any other std::exception, and "unexpected failure"
// for anything else. One wording for every job.
std::string currentExceptionMessage();

struct ParallelOptions {
    int threads = 0; // 0: one per core; never more than there are items
    // Progress, reported after every `every` finished items and after the last; `what` gives
    // the text for an item (none: empty), `weight` how much of the total it is (none: 1).
    ProgressSink* progress = nullptr;
    long every = 1;
    std::function<std::string(std::size_t)> what;
    std::function<long(std::size_t)> weight;
};

struct ParallelResult {
    enum class State : unsigned char { NotRun, Done, Failed };
    struct Failure {
        std::size_t item;
        std::string message;
    };
    std::vector<State> states;     // by item
    std::vector<Failure> failures; // by item, ascending
    bool cancelled = false;        // the token stopped it before every item ran
    int threads = 1;               // how many threads ran items

    bool ran(std::size_t item) const { return states[item] != State::NotRun; }
};

// How many threads parallelFor uses for `count` items when asked for `asked` (0: per core).
int parallelThreads(int asked, std::size_t count);

// Calls body(item, worker) once for each item not reached by a cancel, with worker in
// [0, parallelThreads(options.threads, count)): state a body keeps per worker needs no lock.
// Returns when every started item has finished. The body must be safe to call concurrently.
ParallelResult parallelFor(std::size_t count,
                           const std::function<void(std::size_t item, int worker)>& body,
                           const CancelToken& cancel, const ParallelOptions& options = {});

} // namespace veil
