// Pixel pipeline throughput: decode, redact (two boxes on every frame) and encode + save, for a
// 512x512 16-bit CT slice and a 640x480 RGB 30-frame cine, in several transfer syntaxes.
// Prints figures; asserts nothing.
#include "BenchUtil.h"
#include "dicom/Codecs.h"
#include "dicom/DicomFile.h"
#include "pixel/Redact.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <vector>

namespace fs = std::filesystem;
using namespace veil;

namespace {

struct Input {
    const char* name;
    int rows, columns, frames, samples;
    E_TransferSyntax xfer;
};

std::unique_ptr<DcmRepresentationParameter> parameter(E_TransferSyntax x) {
    if (x == EXS_RLELossless)
        return std::make_unique<DcmRLERepresentationParameter>();
    if (x == EXS_JPEGLSLossless)
        return std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
    if (x == EXS_JPEGProcess1)
        return std::make_unique<DJ_RPLossy>(90);
    return nullptr;
}

// Smooth anatomy-like content with a little noise, so codecs see realistic data.
void write(const fs::path& path, const Input& in) {
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    char uid[100];
    ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid));
    ds.putAndInsertUint16(DCM_Rows, Uint16(in.rows));
    ds.putAndInsertUint16(DCM_Columns, Uint16(in.columns));
    ds.putAndInsertUint16(DCM_SamplesPerPixel, Uint16(in.samples));
    ds.putAndInsertString(DCM_PhotometricInterpretation, in.samples == 3 ? "RGB" : "MONOCHROME2");
    if (in.samples == 3)
        ds.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(in.frames).c_str());
    const int bits = in.samples == 3 ? 8 : 16;
    ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(bits));
    ds.putAndInsertUint16(DCM_BitsStored, Uint16(in.samples == 3 ? 8 : 12));
    ds.putAndInsertUint16(DCM_HighBit, Uint16(in.samples == 3 ? 7 : 11));
    ds.putAndInsertUint16(DCM_PixelRepresentation, 0);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> noise(0, 15);
    const std::size_t n = std::size_t(in.rows) * in.columns * in.samples * in.frames;
    if (bits == 16) {
        std::vector<Uint16> v(n);
        for (std::size_t i = 0; i < n; ++i)
            v[i] = Uint16((((i % in.columns) * 3 + (i / in.columns % in.rows) * 5) % 3000) +
                          noise(rng));
        ds.putAndInsertUint16Array(DCM_PixelData, v.data(), unsigned(n));
    } else {
        std::vector<Uint8> v(n);
        for (std::size_t i = 0; i < n; ++i)
            v[i] = Uint8(
                ((i / 3 % in.columns) / 3 + (i / 3 / in.columns % in.rows) / 2 + (i % 3) * 40) %
                    200 +
                noise(rng));
        ds.putAndInsertUint8Array(DCM_PixelData, v.data(), unsigned(n));
    }
    const auto param = parameter(in.xfer);
    if (DcmXfer(in.xfer).isEncapsulated() && ds.chooseRepresentation(in.xfer, param.get()).bad())
        std::printf("  (could not encode %s)\n", in.name);
    ff.saveFile(path.c_str(), in.xfer);
}

void run(const fs::path& dir, const Input& in) {
    const fs::path src = dir / (std::string(in.name) + ".dcm"),
                   out = dir / (std::string(in.name) + "-out.dcm");
    write(src, in);
    const double megapixels = double(in.rows) * in.columns * in.frames / 1e6;
    double t0 = bench::seconds();
    {
        const DicomFile f = DicomFile::open(src);
        for (int k = 0; k < f.frameCount(); ++k)
            f.frame(k);
    }
    const double decode = bench::seconds() - t0;
    t0 = bench::seconds();
    DicomFile f = DicomFile::open(src);
    const RedactResult r =
        redactPixels(f, {{-1, 10, 10, 200, 40}, {-1, in.columns - 150, 5, 140, 30}});
    const double redact = bench::seconds() - t0;
    t0 = bench::seconds();
    f.save(out);
    const double save = bench::seconds() - t0;
    std::printf(
        "%-28s %6.1f MPix | decode %7.1f ms (%6.1f MPix/s) | redact %7.1f ms | save %6.1f ms | "
        "total %7.1f ms | %s | %ld px changed\n",
        in.name, megapixels, decode * 1e3, megapixels / decode, redact * 1e3, save * 1e3,
        (decode + redact + save) * 1e3, r.reencoded ? "re-encoded" : "patched in place",
        r.pixelsChanged);
}

} // namespace

int main() {
    registerCodecs();
    const fs::path dir =
        fs::temp_directory_path() / ("veil-bench-pixel-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::printf(
        "bench_pixel: decode all frames; redact = decode + burn 2 boxes on every frame + encode in "
        "memory; save = write to disk\n");
    const Input inputs[] = {
        {"CT 512x512x16 explicit LE", 512, 512, 1, 1, EXS_LittleEndianExplicit},
        {"CT 512x512x16 RLE", 512, 512, 1, 1, EXS_RLELossless},
        {"CT 512x512x16 JPEG-LS", 512, 512, 1, 1, EXS_JPEGLSLossless},
        {"RGB cine 640x480x30 native", 480, 640, 30, 3, EXS_LittleEndianExplicit},
        {"RGB cine 640x480x30 RLE", 480, 640, 30, 3, EXS_RLELossless},
        {"RGB cine 640x480x30 JPEG", 480, 640, 30, 3, EXS_JPEGProcess1},
    };
    for (const Input& in : inputs)
        run(dir, in);
    std::printf("peak memory %.0f MiB\n", bench::peakMiB());
    fs::remove_all(dir);
    return 0;
}
