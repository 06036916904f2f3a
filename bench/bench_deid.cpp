// De-identification speed and memory against GDCM's gdcmanon, in one run, alternating, on the
// same generated CT files (256x256, 16-bit, one series). Prints figures; asserts none.
//   header path:      veil-cli deid --redact none --no-ocr  (the gate still checks every header)
//   default path:     veil-cli deid  (publication: OCR redaction, the gate reads every frame)
//   peak memory:      RSS high-water of each child (wait4), at N and at --large M files
//   sharded:          two concurrent veil-cli deid of one release into one folder, compared
//                     byte for byte with the single run
//   bench_deid [N=2010] [--rounds R=2] [--large M=20000 (0: skip)] [--large-default]
#include "BenchUtil.h"
#include "Fixtures.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
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

// Starts a program with stdout/stderr to /dev/null.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::fflush(stdout); // or the child would print what is buffered a second time
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
    return pid;
}

Figures waitChild(pid_t pid, double t0) {
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

// Runs a program with its own rusage: wall time, peak memory, CPU time of that child alone.
Figures runChild(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
    const double t0 = bench::seconds();
    return waitChild(spawn(argv, env), t0);
}

int countDicom(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        n += e.is_regular_file() && e.path().filename() != "key.json" &&
             e.path().filename().string().rfind(".veil-", 0) != 0;
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
    // CPU time (user + system) is the steadier figure on a shared machine: also per file.
    std::printf("  %-34s exit %d  %7.2f s  %7.0f files/s  peak %6.1f MiB  CPU %5.2f s (%.0f%% of "
                "one core, %.2f ms a file)\n",
                who, f.exitCode, f.seconds, files / f.seconds, f.peakMiB, f.cpuSeconds,
                100.0 * f.cpuSeconds / f.seconds, 1000.0 * f.cpuSeconds / std::max(1, files));
}

bool have(const char* program) {
    return std::system((std::string("command -v ") + program + " > /dev/null 2>&1").c_str()) == 0;
}

std::vector<std::string> dicomFiles(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().filename() != "key.json")
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Relative path -> bytes differ? Returns the number of files that are not identical (missing
// on either side included).
int treeDifferences(const fs::path& a, const fs::path& b) {
    std::map<std::string, int> seen;
    for (const fs::path& root : {a, b})
        for (const auto& e : fs::recursive_directory_iterator(root))
            if (e.is_regular_file())
                ++seen[fs::relative(e.path(), root).generic_string()];
    int differ = 0;
    for (const auto& [rel, count] : seen)
        differ += count != 2 || slurp(a / rel) != slurp(b / rel);
    return differ;
}

struct Corpus {
    fs::path root, in;
    int files = 0;
};

Corpus corpusOf(int n) {
    Corpus c;
    c.root = fs::temp_directory_path() / ("veil-bench-deid-256-" + std::to_string(n));
    c.in = c.root / "in";
    if (!fs::exists(c.in / "key.json")) {
        fs::remove_all(c.in);
        const double t0 = bench::seconds();
        fixtures::writeCtSeries(c.in, n, 1, 256);
        std::printf("generated %d CT files (256x256, 16-bit) in %.1f s: %s\n", n,
                    bench::seconds() - t0, c.in.c_str());
    }
    c.files = countDicom(c.in);
    return c;
}

double loadAverage() {
    double l[3] = {0, 0, 0};
    return getloadavg(l, 3) > 0 ? l[0] : -1;
}

const std::vector<std::string> kEnv{"VEIL_PASSPHRASE=bench-passphrase"};

std::vector<std::string> veilArgs(const fs::path& out, const std::string& keyFile, bool header,
                                  const std::string& release = "BENCH1") {
    std::vector<std::string> a{VEIL_CLI,     "deid",  "--out",     out.string(),
                               "--key-file", keyFile, "--release", release};
    if (header)
        a.insert(a.end(), {"--redact", "none", "--no-ocr"});
    return a;
}

} // namespace

int main(int argc, char** argv) {
    int n = 2010, rounds = 2, large = 20000;
    bool largeDefault = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rounds" && i + 1 < argc)
            rounds = std::atoi(argv[++i]);
        else if (a == "--large" && i + 1 < argc)
            large = std::atoi(argv[++i]);
        else if (a == "--large-default")
            largeDefault = true;
        else
            n = std::atoi(argv[i]);
    }
    const Corpus corpus = corpusOf(n);
    const fs::path& root = corpus.root;
    const int files = corpus.files;
    warmCache(corpus.in);

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
            gdcm = {"gdcmanon",         "-e", "-c", cert.string(), "--continue", "-r", "-i",
                    corpus.in.string(), "-o"};
        else
            gdcm = {"gdcmanon",         "--dumb",    "--continue", "-r",        "--remove",
                    "0010,0010",        "--remove",  "0010,0020",  "--remove",  "0010,0030",
                    "--remove",         "0008,0050", "--remove",   "0008,0080", "-i",
                    corpus.in.string(), "-o"};
    }
    // The project key: made once (--new-key) by a throwaway run on one file.
    const std::string keyFile = (fs::temp_directory_path() / "veil-bench-deid.veilkey").string();
    if (!fs::exists(keyFile)) {
        std::vector<std::string> a = veilArgs(root / "key-run", keyFile, true);
        a.push_back("--new-key");
        a.push_back(dicomFiles(corpus.in).front());
        runChild(a, kEnv);
        fs::remove_all(root / "key-run");
        for (const auto& e : fs::directory_iterator(root))
            if (e.path().filename().string().rfind("key-run.", 0) == 0)
                fs::remove(e.path());
    }
    std::printf("%d files, %ld cores, load average %.2f at the start; each tool run %d times, "
                "alternating, on a warm cache:\n",
                files, sysconf(_SC_NPROCESSORS_ONLN), loadAverage(), rounds);
    // Every run writes into a fresh folder (removed at the end): creating files where
    // thousands were just deleted costs ext4 more, and would penalise whoever runs second.
    auto clean = [&](const fs::path& out) {
        fs::remove_all(out);
        for (const auto& e : fs::directory_iterator(out.parent_path()))
            if (e.path().filename().string().rfind(out.filename().string() + ".", 0) == 0)
                fs::remove_all(e.path()); // its audit log and certificate
    };
    std::vector<double> headerS, defaultS, gdcmS, headerCpu, defaultCpu, gdcmCpu;
    double headerPeak = 0, defaultPeak = 0, gdcmPeak = 0;
    for (int r = 0; r < rounds; ++r) {
        const fs::path outV = root / ("out-veil-" + std::to_string(r)),
                       outG = root / ("out-gdcm-" + std::to_string(r));
        for (const bool header : {true, false}) {
            clean(outV);
            std::vector<std::string> args = veilArgs(outV, keyFile, header);
            args.push_back(corpus.in.string());
            const Figures v = runChild(args, kEnv);
            report(header ? "veil-cli deid (header path)" : "veil-cli deid (default, OCR+gate)", v,
                   files);
            (header ? headerS : defaultS).push_back(v.seconds);
            (header ? headerCpu : defaultCpu).push_back(v.cpuSeconds);
            (header ? headerPeak : defaultPeak) =
                std::max(header ? headerPeak : defaultPeak, v.peakMiB);
            if (countDicom(outV) != files)
                std::printf("  !! veil-cli wrote %d of %d files (exit %d)\n", countDicom(outV),
                            files, v.exitCode);
        }
        if (gdcm.empty()) {
            std::printf(
                "  gdcmanon not installed (apt-get install libgdcm-tools): no comparison\n");
            continue;
        }
        clean(outG);
        fs::create_directories(outG);
        std::vector<std::string> g = gdcm;
        g.push_back(outG.string());
        const Figures gf = runChild(g);
        report(g[1] == "-e" ? "gdcmanon -e (basic profile)" : "gdcmanon --dumb", gf, files);
        gdcmS.push_back(gf.seconds);
        gdcmCpu.push_back(gf.cpuSeconds);
        gdcmPeak = std::max(gdcmPeak, gf.peakMiB);
        if (countDicom(outG) != files)
            std::printf("  !! gdcmanon wrote %d of %d files\n", countDicom(outG), files);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
    };
    std::printf("median wall: header path %.2f s, default path %.2f s", median(headerS),
                median(defaultS));
    if (!gdcmS.empty())
        std::printf(", gdcmanon %.2f s\nratio to gdcmanon: header path %.2fx (target <= 1.0), "
                    "default path %.2fx (target <= 4.0)",
                    median(gdcmS), median(headerS) / median(gdcmS),
                    median(defaultS) / median(gdcmS));
    if (!gdcmCpu.empty())
        std::printf("\nmedian CPU (user+system): header path %.2f s, default path %.2f s, gdcmanon "
                    "%.2f s; ratio header path %.2fx, default path %.2fx",
                    median(headerCpu), median(defaultCpu), median(gdcmCpu),
                    median(headerCpu) / median(gdcmCpu), median(defaultCpu) / median(gdcmCpu));
    std::printf("\npeak memory at %d files: header path %.1f MiB, default path %.1f MiB, gdcmanon "
                "%.1f MiB (target <= 150 MB)\n",
                files, headerPeak, defaultPeak, gdcmPeak);

    // Sharded: the same release as two concurrent processes (half the files each, one thread
    // each) into one folder, against the single run of that release (the header path).
    {
        const fs::path single = root / "out-single", sharded = root / "out-sharded";
        clean(single);
        clean(sharded);
        std::vector<std::string> a = veilArgs(single, keyFile, true, "SHARD1");
        a.push_back(corpus.in.string());
        const Figures one = runChild(a, kEnv);
        const std::vector<std::string> all = dicomFiles(corpus.in);
        const double t0 = bench::seconds();
        std::vector<pid_t> pids;
        for (int s = 0; s < 2; ++s) {
            std::vector<std::string> b = veilArgs(sharded, keyFile, true, "SHARD1");
            b.insert(b.end(), {"--threads", "1"});
            for (std::size_t i = s; i < all.size(); i += 2)
                b.push_back(all[i]);
            pids.push_back(spawn(b, kEnv));
        }
        int exits = 0;
        double peak = 0;
        for (pid_t p : pids) {
            const Figures f = waitChild(p, t0);
            exits += f.exitCode != 0;
            peak = std::max(peak, f.peakMiB);
        }
        const double wall = bench::seconds() - t0;
        const int differ = treeDifferences(single, sharded);
        std::printf("sharded (2 concurrent processes, --threads 1 each, one output folder): %.2f s "
                    "vs %.2f s single (exit %d); %d failed shard(s); peak %.1f MiB per shard; "
                    "%s\n",
                    wall, one.seconds, one.exitCode, exits, peak,
                    differ == 0 ? "outputs byte-identical to the single run"
                                : (std::to_string(differ) + " file(s) DIFFER").c_str());
        clean(single);
        clean(sharded);
    }

    if (large > 0) {
        const Corpus big = corpusOf(large);
        warmCache(big.in);
        for (const bool header : {true, false}) {
            if (!header && !largeDefault)
                continue;
            const fs::path out = big.root / "out-veil";
            clean(out);
            std::vector<std::string> args = veilArgs(out, keyFile, header);
            args.push_back(big.in.string());
            const Figures v = runChild(args, kEnv);
            std::printf("peak memory at %d files (load %.2f): ", big.files, loadAverage());
            report(header ? "header path" : "default path", v, big.files);
            clean(out);
        }
        if (!largeDefault)
            std::printf("(default path at %d files: --large-default)\n", big.files);
    }
    std::printf("load average at the end %.2f (a shared machine: figures vary with it)\n",
                loadAverage());
    for (int r = 0; r < rounds; ++r) {
        clean(root / ("out-veil-" + std::to_string(r)));
        clean(root / ("out-gdcm-" + std::to_string(r)));
    }
    return 0;
}
