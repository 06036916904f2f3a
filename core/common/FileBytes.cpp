#include "common/FileBytes.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace veil {

std::optional<std::string> readFileBytes(const std::filesystem::path& path,
                                         std::uintmax_t maxSize) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        std::uintmax_t(st.st_size) > maxSize)
        return std::nullopt;
    std::string bytes(std::size_t(st.st_size), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return std::nullopt; // an error, or the file shrank while it was read
        done += std::size_t(n);
    }
    // Grown while it was read: not the file whose size was asked; the caller streams it.
    char extra = 0;
    ssize_t n = 0;
    do
        n = ::read(fd, &extra, 1);
    while (n < 0 && errno == EINTR);
    if (n != 0)
        return std::nullopt;
    return bytes;
}

std::optional<std::string> readFilePrefix(const std::filesystem::path& path, std::size_t maxBytes,
                                          std::uintmax_t& fileSize) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0)
        return std::nullopt;
    fileSize = std::uintmax_t(st.st_size);
    std::string bytes(std::size_t(std::min<std::uintmax_t>(fileSize, maxBytes)), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd, bytes.data() + done, bytes.size() - done, off_t(done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return std::nullopt;
        done += std::size_t(n);
    }
    return bytes;
}

} // namespace veil
