#pragma once
// The private folder where archive entries are extracted for the time of one run. Extracted
// copies are identifiable source files: they must not outlive the run.
//  - Made owner-only (0700) in the temporary folder as veil-extract-<pid>-XXXXXX, with a lock
//    file held for the life of the process.
//  - Removed when the last reference goes (every normal or exception path), and on SIGINT,
//    SIGTERM and SIGHUP when the process had left those at their default action.
//  - A run killed outright (kill -9, a crash, power loss) leaves it behind: the next run
//    removes every such folder whose lock is no longer held (sweepStaleScratch).
#include <filesystem>
#include <memory>

namespace veil {

class ScratchDir {
public:
    // Sweeps left-overs first. Throws veil::Error when the folder cannot be made.
    static std::shared_ptr<ScratchDir> create();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }

private:
    ScratchDir() = default;
    std::filesystem::path m_path;
    int m_lockFd = -1;
    int m_slot = -1;
};

// Removes the veil-extract-* folders of runs that are gone (their lock is free), owned by this
// user, in `tempDir` (default: the temporary folder). Returns how many were removed.
int sweepStaleScratch(const std::filesystem::path& tempDir = {});

} // namespace veil
