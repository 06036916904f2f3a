// fuzz_dicom_file: one DICOM file as bytes, read as indexing reads it (header only), then in
// full: every element, the pixel description, the first frames decoded and rendered.
#include "FuzzCommon.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "image/DisplayRender.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = veil::fuzz::writeInput("input.dcm", data, size);
    try {
        const veil::DicomFile header =
            veil::DicomFile::open(path, veil::DicomFile::Load::HeaderOnly);
        (void)header.info();
    } catch (const veil::Error&) {
    }
    try {
        const veil::DicomFile file = veil::DicomFile::open(path);
        (void)file.info();
        (void)file.elements();
        const veil::PixelDescription pixels = veil::describePixels(file);
        const veil::RenderParams params = veil::renderParamsFor(pixels);
        const int frames = std::min(file.frameCount(), 3);
        for (int i = 0; i < frames; ++i) {
            try {
                const veil::Frame f = file.frame(i);
                (void)veil::renderForDisplay(f, params);
            } catch (const veil::Error&) {
            }
        }
    } catch (const veil::Error&) {
    }
    return 0;
}
