#pragma once
// The small interface long jobs report through. The UI and the CLI implement it;
// core never knows which one is listening.
#include <atomic>
#include <string>

namespace veil {

class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    // Called from worker threads; implementations must be thread-safe.
    virtual void progress(long done, long total, const std::string& what) = 0;
};

// A sink that ignores everything: for callers that do not care.
class NullProgress final : public ProgressSink {
public:
    void progress(long, long, const std::string&) override {}
};

} // namespace veil
