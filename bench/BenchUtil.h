#pragma once
// Small helpers shared by the benchmarks: wall clock and peak memory.
#include <chrono>
#include <sys/resource.h>
#include <sys/wait.h>

namespace veil::bench {

inline double seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

// Peak resident memory of this process so far, in MiB.
inline double peakMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

// Peak resident memory of the largest child that has exited, in MiB.
inline double childrenPeakMiB() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return double(u.ru_maxrss) / 1024.0;
}

} // namespace veil::bench
