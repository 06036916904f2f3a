#include "dicom/FrameChecks.h"

#include "common/Error.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include <algorithm>

namespace veil {

namespace {

std::uint32_t le32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}
std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
           std::uint32_t(p[3]);
}
unsigned be16(const std::uint8_t* p) {
    return unsigned(p[0]) << 8 | p[1];
}

std::string frameName(int index) {
    return "frame " + std::to_string(index + 1);
}

// What a PackBits segment decodes to, in bytes (PS3.5 G.3.1); the data is only counted.
std::size_t packBitsOutput(const std::uint8_t* d, std::size_t n) {
    std::size_t out = 0, i = 0;
    while (i < n) {
        const int c = std::int8_t(d[i++]);
        if (c >= 0) {
            const std::size_t take = std::min<std::size_t>(std::size_t(c) + 1, n - i);
            out += take;
            i += take;
        } else if (c != -128) {
            if (i >= n)
                break;
            out += std::size_t(1 - c);
            ++i;
        }
    }
    return out;
}

struct Bytes {
    const std::uint8_t* data = nullptr;
    std::uint32_t size = 0;
};

Bytes bytesOf(DcmPixelItem* item) {
    Uint8* data = nullptr;
    if (!item || item->getUint8Array(data).bad() || !data)
        return {};
    return {data, item->getLength()};
}

// The fragment that holds frame `index`: one per frame as PS3.5 A.4 asks, or found through
// the Basic Offset Table.
unsigned long rleItemOf(DcmPixelSequence& seq, const std::vector<DcmPixelItem*>& frags,
                        const PixelDescription& l, int index, const std::string& file) {
    if (frags.empty())
        throw Error(file, "the RLE pixel data holds no fragments");
    if (l.frames == 1 || int(frags.size()) == l.frames)
        return l.frames == 1 ? 1 : std::size_t(index) + 1;
    DcmPixelItem* table = nullptr;
    Bytes bot;
    if (seq.getItem(table, 0).good())
        bot = bytesOf(table);
    if (bot.size < std::uint32_t(l.frames) * 4)
        throw Error(file, "the RLE pixel data holds " + std::to_string(frags.size()) +
                              " fragments for " + std::to_string(l.frames) +
                              " frames and no offset table says where each frame starts");
    const std::uint32_t wanted = le32(bot.data + 4 * std::size_t(index));
    std::uint64_t position = 0;
    for (std::size_t i = 0; i < frags.size(); ++i) {
        if (position == wanted)
            return i + 1;
        position += 8 + std::uint64_t(frags[i]->getLength());
    }
    throw Error(file, "RLE " + frameName(index) + ": the offset table points to byte " +
                          std::to_string(wanted) + ", where no fragment starts");
}

} // namespace

std::vector<DcmPixelItem*> fragmentsOf(DcmPixelSequence& seq) {
    std::vector<DcmPixelItem*> items;
    for (unsigned long i = 1; i < seq.card(); ++i) {
        DcmPixelItem* item = nullptr;
        if (seq.getItem(item, i).good() && item)
            items.push_back(item);
    }
    return items;
}

unsigned long checkRleFrame(DcmPixelSequence& seq, const PixelDescription& l, int index,
                            const std::string& file) {
    const std::string what = "RLE " + frameName(index) + ": ";
    if (l.bitsAllocated < 8 || l.bitsAllocated % 8 != 0)
        throw Error(file, what + "RLE with Bits Allocated " + std::to_string(l.bitsAllocated) +
                              " cannot be decoded");
    const auto frags = fragmentsOf(seq);
    const unsigned long item = rleItemOf(seq, frags, l, index, file);
    const Bytes b = bytesOf(frags[item - 1]);
    if (b.size < 64)
        throw Error(file, what + "its fragment holds " + std::to_string(b.size) +
                              " bytes, less than the 64-byte RLE header");
    const std::uint32_t segments = le32(b.data);
    const std::uint32_t expected =
        std::uint32_t(l.bitsAllocated / 8) * std::uint32_t(std::max(1, l.samplesPerPixel));
    if (segments != expected || segments < 1 || segments > 15)
        throw Error(file, what + "the RLE header announces " + std::to_string(segments) +
                              " segments where the image needs " + std::to_string(expected));
    for (std::uint32_t s = 0; s < segments; ++s) {
        const std::uint32_t start = le32(b.data + 4 * (s + 1));
        const std::uint32_t end = s + 1 < segments ? le32(b.data + 4 * (s + 2)) : b.size;
        const std::string seg = "segment " + std::to_string(s + 1) + " ";
        if (start < 64 || start >= b.size)
            throw Error(file, what + seg + "starts at byte " + std::to_string(start) +
                                  ", outside its fragment (" + std::to_string(b.size) + " bytes)");
        if (end == start)
            throw Error(file, what + seg + "is empty");
        if (end < start || end > b.size)
            throw Error(file, what + seg + "ends at byte " + std::to_string(end) +
                                  ", before its start or past its fragment (" +
                                  std::to_string(b.size) + " bytes)");
        if (packBitsOutput(b.data + start, end - start) == 0)
            throw Error(file, what + seg + "decodes to no pixels");
    }
    return item;
}

