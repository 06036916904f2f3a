// fuzz_frame_decode: the bytes of one compressed frame (RLE, JPEG baseline, JPEG lossless,
// JPEG-LS, JPEG 2000) behind a small valid header chosen by the first bytes, decoded as the
// viewer and the redaction do (DicomFile::frame). The header values and the codestream
// disagreeing is exactly what the checks before the decoders are for.
#include "FuzzCommon.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace {
const E_TransferSyntax kSyntaxes[] = {EXS_RLELossless, EXS_JPEGProcess1, EXS_JPEGProcess14SV1,
                                      EXS_JPEGLSLossless, EXS_JPEG2000LosslessOnly};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 8)
        return 0;
    const E_TransferSyntax xfer = kSyntaxes[data[0] % 5];
    const bool colour = data[1] & 1;
    const Uint16 bits = (data[1] & 2) ? 16 : 8;
    const Uint16 planar = Uint16((data[1] >> 2) & 1);
    // Up to 1024 x 1024: larger frames only slow the fuzzer down.
    const Uint16 rows = Uint16(1 + (data[2] | data[3] << 8) % 1024);
    const Uint16 columns = Uint16(1 + (data[4] | data[5] << 8) % 1024);
    const Uint16 frames = Uint16(1 + data[6] % 3);
    const bool split = data[7] & 1; // the codestream over two fragments
    data += 8;
    size -= 8;

    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, "1.2.3.4.5");
    ds.putAndInsertUint16(DCM_SamplesPerPixel, colour ? 3 : 1);
    ds.putAndInsertString(DCM_PhotometricInterpretation, colour ? "RGB" : "MONOCHROME2");
    if (colour)
        ds.putAndInsertUint16(DCM_PlanarConfiguration, planar);
    ds.putAndInsertUint16(DCM_Rows, rows);
    ds.putAndInsertUint16(DCM_Columns, columns);
    ds.putAndInsertUint16(DCM_BitsAllocated, bits);
    ds.putAndInsertUint16(DCM_BitsStored, bits);
    ds.putAndInsertUint16(DCM_HighBit, Uint16(bits - 1));
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    auto* seq = new DcmPixelSequence(DcmTag(DCM_PixelData, EVR_OB));
    seq->insert(new DcmPixelItem(DcmTag(DCM_Item, EVR_OB))); // empty offset table
    const std::size_t half = split ? (size / 2) & ~std::size_t(1) : size;
    for (int f = 0; f < frames; ++f) {
        for (const auto& [from, to] : {std::pair{std::size_t(0), half}, std::pair{half, size}}) {
            if (to <= from)
                continue;
            auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
            item->putUint8Array(data + from, Uint32(to - from));
            seq->insert(item);
        }
    }
    auto* pixels = new DcmPixelData(DCM_PixelData);
    pixels->putOriginalRepresentation(xfer, nullptr, seq);
    ds.insert(pixels);
    const auto path = veil::fuzz::scratch() / "frame.dcm";
    if (ff.saveFile(path.c_str(), xfer).bad())
        return 0;
    try {
        const veil::DicomFile file = veil::DicomFile::open(path);
        for (int i = 0; i < file.frameCount(); ++i) {
            try {
                (void)file.frame(i);
            } catch (const veil::Error&) {
            }
        }
    } catch (const veil::Error&) {
    }
    return 0;
}
