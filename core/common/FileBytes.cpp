#include "common/FileBytes.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace veil {

namespace {

// An open regular file, closed when it goes.
class RegularFile {
public:
    explicit RegularFile(const std::filesystem::path& path)
        : m_fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        struct stat st {};
        if (m_fd >= 0 && ::fstat(m_fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0)
            m_size = std::uintmax_t(st.st_size);
    }
    ~RegularFile() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;

    // Its size; nullopt when it could not be opened or is not a regular file.
    std::optional<std::uintmax_t> size() const { return m_size; }

    // Fills `bytes` from the file's start; false on an error or an early end (the file
    // shrank while it was read).
    bool readInto(std::string& bytes) const {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::pread(m_fd, bytes.data() + done, bytes.size() - done, off_t(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            done += std::size_t(n);
        }
        return true;
    }

    // Whether there is a byte at `offset` (the file grew while it was read).
    bool hasByteAt(std::size_t offset) const {
        char extra = 0;
        ssize_t n = 0;
        do
            n = ::pread(m_fd, &extra, 1, off_t(offset));
        while (n < 0 && errno == EINTR);
        return n != 0;
    }

private:
    int m_fd = -1;
    std::optional<std::uintmax_t> m_size;
};

} // namespace

std::optional<std::string> readFileBytes(const std::filesystem::path& path,
                                         std::uintmax_t maxSize) {
    const RegularFile file(path);
    if (!file.size() || *file.size() > maxSize)
        return std::nullopt;
    std::string bytes(std::size_t(*file.size()), '\0');
    // Grown while it was read: not the file whose size was asked; the caller streams it.
    if (!file.readInto(bytes) || file.hasByteAt(bytes.size()))
        return std::nullopt;
    return bytes;
}

std::optional<std::string> readFilePrefix(const std::filesystem::path& path, std::size_t maxBytes,
                                          std::uintmax_t& fileSize) {
    const RegularFile file(path);
    if (!file.size())
        return std::nullopt;
    fileSize = *file.size();
    std::string bytes(std::size_t(std::min<std::uintmax_t>(fileSize, maxBytes)), '\0');
    if (!file.readInto(bytes))
        return std::nullopt;
    return bytes;
}

} // namespace veil
