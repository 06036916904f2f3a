#include "dicom/NestingGuard.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dctag.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace veil {

namespace {

constexpr std::uint32_t kUndefined = 0xFFFFFFFFu;

class Walker {
public:
    Walker(const unsigned char* bytes, std::size_t size, bool whole)
        : b(bytes, size), m_whole(whole) {}
    // Set when the walk ran past the bytes it was given before reaching the end.
    bool needsMore = false;

    int run(int limit) {
        std::size_t pos = 0;
        if (b.size() >= 132 && std::memcmp(&b[128], "DICM", 4) == 0)
            pos = 132;
        bool explicitVr = looksExplicit(pos);
        bool bigEndian = false;
        // File meta (group 0002) is always explicit little endian; it names the syntax.
        while (pos + 8 <= b.size() && u16(pos, false) == 0x0002) {
            const std::uint16_t e = u16(pos + 2, false);
            std::uint32_t len = 0;
            std::size_t header = 0;
            if (!explicitHeader(pos, false, len, header))
                return 0;
            if (e == 0x0010) {
                std::string uid(reinterpret_cast<const char*>(&b[pos + header]),
                                std::min<std::size_t>(len, b.size() - pos - header));
                while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' '))
                    uid.pop_back();
                if (uid == "1.2.840.10008.1.2.1.99")
                    return 0; // deflated: cannot walk without inflating
                explicitVr = uid != "1.2.840.10008.1.2";
                bigEndian = uid == "1.2.840.10008.1.2.2";
            }
            pos += header + len;
        }
        return walk(pos, explicitVr, bigEndian, limit);
    }

private:
    struct Level {
        std::size_t end; // offset where this level ends; SIZE_MAX when undefined
    };

    int walk(std::size_t pos, bool explicitVr, bool be, int limit) {
        std::vector<Level> stack; // sequences and items, alternating
        int deepest = 0;
        while (pos + 8 <= b.size()) {
            while (!stack.empty() && stack.back().end != SIZE_MAX && pos >= stack.back().end)
                stack.pop_back();
            const std::uint16_t g = u16(pos, be), e = u16(pos + 2, be);
            if (g == 0xFFFE) {
                const std::uint32_t len = u32(pos + 4, be);
                pos += 8;
                if (e == 0xE000) { // item start
                    stack.push_back({len == kUndefined ? SIZE_MAX : pos + len});
                } else if (!stack.empty()) { // item or sequence delimiter
                    stack.pop_back();
                }
                continue;
            }
            if (stack.empty() && g == 0x7FE0 && e == 0x0010)
                break;
            std::uint32_t len = 0;
            std::size_t header = 8;
            bool sq = false;
            if (explicitVr) {
                if (!explicitHeader(pos, be, len, header))
                    return 0;
                sq = b[pos + 4] == 'S' && b[pos + 5] == 'Q';
            } else {
                len = u32(pos + 4, be);
                sq = len == kUndefined || isSequenceInDictionary(g, e);
            }
            pos += header;
            if (sq) {
                stack.push_back({len == kUndefined ? SIZE_MAX : pos + len});
                const int depth = int(stack.size() + 1) / 2;
                deepest = std::max(deepest, depth);
                if (deepest > limit)
                    return deepest;
                continue;
            }
            if (len == kUndefined)
                return deepest; // encapsulated data outside Pixel Data: leave it to the parser
            pos += len;
        }
        if (pos + 8 > b.size() && !m_whole)
            needsMore = true;
        return deepest;
    }

    bool looksExplicit(std::size_t pos) const {
        return pos + 6 <= b.size() && std::isupper(b[pos + 4]) && std::isupper(b[pos + 5]);
    }

    bool explicitHeader(std::size_t pos, bool be, std::uint32_t& len, std::size_t& header) const {
        if (pos + 8 > b.size())
            return false;
        const char v0 = char(b[pos + 4]), v1 = char(b[pos + 5]);
        static const char* longVrs[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                        "SV", "UC", "UN", "UR", "UT", "UV"};
        bool longForm = false;
        for (const char* vr : longVrs)
            longForm |= vr[0] == v0 && vr[1] == v1;
        if (longForm) {
            if (pos + 12 > b.size())
                return false;
            len = u32(pos + 8, be);
            header = 12;
        } else {
            len = u16(pos + 6, be);
            header = 8;
        }
        return true;
    }

    static bool isSequenceInDictionary(std::uint16_t g, std::uint16_t e) {
        return DcmTag(g, e).getEVR() == EVR_SQ;
    }

    std::uint16_t u16(std::size_t p, bool be) const {
        return be ? std::uint16_t(b[p] << 8 | b[p + 1]) : std::uint16_t(b[p] | b[p + 1] << 8);
    }
    std::uint32_t u32(std::size_t p, bool be) const {
        return be ? (std::uint32_t(b[p]) << 24 | std::uint32_t(b[p + 1]) << 16 |
                     std::uint32_t(b[p + 2]) << 8 | b[p + 3])
                  : (std::uint32_t(b[p]) | std::uint32_t(b[p + 1]) << 8 |
                     std::uint32_t(b[p + 2]) << 16 | std::uint32_t(b[p + 3]) << 24);
    }

    // The bytes walked (not owned): b.size() and b[i] as a vector's.
    struct View {
        View(const unsigned char* d, std::size_t n) : data(d), n(n) {}
        std::size_t size() const { return n; }
        const unsigned char& operator[](std::size_t i) const { return data[i]; }
        const unsigned char* data;
        std::size_t n;
    } b;
    bool m_whole = true;
};

} // namespace

int sequenceNestingDepth(const std::filesystem::path& path, int limit) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return 0;
    // Headers live at the front and the walk stops at top-level Pixel Data: read 8 KiB (most
    // headers; this runs on every open of a file DicomFile does not walk in memory), and more
    // only when the walk runs past it (eight times more each time, up to 64 MiB).
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec)
        return 0;
    for (std::uintmax_t want = 8u << 10;; want *= 8) {
        const std::size_t n = std::size_t(std::min<std::uintmax_t>({size, want, 64u << 20}));
        std::vector<unsigned char> bytes(n);
        in.clear();
        in.seekg(0);
        in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(n));
        bytes.resize(std::size_t(in.gcount()));
        Walker walker(bytes.data(), bytes.size(), n >= size);
        const int depth = walker.run(limit);
        if (!walker.needsMore || n >= size || n >= (64u << 20))
            return depth;
    }
}

int sequenceNestingDepth(const unsigned char* bytes, std::size_t size, bool whole, bool* needsMore,
                         int limit) {
    Walker walker(bytes, size, whole);
    const int depth = walker.run(limit);
    if (needsMore)
        *needsMore = walker.needsMore;
    return depth;
}

} // namespace veil
