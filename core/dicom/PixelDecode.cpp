#include "dicom/PixelDecode.h"
#include "dicom/FrameChecks.h"
#include "dicom/PixelDescription.h"

#include "common/Error.h"
#include "dicom/InstanceInfo.h"
#include "dicom/NativeLayout.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <cstring>

#include <opencv2/core.hpp>

namespace veil {

namespace {

constexpr std::uint64_t kMaxFrameBytes = 1ull << 30;

// The pixel layout, read once with the rest of the description (PixelDescription.cpp).
using Layout = PixelDescription;

Layout readLayout(DcmDataset& ds) {
    PixelDescription l;
    readPixelLayout(ds, l);
    return l;
}

int cvDepth(int bitsAllocated, bool sgnd, const std::string& file) {
    switch (bitsAllocated) {
    case 8:
        return sgnd ? CV_8S : CV_8U;
    case 16:
        return sgnd ? CV_16S : CV_16U;
    case 32:
        return CV_32S;
    default:
        throw Error(file, "Bits Allocated " + std::to_string(bitsAllocated) + " is not supported");
    }
}

// Keeps only the stored bits and sign-extends them, so callers see true stored values.
template <typename U, typename S> void normaliseBits(cv::Mat& m, const Layout& l) {
    const int shift = std::max(0, l.highBit + 1 - l.bitsStored);
    const U mask = U((1ULL << l.bitsStored) - 1);
    const U sign = U(1ULL << (l.bitsStored - 1));
    const std::size_t n = m.total() * m.channels();
    auto* p = reinterpret_cast<U*>(m.data);
    for (std::size_t i = 0; i < n; ++i) {
        U x = U(p[i] >> shift) & mask;
        if (l.pixelRepresentation == 1 && (x & sign))
            x = U(x | ~mask);
        p[i] = x;
    }
}

void normalise(cv::Mat& m, const Layout& l) {
    if (l.bitsStored <= 0 || l.bitsStored >= l.bitsAllocated)
        return;
    if (l.bitsAllocated == 8)
        normaliseBits<std::uint8_t, std::int8_t>(m, l);
    else if (l.bitsAllocated == 16)
        normaliseBits<std::uint16_t, std::int16_t>(m, l);
    else if (l.bitsAllocated == 32)
        normaliseBits<std::uint32_t, std::int32_t>(m, l);
}

cv::Mat fromBuffer(const std::vector<std::uint8_t>& buf, const Layout& l, bool planar,
                   const std::string& file) {
    const int depth = cvDepth(l.bitsAllocated, l.pixelRepresentation == 1, file);
    const std::size_t planeBytes = std::size_t(l.rows) * l.columns * (l.bitsAllocated / 8);
    if (buf.size() < planeBytes * l.samplesPerPixel)
        throw Error(file, "the decoded frame is shorter than Rows x Columns x Samples");
    if (l.samplesPerPixel == 1 || !planar) {
        cv::Mat wrap(l.rows, l.columns, CV_MAKETYPE(depth, l.samplesPerPixel),
                     const_cast<std::uint8_t*>(buf.data()));
        return wrap.clone();
    }
    std::vector<cv::Mat> planes;
    for (int s = 0; s < l.samplesPerPixel; ++s)
        planes.emplace_back(l.rows, l.columns, CV_MAKETYPE(depth, 1),
                            const_cast<std::uint8_t*>(buf.data() + s * planeBytes));
    cv::Mat out;
    cv::merge(planes, out);
    return out;
}

// Every frame needs at least one fragment: NumberOfFrames cannot promise more.
void checkFragmentCount(DcmPixelSequence& seq, const Layout& l, const std::string& file) {
    const std::size_t n = fragmentsOf(seq).size();
    if (n < std::size_t(l.frames))
        throw Error(file, "Number of Frames is " + std::to_string(l.frames) +
                              " but the pixel data holds only " + std::to_string(n) + " fragments");
}

// The fragments holding one frame of an encapsulated image, and the item number (1-based,
// after the offset table) of the first.
std::vector<DcmPixelItem*> fragmentsOfFrame(DcmPixelSequence& seq, int index, int frames,
                                            bool (*startsFrame)(const Uint8*, Uint32),
                                            unsigned long* firstItem = nullptr) {
    const std::vector<DcmPixelItem*> items = fragmentsOf(seq);
    if (firstItem)
        *firstItem = 0;
    if (frames == 1) {
        if (firstItem && !items.empty())
            *firstItem = 1;
        return items;
    }
    if (int(items.size()) == frames) {
        if (firstItem)
            *firstItem = std::size_t(index) + 1;
        return {items[std::size_t(index)]};
    }
    // Several fragments per frame: a new frame starts where a codestream begins.
    int current = -1;
    std::vector<DcmPixelItem*> out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        DcmPixelItem* item = items[i];
        Uint8* data = nullptr;
        item->getUint8Array(data);
        if (data && startsFrame(data, item->getLength()))
            ++current;
        if (current == index) {
            if (firstItem && out.empty())
                *firstItem = i + 1;
            out.push_back(item);
        } else if (current > index) {
            break;
        }
    }
    return out;
}

bool startsJpeg(const Uint8* d, Uint32 n) {
    return n >= 2 && d[0] == 0xFF && d[1] == 0xD8;
}

bool canDecodeWithDcmtk(E_TransferSyntax x) {
    switch (x) {
    case EXS_JPEGProcess1:
    case EXS_JPEGProcess2_4:
    case EXS_JPEGProcess6_8:
    case EXS_JPEGProcess10_12:
    case EXS_JPEGProcess14:
    case EXS_JPEGProcess14SV1:
    case EXS_JPEGLSLossless:
    case EXS_JPEGLSLossy:
    case EXS_RLELossless:
        return true;
    default:
        return false;
    }
}

bool startsJ2k(const Uint8* d, Uint32 n) {
    return n >= 4 && ((d[0] == 0xFF && d[1] == 0x4F && d[2] == 0xFF && d[3] == 0x51) ||
                      (n >= 8 && d[4] == 'j' && d[5] == 'P'));
}

Frame decodeJ2kFrame(DicomFile::Impl& impl, DcmPixelData& pd, const Layout& l, int index) {
    const std::string file = impl.path.string();
    DcmPixelSequence* seq = nullptr;
    const E_TransferSyntax xfer = impl.dataset().getOriginalXfer();
    if (pd.getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq)
        throw Error(file, "JPEG 2000 pixel data is not encapsulated");
    checkFragmentCount(*seq, l, file);
    std::vector<std::uint8_t> stream;
    for (DcmPixelItem* item : fragmentsOfFrame(*seq, index, l.frames, startsJ2k)) {
        Uint8* data = nullptr;
        if (item->getUint8Array(data).good() && data)
            stream.insert(stream.end(), data, data + item->getLength());
    }
    if (stream.empty())
        throw Error(file, "frame " + std::to_string(index + 1) + " has no JPEG 2000 data");
    checkJ2kStream(stream.data(), stream.size(), l, index, file);
    Frame f;
    try {
        f.pixels = decodeJpeg2000(stream.data(), stream.size());
    } catch (const Error& e) {
        throw Error(file, e.what());
    }
    if (f.pixels.rows != l.rows || f.pixels.cols != l.columns)
        throw Error(file, "JPEG 2000 frame size differs from Rows/Columns");
    // OpenJPEG undoes the multi-component transform: YBR_RCT/ICT come out as RGB.
    f.photometric =
        (l.photometric == "YBR_RCT" || l.photometric == "YBR_ICT") ? "RGB" : l.photometric;
    return f;
}

// Bits Allocated 1: the bytes spanning the frame's bits, unpacked to one 0/1 byte a pixel.
Frame decodeNative1Bit(DicomFile::Impl& impl, DcmPixelData& pd, const Layout& l, int index) {
    const std::string file = impl.path.string();
    if (l.samplesPerPixel != 1)
        throw Error(file, "1-bit pixel data with more than one sample per pixel is not supported");
    const std::uint64_t frameBits = std::uint64_t(l.rows) * std::uint64_t(l.columns);
    const std::uint64_t firstBit = frameBits * std::uint64_t(index);
    const std::uint64_t firstByte = firstBit / 8, endByte = (firstBit + frameBits + 7) / 8;
    if (endByte > pd.getLength())
        throw Error(file,
                    "Pixel Data is shorter than frame " + std::to_string(index + 1) + " needs");
    std::vector<std::uint8_t> buf(std::size_t(endByte - firstByte));
    const OFCondition cond =
        pd.getPartialValue(buf.data(), Uint32(firstByte), Uint32(buf.size()), &impl.cache);
    if (cond.bad())
        throw Error(file, std::string("the 1-bit pixel data could not be read: ") + cond.text());
    return Frame{unpackBits(buf.data(), std::size_t(firstBit % 8), l.rows, l.columns),
                 l.photometric};
}

bool isNative422(const Layout& l, const DcmXfer& xfer) {
    return !xfer.isEncapsulated() && l.samplesPerPixel == 3 && l.bitsAllocated == 8 &&
           (l.photometric == "YBR_FULL_422" || l.photometric == "YBR_PARTIAL_422");
}

// Native 4:2:2 keeps two samples a pixel, which DCMTK's frame reader does not expect: read the
// frame's bytes and give every pixel its pair's chroma. Frame::photometric stays YBR_FULL_422.
Frame decodeNative422(DicomFile::Impl& impl, DcmPixelData& pd, const Layout& l, int index) {
    const Uint32 size = Uint32(l.rows) * Uint32(l.columns) * 2;
    std::vector<std::uint8_t> buf(size);
    const OFCondition cond =
        pd.getPartialValue(buf.data(), Uint32(index) * size, size, &impl.cache);
    if (cond.bad())
        throw Error(impl.path.string(),
                    std::string("the YBR_FULL_422 pixel data could not be read: ") + cond.text());
    return Frame{expand422(buf.data(), l.rows, l.columns), l.photometric};
}

// The transfer syntax as the file names it. DCMTK does not know the newer ones (HTJ2K) and
// reads such a data set as if it were explicit little endian: the meta header tells.
std::string syntaxUidOf(DicomFile::Impl& impl, const DcmXfer& xfer) {
    OFString uid;
    impl.file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, uid);
    if (!uid.empty() && DcmXfer(uid.c_str()).getXfer() == EXS_Unknown)
        return uid.c_str();
    return xfer.getXfer() != EXS_Unknown ? xfer.getXferID() : uid.c_str();
}

