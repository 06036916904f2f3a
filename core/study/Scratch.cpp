#include "study/Scratch.h"

#include "common/Error.h"

#include <QDir>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace veil {

namespace {

constexpr const char* kPrefix = "veil-extract-";
constexpr const char* kPendingPrefix = "veil-pending-"; // made, not yet locked
constexpr const char* kLockName = ".veil-lock";

// What a signal handler may read: fixed buffers, filled before `used` is set.
struct Slot {
    std::atomic<bool> used{false};
    char path[4096] = {};
    char dead[4096 + 8] = {}; // path + ".dead"
};
std::array<Slot, 16> g_slots;
std::mutex g_slotsMutex;

// Async-signal-safe: every folder still registered is renamed (other threads writing into it
// then fail instead of refilling it) and removed by rm in a child; then the process dies of the
// signal as the default action would have.
extern "C" void removeScratchOnSignal(int sig) {
    for (Slot& s : g_slots) {
        if (!s.used.load())
            continue;
        char* target = rename(s.path, s.dead) == 0 ? s.dead : s.path;
        const pid_t child = fork();
        if (child == 0) {
            char rm[] = "rm", rf[] = "-rf", dashes[] = "--";
            char* argv[] = {rm, rf, dashes, target, nullptr};
            char* envp[] = {nullptr};
            execve("/bin/rm", argv, envp);
            _exit(127);
        }
        if (child > 0) {
            int status = 0;
            waitpid(child, &status, 0);
        }
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void installSignalCleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction current {};
            if (sigaction(sig, nullptr, &current) != 0 || current.sa_handler != SIG_DFL ||
                (current.sa_flags & SA_SIGINFO))
                continue; // the application handles (or ignores) it: not ours to take over
            struct sigaction ours {};
            ours.sa_handler = removeScratchOnSignal;
            sigemptyset(&ours.sa_mask);
            sigaction(sig, &ours, nullptr);
        }
    });
}

int registerSlot(const fs::path& p) {
    const std::string s = p.string();
    std::lock_guard lock(g_slotsMutex);
    for (std::size_t i = 0; i < g_slots.size(); ++i)
        if (!g_slots[i].used.load() && s.size() < sizeof g_slots[i].path) {
            std::memcpy(g_slots[i].path, s.c_str(), s.size() + 1);
            const std::string dead = s + ".dead";
            std::memcpy(g_slots[i].dead, dead.c_str(), dead.size() + 1);
            g_slots[i].used.store(true);
            return int(i);
        }
    return -1; // full: the next run's sweep covers this one
}

// True when a folder left by an earlier run may go: its lock file is free (the process that
// held it is gone), or it has none (an older Veil) and is more than an hour old.
bool stale(const fs::path& dir) {
    const fs::path lock = dir / kLockName;
    const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::error_code ec;
        const auto age = fs::file_time_type::clock::now() - fs::last_write_time(dir, ec);
        return !ec && age > std::chrono::hours(1);
    }
    const bool free = flock(fd, LOCK_EX | LOCK_NB) == 0;
    ::close(fd);
    return free;
}

} // namespace

int sweepStaleScratch(const fs::path& tempDir) {
    const fs::path base = tempDir.empty() ? fs::path(QDir::tempPath().toStdString()) : tempDir;
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(kPrefix, 0) != 0 && name.rfind(kPendingPrefix, 0) != 0)
            continue;
        struct stat st {};
        if (lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
            continue;
        if (!stale(it->path()))
            continue;
        std::error_code rmEc;
        fs::remove_all(it->path(), rmEc);
        removed += !rmEc;
    }
    return removed;
}

std::shared_ptr<ScratchDir> ScratchDir::create() {
    const fs::path base = QDir::tempPath().toStdString();
    sweepStaleScratch(base);
    installSignalCleanup();
    // The folder is made and locked under a pending name, then renamed: a folder with the
    // scratch prefix always has its lock, so a run killed at any moment leaves nothing the next
    // run's sweep cannot tell is free (a pending folder holds no copy of anything).
    const std::string tag = std::to_string(getpid()) + "-XXXXXX";
    std::string templ = (base / (std::string(kPendingPrefix) + tag)).string();
    if (!mkdtemp(templ.data())) // 0700: owner only
        throw Error("could not create a private temporary folder for archive contents in " +
                    base.string() + ": " + std::strerror(errno));
    std::shared_ptr<ScratchDir> dir(new ScratchDir);
    dir->m_path = templ;
    const fs::path lock = dir->m_path / kLockName;
    dir->m_lockFd = ::open(lock.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (dir->m_lockFd < 0 || flock(dir->m_lockFd, LOCK_EX | LOCK_NB) != 0)
        throw Error(lock.string(), "the lock of the temporary folder could not be taken");
    const fs::path final =
        base / (std::string(kPrefix) +
                fs::path(templ).filename().string().substr(std::strlen(kPendingPrefix)));
    std::error_code ec;
    fs::rename(dir->m_path, final, ec);
    if (ec)
        throw Error(final.string(),
                    "the temporary folder could not be put in place: " + ec.message());
    dir->m_path = final;
    dir->m_slot = registerSlot(dir->m_path);
    return dir;
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
    if (m_lockFd >= 0)
        ::close(m_lockFd);
    if (m_slot >= 0)
        g_slots[std::size_t(m_slot)].used.store(false);
}

} // namespace veil
