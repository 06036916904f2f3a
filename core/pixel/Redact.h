#pragma once
// Burns redaction boxes into a file's stored pixel values and chooses an honest output
// encoding. No DCMTK here: the data set is reached through core/dicom/PixelStore.
//
// Output encoding:
//  - native inputs (implicit/explicit little endian, big endian, deflated) keep their syntax;
//    only the box pixels are rewritten, every other byte of Pixel Data is untouched;
//  - lossless compressed inputs that DCMTK can encode (RLE, JPEG lossless process 14 and
//    SV1, JPEG-LS lossless) are re-encoded in their own syntax; JPEG 2000 lossless is written
//    as explicit VR little endian;
//  - lossy inputs (JPEG baseline/extended, JPEG-LS near-lossless, JPEG 2000 lossy) are written
//    decoded, explicit VR little endian, keeping LossyImageCompression "01", its method and ratio.
//  PhotometricInterpretation and PlanarConfiguration follow what is written (a YBR JPEG
//  decoded by DCMTK is written as RGB; JPEG 2000 YBR_RCT/ICT as RGB).
//  - IconImageSequence is removed whenever pixels change (it would show the unredacted image).
#include "dicom/DicomFile.h"
#include "pixel/RedactionRegions.h"

#include <string>
#include <vector>

namespace veil {

struct RedactOptions {
    bool burnOverlays = false;             // burn overlay planes (60xx,3000) into the pixels first
    bool removeOverlays = false;           // Clean Graphics: remove every overlay group
    bool markBurnedInAnnotationNo = false; // the caller vouches every frame was read or reviewed
    // Clean Graphics: bits outside BitsStored..HighBit of native Pixel Data are cleared (the
    // retired overlays kept there, stray bits); lossy sources keep LossyImageCompression 01.
    // Compressed frames are decoded to find them and, when there are any, written anew.
    bool clearBitsOutsideStored = false;
};

// Pixels of one frame set to one stored value: face removal's air (face/FaceRemoval).
struct MaskFill {
    int frame = 0;     // 0-based
    cv::Mat mask;      // CV_8U, the frame's size, non-zero where the value is written
    double stored = 0; // the stored value written (single-sample images only)
};

struct RedactResult {
    std::string writtenTransferSyntaxUid; // what DicomFile::save() will write
    int framesTouched = 0;                // frames that had at least one box or overlay burned
    long pixelsChanged = 0;               // pixels whose stored value changed (boxes, overlays)
    long maskPixelsChanged = 0;           // pixels the MaskFills changed
    bool lossyInput = false;
    bool reencoded = false;         // Pixel Data was decoded and written anew
    long samplesBitsCleared = 0;    // samples whose bits outside BitsStored were cleared
    std::vector<std::string> notes; // plain-language remarks for the audit/CLI
};

// Applies `regions` to the file's pixel data in memory (open it with Load::Full); a region
// in an overlay plane (overlayGroup) burns nothing and blanks that plane. Afterwards
// DicomFile::save(target) writes the result. Throws veil::Error naming the file: a box on a
// frame the file does not have, undecodable pixel data, an encoder failure.
// `fills` are written after the boxes, through the same encoding path.
RedactResult redactPixels(DicomFile& file, const std::vector<RedactionRegion>& regions,
                          const RedactOptions& options = {},
                          const std::vector<MaskFill>& fills = {});

// Samples with bits set outside BitsStored..HighBit over every frame: native frames as
// stored, compressed frames decoded with their words whole. Throws veil::Error.
long samplesWithBitsOutsideStored(DicomFile& file);

// A lossy source (by its transfer syntax) gets LossyImageCompression 01 and a method and
// ratio where they are missing; whatever else happens to its pixels. Returns whether it is lossy.
bool markLossySource(DicomFile& file);

} // namespace veil