// Bytes one decoded frame takes, from the header, refused when implausibly large.
std::uint64_t frameBytes(const Layout& l, const std::string& file) {
    const std::uint64_t bytes = (std::uint64_t(l.rows) * std::uint64_t(l.columns) *
                                     std::uint64_t(std::max(1, l.samplesPerPixel)) *
                                     std::uint64_t(std::max(1, l.bitsAllocated)) +
                                 7) /
                                8;
    if (bytes > kMaxFrameBytes)
        throw Error(file, "one frame would take " + std::to_string(bytes) +
                              " bytes decoded, more than Veil decodes (" +
                              std::to_string(kMaxFrameBytes) + ")");
    return bytes;
}

} // namespace

Frame decodeFrame(DicomFile::Impl& impl, int index, bool wholeWords) {
    const std::string file = impl.path.string();
    DcmDataset& ds = impl.dataset();
    const Layout l = readLayout(ds);
    if (l.rows <= 0 || l.columns <= 0)
        throw Error(file, "the image has no Rows/Columns");
    if (l.samplesPerPixel != 1 && l.samplesPerPixel != 3)
        throw Error(file, "Samples per Pixel " + std::to_string(l.samplesPerPixel) +
                              " is not supported (1 or 3)");
    frameBytes(l, file);
    DcmElement* el = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, el).bad() || !el)
        throw Error(file, "the file has no Pixel Data");
    auto* pd = dynamic_cast<DcmPixelData*>(el);
    if (!pd)
        throw Error(file, "Pixel Data has an unexpected form");

    const DcmXfer xfer(ds.getOriginalXfer());
    const std::string uid = syntaxUidOf(impl, xfer);
    if (isJpeg2000(uid))
        return decodeJ2kFrame(impl, *pd, l, index);
    if (DcmXfer(uid.c_str()).getXfer() == EXS_Unknown ||
        (xfer.isEncapsulated() && !canDecodeWithDcmtk(xfer.getXfer())))
        throw Error(file, "cannot decode pixel data in transfer syntax " + transferSyntaxName(uid) +
                              " (" + uid + "): Veil has no decoder for it");
    if (isNative422(l, xfer))
        return decodeNative422(impl, *pd, l, index);
    if (l.bitsAllocated == 1) {
        if (xfer.isEncapsulated())
            throw Error(file, "1-bit pixel data in a compressed transfer syntax cannot be decoded");
        return decodeNative1Bit(impl, *pd, l, index);
    }

    Uint32 frameSize = 0;
    if (pd->getUncompressedFrameSize(&ds, frameSize).bad() || frameSize == 0)
        throw Error(file, "the frame size cannot be worked out from the header");
    std::vector<std::uint8_t> buf(frameSize + (frameSize & 1));
    if (impl.startFragments.size() < std::size_t(l.frames))
        impl.startFragments.assign(std::size_t(l.frames), 0);
    Uint32 start = impl.startFragments[std::size_t(index)];
    if (xfer.isEncapsulated()) {
        // Checked here, before DCMTK's decoders: they trust what the fragments say.
        DcmPixelSequence* seq = nullptr;
        if (pd->getEncapsulatedRepresentation(xfer.getXfer(), nullptr, seq).bad() || !seq)
            throw Error(file, "the compressed pixel data is not encapsulated");
        checkFragmentCount(*seq, l, file);
        if (xfer.getXfer() == EXS_RLELossless) {
            start = Uint32(checkRleFrame(*seq, l, index, file));
        } else {
            unsigned long first = 0;
            const auto frags = fragmentsOfFrame(*seq, index, l.frames, startsJpeg, &first);
            if (frags.empty())
                throw Error(file, "frame " + std::to_string(index + 1) + " has no compressed data");
            checkJpegFrame(frags, l, index, file);
            start = Uint32(first);
        }
    }
    OFString colourModel;
    const OFCondition cond = pd->getUncompressedFrame(&ds, Uint32(index), start, buf.data(),
                                                      Uint32(buf.size()), colourModel, &impl.cache);
    if (cond.bad()) {
        if (xfer.isEncapsulated())
            throw Error(file, "cannot decode pixel data in transfer syntax " +
                                  transferSyntaxName(uid) + " (" + uid + "): " + cond.text());
        throw Error(file, std::string("the pixel data could not be read: ") + cond.text());
    }
    if (std::size_t(index + 1) < impl.startFragments.size())
        impl.startFragments[std::size_t(index + 1)] = start;

    // Native data and DCMTK's RLE decoder follow PlanarConfiguration (the RLE decoder turns
    // its planes into colour-by-pixel for planar 0); the JPEG and JPEG-LS decoders are
    // registered to write colour by pixel.
    bool planar = false;
    if (l.samplesPerPixel > 1 && (!xfer.isEncapsulated() || xfer.getXfer() == EXS_RLELossless))
        planar = l.planarConfiguration == 1;
    Frame f;
    f.pixels = fromBuffer(buf, l, planar, file);
    if (!wholeWords)
        normalise(f.pixels, l);
    f.photometric = colourModel.empty() ? l.photometric : std::string(colourModel.c_str());
    return f;
}

} // namespace veil
