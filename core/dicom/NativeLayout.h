#pragma once
// Native (uncompressed) Pixel Data layout: where each stored sample of a frame sits, as
// words in host byte order (DCMTK hands native pixel data over in host order).
#include "dicom/PixelDescription.h"

#include <cstddef>
#include <cstdint>

#include <opencv2/core.hpp>

namespace veil {

struct NativeLayout {
    int rows = 0, columns = 0, samples = 1;
    int bitsAllocated = 8, bitsStored = 8, highBit = 7;
    bool planar = false;   // PlanarConfiguration 1: R plane, G plane, B plane
    bool pairs422 = false; // YBR_FULL_422 stored natively: Y Y Cb Cr per pair of pixels
    std::size_t bytesPerSample() const { return std::size_t(bitsAllocated / 8); }
    std::size_t frameBytes() const;
};

NativeLayout nativeLayoutOf(const PixelDescription& pixels);

// Writes the samples of `pixels` (a decoded frame of stored values) inside `rect` into the
// native frame at `frame`. Each word gets the value's BitsStored bits at HighBit; other bits
// of the written words are cleared. For pairs422 the rectangle must cover whole pairs: the
// chroma of a pair is taken from its left pixel.
void packRect(const cv::Mat& pixels, const cv::Rect& rect, const NativeLayout& layout,
              std::uint8_t* frame);

// One bit of every word of a single-sample native frame, as a CV_8U mask (255 where set): the
// retired overlays kept in unused bits of Pixel Data.
cv::Mat bitPlane(const std::uint8_t* frame, const NativeLayout& layout, int bit);

// Samples of a native frame with bits set outside BitsStored..HighBit: overlays kept in the
// unused high bits of Pixel Data, or stray bits. 0 when every bit of the word is stored.
long samplesWithBitsOutsideStored(const std::uint8_t* frame, const NativeLayout& layout);

// 1-bit images (Bits Allocated 1: segmentations, masks): frames follow one another bit by
// bit, pixel n of the data is bit n % 8 (least significant first) of byte n / 8. Frame k
// starts at bit k x rows x columns.
// The pixels of one frame as CV_8U 0/1; `bits` holds the frame from bit `firstBit % 8` of its
// first byte.
cv::Mat unpackBits(const std::uint8_t* bits, std::size_t firstBit, int rows, int columns);
// Writes the 0/1 (any non-zero: 1) values of `pixels` inside `rect` into the bits of the frame
// starting at bit `firstBit` of `data`.
void packBitsRect(const cv::Mat& pixels, const cv::Rect& rect, std::size_t firstBit,
                  std::uint8_t* data);

// Expands one native 8-bit YBR_FULL_422 frame into Y, Cb, Cr for every pixel.
cv::Mat expand422(const std::uint8_t* frame, int rows, int columns);

} // namespace veil
