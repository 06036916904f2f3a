#include "dicom/NativeLayout.h"

#include "common/Error.h"

#include <cstring>

namespace veil {

std::size_t NativeLayout::frameBytes() const {
    const std::size_t pixels = std::size_t(rows) * std::size_t(columns);
    if (pairs422)
        return pixels * 2 * bytesPerSample();
    return pixels * std::size_t(samples) * bytesPerSample();
}

NativeLayout nativeLayoutOf(const PixelDescription& d) {
    NativeLayout l;
    l.rows = d.rows;
    l.columns = d.columns;
    l.samples = d.samplesPerPixel;
    l.bitsAllocated = d.bitsAllocated;
    l.bitsStored = d.bitsStored;
    l.highBit = d.highBit;
    l.planar = d.samplesPerPixel > 1 && d.planarConfiguration == 1;
    l.pairs422 = d.samplesPerPixel == 3 &&
                 (d.photometric == "YBR_FULL_422" || d.photometric == "YBR_PARTIAL_422");
    if (l.bitsAllocated != 8 && l.bitsAllocated != 16 && l.bitsAllocated != 32)
        throw Error("Bits Allocated " + std::to_string(l.bitsAllocated) +
                    " cannot be written natively");
    return l;
}

namespace {

template <typename W> void putWord(std::uint8_t* at, std::uint64_t word) {
    const W w = W(word);
    std::memcpy(at, &w, sizeof w);
}

template <typename T>
void packTyped(const cv::Mat& m, const cv::Rect& r, const NativeLayout& l, std::uint8_t* out) {
    const int shift = std::max(0, l.highBit + 1 - l.bitsStored);
    const std::uint64_t mask = l.bitsStored >= 64 ? ~0ULL : ((1ULL << l.bitsStored) - 1);
    const std::size_t bps = l.bytesPerSample();
    const std::size_t planeBytes = std::size_t(l.rows) * l.columns * bps;
    const int n = l.samples;
    auto put = [&](std::size_t offset, T value) {
        const std::uint64_t word = (std::uint64_t(std::int64_t(value)) & mask) << shift;
        if (bps == 1)
            out[offset] = std::uint8_t(word);
        else if (bps == 2)
            putWord<std::uint16_t>(out + offset, word);
        else
            putWord<std::uint32_t>(out + offset, word);
    };
    for (int y = r.y; y < r.y + r.height; ++y) {
        const T* row = m.ptr<T>(y);
        for (int x = r.x; x < r.x + r.width; ++x) {
            const T* px = row + std::size_t(x) * n;
            const std::size_t pixel = std::size_t(y) * l.columns + x;
            if (l.pairs422) {
                const std::size_t pair = (pixel & ~std::size_t(1)) * 2 * bps;
                put(pair + (pixel & 1) * bps, px[0]);
                if ((x & 1) == 0) {
                    put(pair + 2 * bps, px[1]);
                    put(pair + 3 * bps, px[2]);
                }
            } else if (l.planar) {
                for (int c = 0; c < n; ++c)
                    put(c * planeBytes + pixel * bps, px[c]);
            } else {
                for (int c = 0; c < n; ++c)
                    put((pixel * n + c) * bps, px[c]);
            }
        }
    }
}

} // namespace

void packRect(const cv::Mat& m, const cv::Rect& r, const NativeLayout& l, std::uint8_t* frame) {
    if (m.rows != l.rows || m.cols != l.columns || m.channels() != l.samples)
        throw Error("a frame of " + std::to_string(m.cols) + "x" + std::to_string(m.rows) + "x" +
                    std::to_string(m.channels()) + " does not fit the native layout");
    switch (m.depth()) {
    case CV_8U:
        packTyped<std::uint8_t>(m, r, l, frame);
        break;
    case CV_8S:
        packTyped<std::int8_t>(m, r, l, frame);
        break;
    case CV_16U:
        packTyped<std::uint16_t>(m, r, l, frame);
        break;
    case CV_16S:
        packTyped<std::int16_t>(m, r, l, frame);
        break;
    case CV_32S:
        packTyped<std::int32_t>(m, r, l, frame);
        break;
    default:
        throw Error("frame depth cannot be written natively");
    }
}

cv::Mat bitPlane(const std::uint8_t* frame, const NativeLayout& l, int bit) {
    cv::Mat mask = cv::Mat::zeros(l.rows, l.columns, CV_8U);
    const std::size_t bps = l.bytesPerSample();
    if (l.samples != 1 || bit < 0 || bit >= l.bitsAllocated)
        return mask;
    for (std::size_t i = 0; i < mask.total(); ++i) {
        std::uint32_t word = 0;
        std::memcpy(&word, frame + i * bps, bps); // host order, little endian hosts
        if ((word >> bit) & 1)
            mask.data[i] = 255;
    }
    return mask;
}

long samplesWithBitsOutsideStored(const std::uint8_t* frame, const NativeLayout& l) {
    if (l.bitsStored >= l.bitsAllocated || l.pairs422)
        return 0;
    const std::size_t bps = l.bytesPerSample();
    const int low = l.highBit - l.bitsStored + 1;
    const std::uint32_t stored = ((l.bitsStored >= 32 ? 0u : (1u << l.bitsStored)) - 1u) << low;
    const std::uint32_t all = l.bitsAllocated >= 32 ? ~0u : (1u << l.bitsAllocated) - 1u;
    const std::uint32_t outside = all & ~stored;
    const std::size_t n = std::size_t(l.rows) * std::size_t(l.columns) * std::size_t(l.samples);
    long count = 0;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t word = 0;
        std::memcpy(&word, frame + i * bps, bps); // host order, little endian hosts
        count += (word & outside) != 0;
    }
    return count;
}

cv::Mat expand422(const std::uint8_t* frame, int rows, int columns) {
    cv::Mat out(rows, columns, CV_8UC3);
    for (int y = 0; y < rows; ++y) {
        auto* row = out.ptr<cv::Vec3b>(y);
        const std::uint8_t* src = frame + std::size_t(y) * columns * 2;
        for (int x = 0; x < columns; ++x) {
            const std::uint8_t* pair = src + std::size_t(x & ~1) * 2;
            row[x] = cv::Vec3b(pair[x & 1], pair[2], pair[3]);
        }
    }
    return out;
}

cv::Mat unpackBits(const std::uint8_t* bits, std::size_t firstBit, int rows, int columns) {
    cv::Mat out(rows, columns, CV_8U);
    std::size_t n = firstBit % 8;
    for (int y = 0; y < rows; ++y) {
        auto* row = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < columns; ++x, ++n)
            row[x] = std::uint8_t((bits[n / 8] >> (n % 8)) & 1);
    }
    return out;
}

void packBitsRect(const cv::Mat& pixels, const cv::Rect& rect, std::size_t firstBit,
                  std::uint8_t* data) {
    const cv::Rect r = rect & cv::Rect(0, 0, pixels.cols, pixels.rows);
    for (int y = r.y; y < r.y + r.height; ++y) {
        const auto* row = pixels.ptr<std::uint8_t>(y);
        for (int x = r.x; x < r.x + r.width; ++x) {
            const std::size_t n =
                firstBit + std::size_t(y) * std::size_t(pixels.cols) + std::size_t(x);
            const auto bit = std::uint8_t(1u << (n % 8));
            data[n / 8] =
                row[x] ? std::uint8_t(data[n / 8] | bit) : std::uint8_t(data[n / 8] & ~bit);
        }
    }
}

} // namespace veil
