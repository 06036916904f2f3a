// De-identification speed and memory: 2,000 generated CT files through veil-cli deid and,
// in the same run on the same files, through GDCM's gdcmanon. Prints figures; asserts none.
//   bench_deid [N] [--rounds R]
#include "BenchUtil.h"
#include "Fixtures.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using namespace veil;

namespace {

struct Figures {
    double seconds = 0, peakMiB = 0, cpuSeconds = 0;
    int exitCode = -1;
};

// Runs a program with its own rusage: wall time, peak memory, CPU time of that child alone.
Figures runChild(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout); // or the child would print what is buffered a second time
    const double t0 = bench::seconds();
    const pid_t pid = fork();
    if (pid == 0) {
        for (const std::string& e : env)
            putenv(const_cast<char*>(e.c_str()));
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        std::freopen("/dev/null", "r", stdin);
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    Figures f;
    f.seconds = bench::seconds() - t0;
    f.peakMiB = double(usage.ru_maxrss) / 1024.0;
    f.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                   double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    f.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return f;
}

int countDicom(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        n += e.is_regular_file() && e.path().filename() != "key.json";
    return n;
}

// Reads every input once so that no tool pays for a cold cache the other did not.
void warmCache(const fs::path& dir) {
    std::vector<char> buf(1 << 20);
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) {
            std::ifstream in(e.path(), std::ios::binary);
            while (in.read(buf.data(), std::streamsize(buf.size())))
                ;
        }
}

void report(const char* who, const Figures& f, int files) {
    std::printf("  %-34s exit %d  %7.2f s  %7.0f files/s  peak %6.1f MiB  CPU %5.2f s (%.0f%% of "
                "one core)\n",
                who, f.exitCode, f.seconds, files / f.seconds, f.peakMiB, f.cpuSeconds,
                100.0 * f.cpuSeconds / f.seconds);
}

bool have(const char* program) {
    return std::system((std::string("command -v ") + program + " > /dev/null 2>&1").c_str()) == 0;
}

} // namespace

int main(int argc, char** argv) {
    int n = 2000, rounds = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rounds" && i + 1 < argc)
            rounds = std::atoi(argv[++i]);
        else
            n = std::atoi(argv[i]);
    }
    const fs::path root = fs::temp_directory_path() / ("veil-bench-deid-" + std::to_string(n));
    const fs::path in = root / "in";
    if (!fs::exists(in / "key.json")) {
        const double t0 = bench::seconds();
        fixtures::writeCtSeries(in, n);
        std::printf("generated %d CT files (512x512, 16-bit) in %.1f s: %s\n", n,
                    bench::seconds() - t0, in.c_str());
    }
    const int files = countDicom(in);
    warmCache(in);

    // gdcmanon: the PS3.15 Basic Profile (-e) needs a certificate; a throwaway one is made
    // with openssl. Without openssl, its "dumb" mode with the core patient/study tags.
    std::vector<std::string> gdcm;
    const fs::path cert = root / "bench-cert.pem", key = root / "bench-key.pem";
    if (have("gdcmanon")) {
        if (!fs::exists(cert) && have("openssl"))
            std::system(
                ("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=veil-bench -keyout " +
                 key.string() + " -out " + cert.string() + " > /dev/null 2>&1")
                    .c_str());
        if (fs::exists(cert))
            gdcm = {"gdcmanon", "-e", "-c",        cert.string(), "--continue",
                    "-r",       "-i", in.string(), "-o"};
        else
            gdcm = {"gdcmanon", "--dumb",    "--continue", "-r",        "--remove", "0010,0010",
                    "--remove", "0010,0020", "--remove",   "0010,0030", "--remove", "0008,0050",
                    "--remove", "0008,0080", "-i",         in.string(), "-o"};
    }
    const std::string keyFile = (root / "bench.veilkey").string();
    std::printf("%d files, %ld cores; each tool run %d times, alternating, on a warm cache:\n",
                files, sysconf(_SC_NPROCESSORS_ONLN), rounds);
    // Every run writes into a fresh folder (removed at the end): creating files where
    // thousands were just deleted costs ext4 more, and would penalise whoever runs second.
    std::vector<double> veilRates, gatedRates, gdcmRates;
    for (int r = 0; r < rounds; ++r) {
        const fs::path outV = root / ("out-veil-" + std::to_string(r)),
                       outG = root / ("out-gdcm-" + std::to_string(r));
        // Like for like first (gdcmanon does not check what it wrote), then with the gate.
        for (const bool gate : {false, true}) {
            fs::remove_all(outV);
            std::vector<std::string> args{VEIL_CLI, "deid", "--out", outV.string(), "--key-file", keyFile};
            if (!gate)
                args.push_back("--no-verify");
            args.push_back(in.string());
            const Figures v = runChild(args, {"VEIL_PASSPHRASE=bench-passphrase"});
            report(gate ? "veil-cli deid + verification gate" : "veil-cli deid --no-verify", v, files);
            (gate ? gatedRates : veilRates).push_back(files / v.seconds);
            if (countDicom(outV) != files)
                std::printf("  !! veil-cli wrote %d of %d files\n", countDicom(outV), files);
        }
        if (gdcm.empty()) {
            std::printf(
                "  gdcmanon not installed (apt-get install libgdcm-tools): no comparison\n");
            continue;
        }
        fs::remove_all(outG);
        fs::create_directories(outG);
        std::vector<std::string> g = gdcm;
        g.push_back(outG.string());
        const Figures gf = runChild(g);
        report(g[1] == "-e" ? "gdcmanon -e (basic profile)" : "gdcmanon --dumb", gf, files);
        gdcmRates.push_back(files / gf.seconds);
        if (countDicom(outG) != files)
            std::printf("  !! gdcmanon wrote %d of %d files\n", countDicom(outG), files);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    std::printf("median: veil-cli %.0f files/s (%.0f with the gate)", median(veilRates), median(gatedRates));
    if (!gdcmRates.empty())
        std::printf(", gdcmanon %.0f files/s", median(gdcmRates));
    std::printf("\n");
    for (int r = 0; r < rounds; ++r) {
        fs::remove_all(root / ("out-veil-" + std::to_string(r)));
        fs::remove_all(root / ("out-gdcm-" + std::to_string(r)));
    }
    return 0;
}
