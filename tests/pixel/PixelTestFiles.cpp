#include "PixelTestFiles.h"

#include "dicom/Codecs.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstring>
#include <memory>
#include <random>
#include <stdexcept>

namespace veil::test {

namespace {

void check(const OFCondition& c, const std::string& what) {
    if (c.bad())
        throw std::runtime_error(what + ": " + c.text());
}

long lowest(const ImageSpec& s) {
    return s.pixelRepresentation ? -(1L << (s.bitsStored - 1)) : 0;
}
long highest(const ImageSpec& s) {
    return s.pixelRepresentation ? (1L << (s.bitsStored - 1)) - 1 : (1L << s.bitsStored) - 1;
}

int depthOf(const ImageSpec& s) {
    if (s.bitsAllocated == 8)
        return s.pixelRepresentation ? CV_8S : CV_8U;
    if (s.bitsAllocated == 16)
        return s.pixelRepresentation ? CV_16S : CV_16U;
    return CV_32S;
}

int samplesOf(const ImageSpec& s) {
    return s.photometric == "RGB" || s.photometric.rfind("YBR", 0) == 0 ? 3 : 1;
}

cv::Mat makeFrame(const ImageSpec& s, int frame, std::mt19937& rng) {
    const int n = samplesOf(s);
    cv::Mat m(s.rows, s.columns, CV_MAKETYPE(CV_64F, n));
    const double lo = double(lowest(s)), span = double(highest(s) - lowest(s));
    std::uniform_real_distribution<double> noise(0, 1);
    for (int y = 0; y < s.rows; ++y)
        for (int x = 0; x < s.columns; ++x)
            for (int c = 0; c < n; ++c) {
                // Smooth images span the full range: DCMTK's lossy encoders stretch min..max.
                double f =
                    s.smooth ? 0.6 * x / (s.columns - 1) + 0.4 * y / (s.rows - 1) : noise(rng);
                if (s.smooth && frame % 2 == 1)
                    f = 1 - f;
                if (s.smooth && n == 3 && c > 0 && s.photometric != "RGB")
                    f = 0.45 + 0.1 * x / s.columns; // gentle chroma
                m.ptr<double>(y)[x * n + c] = lo + std::min(1.0, f) * span;
            }
    if (s.photometric == "YBR_FULL_422") // one chroma pair per two pixels
        for (int y = 0; y < s.rows; ++y)
            for (int x = 1; x < s.columns; x += 2)
                for (int c = 1; c < 3; ++c)
                    m.ptr<double>(y)[x * 3 + c] = m.ptr<double>(y)[(x - 1) * 3 + c];
    cv::Mat out;
    m.convertTo(out, CV_MAKETYPE(depthOf(s), n));
    return out;
}

// Stored values → native bytes (host order) in the file's layout.
void appendNative(std::vector<std::uint8_t>& raw, const cv::Mat& m, const ImageSpec& s) {
    const int n = m.channels();
    const int bps = s.bitsAllocated / 8;
    const std::uint64_t mask = (1ULL << s.bitsStored) - 1;
    auto put = [&](long v) {
        const std::uint64_t w = std::uint64_t(v) & mask;
        for (int b = 0; b < bps; ++b)
            raw.push_back(std::uint8_t(w >> (8 * b)));
    };
    cv::Mat wide;
    m.convertTo(wide, CV_MAKETYPE(CV_64F, n));
    auto at = [&](int y, int x, int c) { return long(wide.ptr<double>(y)[x * n + c]); };
    if (s.photometric == "YBR_FULL_422") {
        for (int y = 0; y < s.rows; ++y)
            for (int x = 0; x < s.columns; x += 2) {
                put(at(y, x, 0));
                put(at(y, x + 1, 0));
                put(at(y, x, 1));
                put(at(y, x, 2));
            }
    } else if (n > 1 && s.planar == 1) {
        for (int c = 0; c < n; ++c)
            for (int y = 0; y < s.rows; ++y)
                for (int x = 0; x < s.columns; ++x)
                    put(at(y, x, c));
    } else {
        for (int y = 0; y < s.rows; ++y)
            for (int x = 0; x < s.columns; ++x)
                for (int c = 0; c < n; ++c)
                    put(at(y, x, c));
    }
}

// A 16-bit palette of 2^bitsStored entries whose darkest entry is not index 0.
int putPalette(DcmDataset& ds, const ImageSpec& s) {
    const int entries = 1 << s.bitsStored;
    const int darkest = entries / 3;
    std::vector<Uint16> r(entries), g(entries), b(entries);
    for (int i = 0; i < entries; ++i) {
        const int d = std::abs(i - darkest) * 65535 / entries;
        r[i] = Uint16(std::min(65535, 2000 + d));
        g[i] = Uint16(std::min(65535, 1000 + d));
        b[i] = Uint16(std::min(65535, 3000 + d / 2));
    }
    r[darkest] = g[darkest] = b[darkest] = 0;
    const Uint16 desc[3] = {Uint16(entries == 65536 ? 0 : entries), 0, 16};
    const DcmTagKey descKeys[3] = {DCM_RedPaletteColorLookupTableDescriptor,
                                   DCM_GreenPaletteColorLookupTableDescriptor,
                                   DCM_BluePaletteColorLookupTableDescriptor};
    const DcmTagKey dataKeys[3] = {DCM_RedPaletteColorLookupTableData,
                                   DCM_GreenPaletteColorLookupTableData,
                                   DCM_BluePaletteColorLookupTableData};
    const std::vector<Uint16>* tables[3] = {&r, &g, &b};
    for (int k = 0; k < 3; ++k) {
        check(ds.putAndInsertUint16Array(descKeys[k], desc, 3), "palette descriptor");
        check(ds.putAndInsertUint16Array(dataKeys[k], tables[k]->data(), unsigned(entries)),
              "palette data");
    }
    return darkest;
}

void putHeader(DcmDataset& ds, const ImageSpec& s, std::uint32_t seed) {
    char uidBuf[100];
    ds.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    ds.putAndInsertString(DCM_SOPInstanceUID,
                          dcmGenerateUniqueIdentifier(uidBuf, SITE_INSTANCE_UID_ROOT));
    ds.putAndInsertString(DCM_StudyInstanceUID,
                          dcmGenerateUniqueIdentifier(uidBuf, SITE_STUDY_UID_ROOT));
    ds.putAndInsertString(DCM_SeriesInstanceUID,
                          dcmGenerateUniqueIdentifier(uidBuf, SITE_SERIES_UID_ROOT));
    ds.putAndInsertString(DCM_PatientName, ("Pixel^Test" + std::to_string(seed)).c_str());
    ds.putAndInsertString(DCM_Modality, "OT");
    ds.putAndInsertUint16(DCM_SamplesPerPixel, Uint16(samplesOf(s)));
    ds.putAndInsertString(DCM_PhotometricInterpretation, s.photometric.c_str());
    if (samplesOf(s) > 1)
        ds.putAndInsertUint16(DCM_PlanarConfiguration, Uint16(s.planar));
    ds.putAndInsertUint16(DCM_Rows, Uint16(s.rows));
    ds.putAndInsertUint16(DCM_Columns, Uint16(s.columns));
    if (s.frames > 1)
        ds.putAndInsertString(DCM_NumberOfFrames, std::to_string(s.frames).c_str());
    ds.putAndInsertUint16(DCM_BitsAllocated, Uint16(s.bitsAllocated));
    ds.putAndInsertUint16(DCM_BitsStored, Uint16(s.bitsStored));
    ds.putAndInsertUint16(DCM_HighBit, Uint16(s.bitsStored - 1));
    ds.putAndInsertUint16(DCM_PixelRepresentation, Uint16(s.pixelRepresentation));
}

std::unique_ptr<DcmRepresentationParameter> parameterFor(E_TransferSyntax x) {
    switch (x) {
    case EXS_JPEGProcess1:
    case EXS_JPEGProcess2_4:
        return std::make_unique<DJ_RPLossy>(92);
    case EXS_JPEGProcess14:
        return std::make_unique<DJ_RPLossless>(6, 0);
    case EXS_JPEGProcess14SV1:
        return std::make_unique<DJ_RPLossless>(1, 0);
    case EXS_JPEGLSLossless:
        return std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
    case EXS_JPEGLSLossy:
        return std::make_unique<DJLSRepresentationParameter>(2, OFFalse);
    case EXS_RLELossless:
        return std::make_unique<DcmRLERepresentationParameter>();
    default:
        return nullptr;
    }
}

// Splits every frame's single fragment into `parts` items and empties the offset table.
void splitFragments(DcmDataset& ds, E_TransferSyntax xfer, const DcmRepresentationParameter* param,
                    int parts) {
    DcmElement* el = nullptr;
    check(ds.findAndGetElement(DCM_PixelData, el), "pixel data");
    DcmPixelSequence* seq = nullptr;
    check(static_cast<DcmPixelData*>(el)->getEncapsulatedRepresentation(xfer, param, seq),
          "encapsulated");
    std::vector<std::vector<Uint8>> pieces;
    while (seq->card() > 1) {
        DcmPixelItem* item = nullptr;
        check(seq->remove(item, 1), "remove item");
        Uint8* data = nullptr;
        item->getUint8Array(data);
        const Uint32 len = item->getLength();
        const Uint32 step = (len / Uint32(parts)) & ~1u;
        for (int k = 0; k < parts; ++k) // the last piece takes the remainder
            pieces.emplace_back(data + k * step, data + (k + 1 == parts ? len : (k + 1) * step));
        // Stray bytes after the end-of-image marker, as some encoders leave them.
        pieces.back().insert(pieces.back().end(), {0xAB, 0xCD});
        delete item;
    }
    DcmPixelItem* table = nullptr;
    check(seq->getItem(table, 0), "offset table");
    table->putUint8Array(nullptr, 0);
    for (auto& p : pieces) {
        auto* item = new DcmPixelItem(DcmTag(DCM_Item, EVR_OB));
        item->putUint8Array(p.data(), Uint32(p.size()));
        seq->insert(item);
    }
}

} // namespace

bool isLossy(const std::string& syntax) {
    return syntax == uid::JpegBaseline || syntax == uid::JpegExtended || syntax == uid::JpegLsNear;
}

std::string describe(const ImageSpec& s) {
    return DcmXfer(s.syntax.c_str()).getXferName() + std::string("/") + s.photometric + "/" +
           std::to_string(s.bitsAllocated) + ":" + std::to_string(s.bitsStored) +
           (s.pixelRepresentation ? "s" : "u") + "/planar" + std::to_string(s.planar) + "/f" +
           std::to_string(s.frames) + "x" + std::to_string(s.fragmentsPerFrame);
}

TestImage writeTestImage(const std::filesystem::path& path, const ImageSpec& s) {
    veil::registerCodecs();
    std::mt19937 rng(s.seed);
    TestImage out;
    DcmFileFormat ff;
    DcmDataset& ds = *ff.getDataset();
    putHeader(ds, s, s.seed);
    if (s.photometric == "PALETTE COLOR")
        out.darkestPaletteIndex = putPalette(ds, s);
    std::vector<std::uint8_t> raw;
    for (int f = 0; f < s.frames; ++f) {
        out.frames.push_back(makeFrame(s, f, rng));
        appendNative(raw, out.frames.back(), s);
    }
    if (s.edit)
        s.edit(ds, raw);
    if (s.bitsAllocated == 8)
        check(ds.putAndInsertUint8Array(DCM_PixelData, raw.data(), unsigned(raw.size())),
              "pixel data");
    else
        check(ds.putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<Uint16*>(raw.data()),
                                         unsigned(raw.size() / 2)),
              "pixel data");
    const E_TransferSyntax xfer = DcmXfer(s.syntax.c_str()).getXfer();
    if (DcmXfer(xfer).isEncapsulated()) {
        const auto param = parameterFor(xfer);
        check(ds.chooseRepresentation(xfer, param.get()), "encoding " + s.syntax);
        if (!ds.canWriteXfer(xfer))
            throw std::runtime_error("DCMTK cannot write " + describe(s));
        if (s.fragmentsPerFrame > 1)
            splitFragments(ds, xfer, param.get(), s.fragmentsPerFrame);
    }
    check(ff.saveFile(path.c_str(), xfer), "saving " + path.string());
    OFString pi;
    ds.findAndGetOFString(DCM_PhotometricInterpretation, pi);
    out.writtenPhotometric = pi.c_str();
    out.writtenSyntax = s.syntax;
    return out;
}

} // namespace veil::test

namespace veil::test {

void editFile(const std::filesystem::path& path,
              const std::function<void(DcmDataset&, DcmMetaInfo&)>& edit) {
    DcmFileFormat ff;
    check(ff.loadFile(path.c_str()), "loading " + path.string());
    ff.loadAllDataIntoMemory();
    const E_TransferSyntax xfer = ff.getDataset()->getOriginalXfer();
    edit(*ff.getDataset(), *ff.getMetaInfo());
    check(ff.saveFile(path.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0,
                      EWM_dontUpdateMeta),
          "saving " + path.string());
}

} // namespace veil::test
