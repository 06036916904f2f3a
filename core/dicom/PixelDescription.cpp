#include "dicom/PixelDescription.h"

#include "common/Error.h"
#include "dicom/DicomFileImpl.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <algorithm>
#include <limits>

namespace veil {

int Lut::lookup(long stored) const {
    if (data.empty())
        return int(stored);
    const long i = std::clamp(stored - firstMapped, 0L, long(data.size()) - 1);
    return data[std::size_t(i)];
}

int PaletteLut::darkestIndex() const {
    const std::size_t n = std::min({red.data.size(), green.data.size(), blue.data.size()});
    std::size_t best = 0;
    double bestY = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i < n; ++i) {
        const double y = 0.299 * red.data[i] + 0.587 * green.data[i] + 0.114 * blue.data[i];
        if (y < bestY) {
            bestY = y;
            best = i;
        }
    }
    return red.firstMapped + int(best);
}

long PixelDescription::minStored() const {
    return isSigned() ? -(1L << (bitsStored - 1)) : 0L;
}

long PixelDescription::maxStored() const {
    return isSigned() ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
}

namespace {

class LutReader {
public:
    LutReader(const std::string& file, bool signedPixels) : m_file(file), m_signed(signedPixels) {}

    // A table from its descriptor and data elements inside `item`.
    std::optional<Lut> read(DcmItem& item, const DcmTagKey& descKey, const DcmTagKey& dataKey,
                            const DcmTagKey& segmentedKey = DcmTagKey()) const {
        long entries = 0, first = 0, bits = 0;
        if (item.findAndGetLongInt(descKey, entries, 0).bad())
            return std::nullopt;
        item.findAndGetLongInt(descKey, first, 1);
        item.findAndGetLongInt(descKey, bits, 2);
        if (entries <= 0)
            entries += 65536; // 0 means 2^16; US read of a 16-bit value may come back negative
        Lut lut;
        lut.firstMapped = int(m_signed ? long(Sint16(Uint16(first))) : long(Uint16(first)));
        lut.bits = int(bits);
        const std::vector<int> words = wordsOf(item, dataKey);
        if (!words.empty())
            lut.data = unpack(words, entries, lut.bits);
        else if (segmentedKey != DcmTagKey())
            lut.data = expandSegmented(wordsOf(item, segmentedKey), entries);
        if (lut.data.size() < std::size_t(entries))
            throw Error(m_file, "a lookup table " + std::string(DcmTag(dataKey).getTagName()) +
                                    " holds fewer entries than its descriptor announces");
        OFString explanation;
        item.findAndGetOFString(DCM_LUTExplanation, explanation);
        lut.explanation = explanation.c_str();
        return lut;
    }

private:
    static std::vector<int> wordsOf(DcmItem& item, const DcmTagKey& key) {
        DcmElement* el = nullptr;
        if (item.findAndGetElement(key, el).bad() || !el || el->getLength() == 0)
            return {};
        std::vector<int> out;
        if (el->ident() == EVR_SS) {
            Sint16* p = nullptr;
            if (el->getSint16Array(p).good() && p)
                out.assign(p, p + el->getLength() / 2);
        } else {
            Uint16* p = nullptr;
            if (el->getUint16Array(p).good() && p)
                out.assign(p, p + el->getLength() / 2);
        }
        return out;
    }

    // 8-bit tables may come packed two entries a word (PS3.3 C.7.6.3.1.6).
    static std::vector<int> unpack(const std::vector<int>& words, long entries, int bits) {
        if (bits > 8 || long(words.size()) >= entries)
            return bits <= 8 ? masked(words) : words;
        std::vector<int> out;
        for (int w : words) {
            out.push_back(w & 0xFF);
            out.push_back((w >> 8) & 0xFF);
        }
        return out;
    }

    static std::vector<int> masked(std::vector<int> words) {
        const bool highByte =
            std::all_of(words.begin(), words.end(), [](int w) { return (w & 0xFF) == 0; }) &&
            std::any_of(words.begin(), words.end(), [](int w) { return w != 0; });
        for (int& w : words)
            w = highByte ? (w >> 8) & 0xFF : w & 0xFF;
        return words;
    }

    // PS3.3 C.7.9.2: discrete (0) and linear (1) segments; indirect (2) is refused.
    std::vector<int> expandSegmented(const std::vector<int>& in, long entries) const {
        std::vector<int> out;
        std::size_t i = 0;
        while (i + 1 < in.size() && long(out.size()) < entries) {
            const int op = in[i], length = in[i + 1] & 0xFFFF;
            if (op == 0 && i + 2 + length <= in.size()) {
                for (int k = 0; k < length; ++k)
                    out.push_back(in[i + 2 + k] & 0xFFFF);
                i += 2 + length;
            } else if (op == 1 && i + 2 < in.size() && !out.empty()) {
                const double y0 = out.back(), y1 = in[i + 2] & 0xFFFF;
                for (int k = 1; k <= length; ++k)
                    out.push_back(int(y0 + (y1 - y0) * k / length + 0.5));
                i += 3;
            } else {
                throw Error(m_file, "segmented palette uses an unsupported or malformed segment "
                                    "(opcode " +
                                        std::to_string(op) + ")");
            }
        }
        return out;
    }

