#pragma once
// Overlay planes (PS3.3 C.9) decoded for the viewer, the text scan and the verifier, in both
// forms: OverlayData (60xx,3000) placed by OverlayRows/Columns/Origin, one or more frames
// (NumberOfFramesInOverlay, ImageFrameOrigin); and the retired form kept in one bit of each
// Pixel Data word outside BitsStored..HighBit (OverlayBitPosition, no 60xx,3000), read from
// the frame's whole words, compressed frames decoded. The groups themselves are read in
// core/dicom/Overlays.cpp (pixelstore::readOverlays); nothing here touches DCMTK.
#include "dicom/DicomFile.h"

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace veil {

// One plane as its header describes it.
struct OverlayInfo {
    int group = 0x6000;       // 6000..601E
    bool inPixelData = false; // the retired form: bit `bitPosition` of each Pixel Data word
    int bitPosition = -1;
    int frames = 1;          // overlay frames (OverlayData only)
    int firstFrame = 1;      // ImageFrameOrigin: the image frame (1-based) of overlay frame 1
    bool everyFrame = false; // one overlay frame, no NumberOfFramesInOverlay: on every frame
    std::string type;        // OverlayType: G (graphics) or R (ROI)
    std::string description; // OverlayDescription, else OverlayLabel
};

// "6000"
std::string overlayGroupName(int group);

// The planes that can be shown, in group order; no pixels are decoded. A plane with neither
// data nor a bit position outside the stored bits is left out, with a note when `notes` is
// given. Throws veil::Error only for an unreadable file.
std::vector<OverlayInfo> overlayPlanes(const DicomFile& file,
                                       std::vector<std::string>* notes = nullptr);

// One plane on one image frame, at the image's size.
struct OverlayLayer {
    OverlayInfo plane;
    int imageFrame = 0; // 0-based; -1: the plane lies on every frame (one bitmap for all)
    cv::Mat mask;       // CV_8U, Rows x Columns of the image, 255 where the overlay is set
};

// The planes that lie on image frame `frame` (0-based), decoded. Throws veil::Error naming
// the file when the frame cannot be decoded (the retired form needs its words).
std::vector<OverlayLayer> overlaysOnFrame(const DicomFile& file, int frame);

// Every distinct bitmap of every plane: each overlay frame of OverlayData once (imageFrame -1
// for a plane on every frame), and the retired form once per image frame. Bitmaps with no bit
// set are left out. For OCR: each is read once, however many frames it lies on.
std::vector<OverlayLayer> overlayBitmaps(const DicomFile& file);

// The mask as a frame for the text detector: 8-bit MONOCHROME2, the overlay white on black.
Frame overlayAsFrame(const OverlayLayer& layer);

// Pixels set in the mask.
long overlayPixels(const OverlayLayer& layer);

} // namespace veil