void checkJpegFrame(const std::vector<DcmPixelItem*>& fragments, const PixelDescription& l,
                    int index, const std::string& file) {
    const std::string what = "JPEG " + frameName(index) + ": ";
    // The frame header sits near the start: gather the first fragments' bytes (at most 1 MiB).
    std::vector<std::uint8_t> head;
    for (DcmPixelItem* item : fragments) {
        const Bytes b = bytesOf(item);
        head.insert(head.end(), b.data, b.data + b.size);
        if (head.size() > (1u << 20))
            break;
    }
    if (head.size() < 4 || head[0] != 0xFF || head[1] != 0xD8)
        throw Error(file, what + "the data does not start with a JPEG start-of-image marker");
    std::size_t i = 2;
    while (i + 4 <= head.size()) {
        if (head[i] != 0xFF)
            throw Error(file, what + "the JPEG header is malformed at byte " + std::to_string(i));
        const unsigned marker = head[i + 1];
        if (marker == 0xFF) { // fill byte
            ++i;
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2;
            continue;
        }
        const unsigned length = be16(&head[i + 2]);
        if (length < 2)
            throw Error(file, what + "a JPEG marker segment has length " + std::to_string(length));
        const bool sof = (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                          marker != 0xCC) ||
                         marker == 0xF7;
        if (sof) {
            if (i + 10 > head.size() || length < 8)
                throw Error(file, what + "the JPEG frame header is cut short");
            const int precision = head[i + 4];
            const int height = int(be16(&head[i + 5])), width = int(be16(&head[i + 7]));
            const int components = head[i + 9];
            if (height != l.rows || width != l.columns)
                throw Error(file, what + "the JPEG data is " + std::to_string(width) + " x " +
                                      std::to_string(height) + " but the header says " +
                                      std::to_string(l.columns) + " x " + std::to_string(l.rows));
            if (components != l.samplesPerPixel)
                throw Error(file, what + "the JPEG data has " + std::to_string(components) +
                                      " components but Samples per Pixel is " +
                                      std::to_string(l.samplesPerPixel));
            if (precision < 2 || precision > 16 || precision > l.bitsAllocated)
                throw Error(file, what + "JPEG precision " + std::to_string(precision) +
                                      " does not fit Bits Allocated " +
                                      std::to_string(l.bitsAllocated));
            return;
        }
        if (marker == 0xDA || marker == 0xD9)
            break;
        i += 2 + length;
    }
    throw Error(file, what + "no JPEG frame header before the image data");
}

void checkJ2kStream(const std::uint8_t* data, std::size_t size, const PixelDescription& l,
                    int index, const std::string& file) {
    const std::string what = "JPEG 2000 " + frameName(index) + ": ";
    std::size_t at = 0;
    if (size >= 12 && data[4] == 'j' && data[5] == 'P') {
        // JP2: walk the boxes to the contiguous codestream box.
        std::size_t pos = 0;
        bool found = false;
        while (pos + 8 <= size) {
            std::uint64_t len = be32(data + pos);
            std::size_t header = 8;
            if (len == 1) {
                if (pos + 16 > size)
                    break;
                len = std::uint64_t(be32(data + pos + 8)) << 32 | be32(data + pos + 12);
                header = 16;
            } else if (len == 0) {
                len = size - pos;
            }
            if (len < header || len > size - pos)
                break;
            if (std::equal(data + pos + 4, data + pos + 8, "jp2c")) {
                at = pos + header;
                found = true;
                break;
            }
            pos += std::size_t(len);
        }
        if (!found)
            throw Error(file, what + "the JP2 file holds no codestream box");
    }
    const std::uint8_t* p = data + at;
    const std::size_t n = size - at;
    if (n < 42 || be16(p) != 0xFF4F || be16(p + 2) != 0xFF51)
        throw Error(file, what + "the codestream does not start with SOC and SIZ markers");
    const std::uint32_t xsiz = be32(p + 8), ysiz = be32(p + 12), xo = be32(p + 16),
                        yo = be32(p + 20);
    const unsigned components = be16(p + 40);
    if (xo >= xsiz || yo >= ysiz)
        throw Error(file, what + "the codestream's image area is empty");
    const std::uint64_t width = xsiz - xo, height = ysiz - yo;
    if (width != std::uint64_t(l.columns) || height != std::uint64_t(l.rows))
        throw Error(file, what + "the codestream is " + std::to_string(width) + " x " +
                              std::to_string(height) + " but the header says " +
                              std::to_string(l.columns) + " x " + std::to_string(l.rows));
    if (int(components) != l.samplesPerPixel)
        throw Error(file, what + "the codestream has " + std::to_string(components) +
                              " components but Samples per Pixel is " +
                              std::to_string(l.samplesPerPixel));
    if (n < 42 + 3 * std::size_t(components))
        throw Error(file, what + "the codestream's SIZ marker is cut short");
    for (unsigned c = 0; c < components; ++c) {
        const int precision = (p[42 + 3 * c] & 0x7F) + 1;
        if (precision > std::max(l.bitsAllocated, 8) || precision > 32)
            throw Error(file, what + "component precision " + std::to_string(precision) +
                                  " does not fit Bits Allocated " +
                                  std::to_string(l.bitsAllocated));
    }
}

} // namespace veil
