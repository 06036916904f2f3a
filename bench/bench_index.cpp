// Indexing speed and memory: 2,000 generated CT files, in-process and through veil-cli.
#include "BenchUtil.h"
#include "Fixtures.h"
#include "study/StudyIndexer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace veil;

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 2000;
    const fs::path dir = fs::temp_directory_path() / ("veil-bench-index-" + std::to_string(n));
    if (!fs::exists(dir / "key.json")) {
        const double t0 = bench::seconds();
        fixtures::writeCtSeries(dir, n);
        std::printf("generated %d CT files in %.1f s (%s)\n", n, bench::seconds() - t0,
                    dir.c_str());
    }

    NullProgress progress;
    CancelToken cancel;
    const double before = bench::peakMiB();
    const double t0 = bench::seconds();
    const StudyIndex index = StudyIndexer().run({dir.string()}, progress, cancel);
    const double dt = bench::seconds() - t0;
    std::printf("in-process index: %d instances in %.3f s = %.0f files/s; peak memory %.1f MiB "
                "(%.1f MiB before)\n",
                index.instanceCount(), dt, index.instanceCount() / dt, bench::peakMiB(), before);

    const std::string cmd = std::string(VEIL_CLI) + " info --json " + dir.string() + " > /dev/null";
    const double t1 = bench::seconds();
    const int rc = std::system(cmd.c_str());
    const double dt1 = bench::seconds() - t1;
    std::printf("veil-cli info --json: exit %d, %.3f s = %.0f files/s; peak memory %.1f MiB\n",
                WEXITSTATUS(rc), dt1, n / dt1, bench::childrenPeakMiB());
    return 0;
}
