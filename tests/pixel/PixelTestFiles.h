#pragma once
// Ad-hoc test images for the pixel tests, written in-process with DCMTK's encoders: a native
// image of known stored values, then transcoded to the syntax asked for. (The project's
// fixtures generator covers more; this keeps the pixel tests independent of its options:
// several fragments per frame, 32-bit, palettes whose darkest entry is not index 0.)
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

class DcmDataset;

namespace veil::test {

namespace uid {
inline const std::string ImplicitLE = "1.2.840.10008.1.2";
inline const std::string ExplicitLE = "1.2.840.10008.1.2.1";
inline const std::string Deflated = "1.2.840.10008.1.2.1.99";
inline const std::string ExplicitBE = "1.2.840.10008.1.2.2";
inline const std::string JpegBaseline = "1.2.840.10008.1.2.4.50";
inline const std::string JpegExtended = "1.2.840.10008.1.2.4.51";
inline const std::string JpegLossless14 = "1.2.840.10008.1.2.4.57";
inline const std::string JpegLosslessSV1 = "1.2.840.10008.1.2.4.70";
inline const std::string JpegLsLossless = "1.2.840.10008.1.2.4.80";
inline const std::string JpegLsNear = "1.2.840.10008.1.2.4.81";
inline const std::string Rle = "1.2.840.10008.1.2.5";
} // namespace uid

struct ImageSpec {
    std::string syntax = uid::ExplicitLE;
    std::string photometric =
        "MONOCHROME2"; // MONOCHROME1/2, RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR
    int bitsAllocated = 16, bitsStored = 12, pixelRepresentation = 0;
    int rows = 37, columns = 42, frames = 1, planar = 0;
    int fragmentsPerFrame =
        1;               // >1: each frame's codestream split over several items, no offset table
    bool smooth = false; // gentle gradients (for lossy codecs) instead of noise
    std::uint32_t seed = 1;
    // Called with the header and the native frames (host order, every frame) before they are
    // stored and encoded: to add overlay groups, to set bits outside BitsStored.
    std::function<void(DcmDataset&, std::vector<std::uint8_t>& raw)> edit;
};

// The stored values written: one cv::Mat per frame, channels interleaved, YBR_FULL_422
// expanded to one chroma pair per pixel (as Veil decodes it).
struct TestImage {
    std::vector<cv::Mat> frames;
    std::string writtenSyntax;
    std::string writtenPhotometric;
    int darkestPaletteIndex = -1;
};

TestImage writeTestImage(const std::filesystem::path& path, const ImageSpec& spec);

bool isLossy(const std::string& syntax);

// "jpeg-ls-lossless/RGB/8/planar0/frames3"
std::string describe(const ImageSpec& spec);

} // namespace veil::test

namespace veil::test {
// Every syntax × photometric × bit depth combination the pixel tests run.
std::vector<ImageSpec> allCombinations();
} // namespace veil::test

class DcmDataset;
class DcmMetaInfo;
namespace veil::test {
// Loads `path`, lets `edit` change the data set (and meta header), saves it back in its own
// transfer syntax, the meta header left as edited.
void editFile(const std::filesystem::path& path,
              const std::function<void(DcmDataset&, DcmMetaInfo&)>& edit);
} // namespace veil::test
