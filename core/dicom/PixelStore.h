#pragma once
// The pixel writer's hands on the DCMTK data set, as plain calls: which syntax to write,
// patching native pixel data in place, replacing encapsulated data, overlays, icons and the
// attributes that must follow the pixels. Used by core/pixel/Redact.cpp.
#include "dicom/DicomFile.h"
#include "dicom/NativeLayout.h"
#include "dicom/PixelDescription.h"

#include <cstdint>
#include <string>
#include <vector>

namespace veil::pixelstore {

struct SyntaxPlan {
    std::string sourceUid;
    std::string targetUid; // what redactPixels writes
    bool encapsulated = false;
    bool lossy = false;      // the source is lossy compressed
    std::string lossyMethod; // ISO_10918_1, ISO_14495_1, ISO_15444_1 for lossy sources
};

SyntaxPlan planSyntax(const DicomFile& file);

// Native Pixel Data: frame `index` in host byte order, to be patched in place. Throws when
// the data set holds no native pixel data.
std::uint8_t* nativeFrame(DicomFile& file, int index, const NativeLayout& layout);

// Native 1-bit Pixel Data (Bits Allocated 1): the whole bit array, to be patched in place.
// Throws when it holds fewer than `bytesNeeded` bytes.
std::uint8_t* nativeBits(DicomFile& file, std::size_t bytesNeeded);

// Replaces Pixel Data by `raw` (native frames in host byte order, planar configuration as
// `layout.planar` says),
// records the photometric interpretation of those pixels and encodes to `targetUid`.
void replacePixelData(DicomFile& file, std::vector<std::uint8_t> raw, const NativeLayout& layout,
                      const std::string& photometric, const std::string& targetUid);

// Lossy sources written uncompressed keep LossyImageCompression "01"; a missing method and
// ratio are filled in from the source syntax and the compressed size.
void keepLossyMarks(DicomFile& file, const SyntaxPlan& plan, double ratio);
// Compressed bytes of the encapsulated Pixel Data (0 for native).
std::uint64_t compressedSize(const DicomFile& file);

// One overlay plane (60xx,3000) as a per-pixel mask for each frame it covers.
struct OverlayPlane {
    int group = 0x6000;
    int rows = 0, columns = 0, originRow = 1, originColumn = 1;
    int frames = 1, firstFrame = 1; // ImageFrameOrigin is 1-based
    std::vector<cv::Mat> masks;     // CV_8U, 255 where the overlay is set
    int bitPosition = -1;           // >= 0: the retired form, kept in this bit of each pixel word
    bool framesGiven = false;       // NumberOfFramesInOverlay (60xx,0015) is present
    std::string type;               // OverlayType (60xx,0040): G graphics, R ROI
    std::string description;        // OverlayDescription (60xx,0022), else OverlayLabel (60xx,1500)
};
std::vector<OverlayPlane> readOverlays(const DicomFile& file, std::vector<std::string>& notes);
// Removes every overlay group element (60xx,xxxx, even groups). Returns how many groups.
int removeOverlays(DicomFile& file);
// Sets every bit of one group's OverlayData (60xx,3000) to zero, keeping its size and the
// group's other elements (the de-identification plan still acts on them). Returns whether the
// group has OverlayData.
bool blankOverlayData(DicomFile& file, int group);

// Removes IconImageSequence (0088,0200): it is a thumbnail of the unredacted pixels.
bool removeIconImage(DicomFile& file);
void setString(DicomFile& file, Tag tag, const std::string& value);

} // namespace veil::pixelstore
