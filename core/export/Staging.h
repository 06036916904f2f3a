#pragma once
// Where an export is built before it exists: a folder beside the destination named
// DEST.veil-partial-XXXXXX (the name says it is unfinished), locked by the working process
// (QLockFile, .lock inside it). The finished item is moved into place with one rename, so
// a process that dies midway leaves only a partial folder, never something that looks like
// a finished export; a later export cleans partial folders whose process is gone.
#include <QLockFile>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace veil {

class StagingArea {
public:
    enum class Existing { Refuse, Join };
    // Creates the partial folder beside `destination`. Throws veil::Error when the
    // destination already exists (unless `Join`: a batch adding to a Veil output folder) or
    // its folder cannot be written.
    explicit StagingArea(const std::filesystem::path& destination,
                         Existing existing = Existing::Refuse);
    ~StagingArea(); // removes the partial folder unless committed
    StagingArea(const StagingArea&) = delete;
    StagingArea& operator=(const StagingArea&) = delete;

    const std::filesystem::path& root() const { return m_root; }
    // The folder the export's files are written into (root()/export).
    std::filesystem::path tree() const { return m_root / "export"; }
    const std::filesystem::path& destination() const { return m_destination; }

    // Moves `item` (a path inside root()) to the destination with one rename, then removes
    // the partial folder. Throws veil::Error (the destination is then absent).
    void commit(const std::filesystem::path& item);

    // Keeps what was made, renamed to DEST.veil-failed-XXXXXX (a name that says it must not
    // be shared), instead of removing it. Returns the new name. Throws veil::Error.
    std::filesystem::path keepAsFailed();
    // Done with the partial folder (its contents were moved out): it is removed.
    void finish();

    // The marker every partial folder's name carries.
    static constexpr const char* kMarker = ".veil-partial-";
    // Removes partial folders in `folder` whose lock no running process holds. Returns them.
    static std::vector<std::filesystem::path> cleanStale(const std::filesystem::path& folder);

private:
    std::filesystem::path m_destination, m_root;
    std::unique_ptr<QLockFile> m_lock;
    bool m_committed = false;
};

} // namespace veil
