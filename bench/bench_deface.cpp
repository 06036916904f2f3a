// Face removal speed: a generated 512x512x200 head CT phantom (fixtures::writeHeadCtSeries,
// 0.5 mm pixels, 1.25 mm slices) is indexed, then prepareFaceRemoval (what `veil-cli deid
// --option clean-recognizable-visual-features` runs before the per-file work) is timed: reading
// the 200 slices, the volume work and the masks. The volume work alone (defaceCt on the loaded
// volume) is timed apart. Prints figures; asserts nothing. Usage: bench_deface [threads]
#include "BenchUtil.h"
#include "Fixtures.h"
#include "face/FaceRemoval.h"
#include "study/StudyIndexer.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace veil;

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    char tmpl[] = "/tmp/bench_deface-XXXXXX";
    if (!mkdtemp(tmpl))
        return 1;
    const fs::path dir = tmpl;
    fixtures::HeadPhantom h;
    h.rows = h.columns = 512;
    h.slices = 200;
    h.pixelMm = 0.5;
    h.sliceMm = 1.25;
    double t0 = bench::seconds();
    fixtures::writeHeadCtSeries(dir / "head", h);
    std::printf("phantom: 512x512x200 head CT written in %.1f s\n", bench::seconds() - t0);
    double load[3] = {0, 0, 0};
    {
        std::ifstream f("/proc/loadavg");
        f >> load[0] >> load[1] >> load[2];
    }
    std::printf("machine: %u cores, load average %.2f %.2f %.2f%s\n",
                std::thread::hardware_concurrency(), load[0], load[1], load[2],
                load[0] > 1.5 ? " (busy: measured under load)" : "");
    NullProgress progress;
    CancelToken cancel;
    const StudyIndex index = StudyIndexer().run({(dir / "head").string()}, progress, cancel);
    FaceRemovalOptions o;
    o.threads = threads;
    t0 = bench::seconds();
    const FaceRemovalPlan plan = prepareFaceRemoval(index, o, progress, cancel);
    const double whole = bench::seconds() - t0;
    std::printf("%s", plan.summary().c_str());
    const SeriesNode& se = index.patients.at(0).studies.at(0).series.at(0);
    t0 = bench::seconds();
    const HeadVolume v = loadHeadVolume(se, cancel, threads);
    const double read = bench::seconds() - t0;
    t0 = bench::seconds();
    const DefaceResult r = defaceCt(v);
    const double work = bench::seconds() - t0;
    std::printf("deface 512x512x200 head CT, %d threads: %.2f s in all (read %.2f s, volume work "
                "%.2f s; goal <= 5 s on 2 cores); %ld voxels set to air; peak %.0f MiB\n",
                threads, whole, read, work, r.voxelsChanged, bench::peakMiB());
    fs::remove_all(dir);
    return 0;
}
