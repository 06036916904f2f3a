#include "export/Staging.h"

#include "common/Error.h"

#include <QTemporaryDir>

#include <chrono>

namespace veil {

namespace fs = std::filesystem;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// A destination given as "out/" names the folder "out".
fs::path cleanDestination(const fs::path& destination) {
    fs::path p = fs::absolute(destination).lexically_normal();
    if (!p.has_filename())
        p = p.parent_path();
    return p;
}

std::unique_ptr<QLockFile> lockIn(const fs::path& dir) {
    auto lock = std::make_unique<QLockFile>(q(dir / ".lock"));
    lock->setStaleLockTime(0); // stale only when its process is gone, however long it works
    return lock;
}

bool recentlyModified(const fs::path& p) {
    std::error_code ec;
    const auto t = fs::last_write_time(p, ec);
    return !ec && fs::file_time_type::clock::now() - t < std::chrono::seconds(10);
}

} // namespace

StagingArea::StagingArea(const fs::path& destination, Existing existing)
    : m_destination(cleanDestination(destination)) {
    std::error_code ec;
    if (existing == Existing::Refuse &&
        (fs::exists(m_destination, ec) || fs::is_symlink(m_destination, ec)))
        throw Error(m_destination.string(), "already exists: an export never overwrites anything; "
                                            "choose a new destination");
    const fs::path parent = m_destination.parent_path();
    if (!fs::is_directory(parent, ec))
        throw Error(parent.string(), "the destination's folder does not exist");
    QTemporaryDir dir(q(m_destination) + kMarker + "XXXXXX");
    if (!dir.isValid())
        throw Error(parent.string(), "cannot create a folder beside the destination: " +
                                         dir.errorString().toStdString());
    dir.setAutoRemove(false);
    m_root = dir.path().toStdString();
    m_lock = lockIn(m_root);
    if (!m_lock->tryLock(0)) {
        fs::remove_all(m_root, ec);
        throw Error(m_root.string(), "cannot lock the partial export folder");
    }
    fs::create_directory(tree(), ec);
    if (ec)
        throw Error(tree().string(), "cannot be created: " + ec.message());
}

StagingArea::~StagingArea() {
    if (m_committed)
        return;
    if (m_lock)
        m_lock->unlock();
    std::error_code ec;
    fs::remove_all(m_root, ec);
}

void StagingArea::commit(const fs::path& item) {
    std::error_code ec;
    if (fs::exists(m_destination, ec))
        throw Error(m_destination.string(),
                    "appeared while the export was being made: not replaced");
    fs::rename(item, m_destination, ec);
    if (ec)
        throw Error(m_destination.string(),
                    "the finished export could not be moved into place: " + ec.message());
    m_committed = true;
    m_lock->unlock();
    m_lock.reset();
    fs::remove_all(m_root, ec); // leftovers only; a failure here leaves a stale partial folder
}

fs::path StagingArea::keepAsFailed() {
    const std::string suffix = m_root.filename().string().substr(
        m_root.filename().string().rfind('-') + 1); // the XXXXXX of the partial folder
    const fs::path failed = m_destination.string() + ".veil-failed-" + suffix;
    m_lock->unlock();
    m_lock.reset();
    std::error_code ec;
    fs::remove(m_root / ".lock", ec);
    fs::rename(m_root, failed, ec);
    if (ec)
        throw Error(failed.string(), "the outputs could not be kept here: " + ec.message());
    m_committed = true;
    return failed;
}

void StagingArea::finish() {
    m_committed = true;
    if (m_lock) {
        m_lock->unlock();
        m_lock.reset();
    }
    std::error_code ec;
    fs::remove_all(m_root, ec);
}

std::vector<fs::path> StagingArea::cleanStale(const fs::path& folder) {
    std::vector<fs::path> removed;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!it->is_directory() || name.find(kMarker) == std::string::npos)
            continue;
        const bool hasLock = fs::exists(it->path() / ".lock");
        if (!hasLock && recentlyModified(it->path()))
            continue; // being created right now by another process
        auto lock = lockIn(it->path());
        if (hasLock && !lock->tryLock(0))
            continue; // a running export
        lock->unlock();
        std::error_code rm;
        fs::remove_all(it->path(), rm);
        if (!rm)
            removed.push_back(it->path());
    }
    return removed;
}

} // namespace veil