    std::string m_file;
    bool m_signed;
};

std::vector<std::string> splitValues(DcmItem& ds, const DcmTagKey& key) {
    std::vector<std::string> out;
    DcmElement* el = nullptr;
    if (ds.findAndGetElement(key, el).bad() || !el)
        return out;
    for (unsigned long i = 0; i < el->getVM(); ++i) {
        OFString s;
        el->getOFString(s, i);
        out.push_back(s.c_str());
    }
    return out;
}

std::vector<WindowPreset> readWindows(DcmDataset& ds) {
    std::vector<WindowPreset> out;
    const auto explanations = splitValues(ds, DCM_WindowCenterWidthExplanation);
    OFString function;
    ds.findAndGetOFString(DCM_VOILUTFunction, function);
    for (unsigned long i = 0;; ++i) {
        Float64 c = 0, w = 0;
        if (ds.findAndGetFloat64(DCM_WindowCenter, c, i).bad() ||
            ds.findAndGetFloat64(DCM_WindowWidth, w, i).bad())
            break;
        if (w < 1)
            continue;
        WindowPreset p{c, w, i < explanations.size() ? explanations[i] : std::string(),
                       function.c_str()};
        out.push_back(p);
    }
    return out;
}

} // namespace

void readPixelLayout(DcmDataset& ds, PixelDescription& d) {
    Uint16 v = 0;
    auto u16 = [&](const DcmTagKey& k, int fallback) {
        return ds.findAndGetUint16(k, v).good() ? int(v) : fallback;
    };
    OFString pi;
    ds.findAndGetOFString(DCM_PhotometricInterpretation, pi);
    d.photometric = pi.c_str();
    d.rows = u16(DCM_Rows, 0);
    d.columns = u16(DCM_Columns, 0);
    d.samplesPerPixel = u16(DCM_SamplesPerPixel, 1);
    d.bitsAllocated = u16(DCM_BitsAllocated, 0);
    d.bitsStored = u16(DCM_BitsStored, d.bitsAllocated);
    d.highBit = u16(DCM_HighBit, d.bitsStored - 1);
    d.pixelRepresentation = u16(DCM_PixelRepresentation, 0);
    d.planarConfiguration = u16(DCM_PlanarConfiguration, 0);
    Sint32 frames = 1;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).good() && frames > 0)
        d.frames = frames;
    Float64 f = 0;
    if (ds.findAndGetFloat64(DCM_RescaleSlope, f).good() && f != 0)
        d.slope = f;
    if (ds.findAndGetFloat64(DCM_RescaleIntercept, f).good())
        d.intercept = f;
}

PixelDescription describePixels(const DicomFile& file) {
    auto& impl = const_cast<DicomFile&>(file).impl();
    std::lock_guard lock(impl.mutex);
    DcmDataset& ds = impl.dataset();
    PixelDescription d;
    readPixelLayout(ds, d);
    const LutReader reader(impl.path.string(), d.isSigned());
    DcmItem* item = nullptr;
    if (ds.findAndGetSequenceItem(DCM_ModalityLUTSequence, item, 0).good() && item)
        d.modalityLut = reader.read(*item, DCM_LUTDescriptor, DCM_LUTData);
    d.windows = readWindows(ds);
    for (int i = 0; ds.findAndGetSequenceItem(DCM_VOILUTSequence, item, i).good() && item; ++i)
        if (auto lut = reader.read(*item, DCM_LUTDescriptor, DCM_LUTData))
            d.voiLuts.push_back(std::move(*lut));
    if (d.photometric == "PALETTE COLOR") {
        const LutReader paletteReader(impl.path.string(), false);
        auto r = paletteReader.read(ds, DCM_RedPaletteColorLookupTableDescriptor,
                                    DCM_RedPaletteColorLookupTableData,
                                    DCM_SegmentedRedPaletteColorLookupTableData);
        auto g = paletteReader.read(ds, DCM_GreenPaletteColorLookupTableDescriptor,
                                    DCM_GreenPaletteColorLookupTableData,
                                    DCM_SegmentedGreenPaletteColorLookupTableData);
        auto b = paletteReader.read(ds, DCM_BluePaletteColorLookupTableDescriptor,
                                    DCM_BluePaletteColorLookupTableData,
                                    DCM_SegmentedBluePaletteColorLookupTableData);
        if (!r || !g || !b)
            throw Error(impl.path.string(),
                        "PALETTE COLOR image without its three palette descriptors");
        d.palette = PaletteLut{std::move(*r), std::move(*g), std::move(*b)};
    }
    return d;
}

} // namespace veil
