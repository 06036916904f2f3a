// Overlay planes (60xx): read as masks for burning, and removed for Clean Graphics.
#include "dicom/PixelStore.h"

#include "dicom/DicomFileImpl.h"

#include <dcmtk/dcmdata/dcdeftag.h>

#include <cstdio>

namespace veil::pixelstore {

namespace {

long longAt(DcmItem& ds, Uint16 group, Uint16 element, long fallback, unsigned long pos = 0) {
    long v = 0;
    return ds.findAndGetLongInt(DcmTagKey(group, element), v, pos).good() ? v : fallback;
}

std::string stringAt(DcmItem& ds, Uint16 group, Uint16 element) {
    OFString v;
    return ds.findAndGetOFStringArray(DcmTagKey(group, element), v).good() ? std::string(v.c_str())
                                                                           : std::string();
}

std::string groupName(int g) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", g);
    return buf;
}

// Unpacks the plane's bits (PS3.5 8.1.2: bit i of the stream is pixel i, low bit first).
void unpack(OverlayPlane& p, const Uint8* bits, std::size_t bytes) {
    const std::size_t perFrame = std::size_t(p.rows) * std::size_t(p.columns);
    for (int f = 0; f < p.frames; ++f) {
        cv::Mat mask = cv::Mat::zeros(p.rows, p.columns, CV_8U);
        for (std::size_t i = 0; i < perFrame; ++i) {
            const std::size_t bit = std::size_t(f) * perFrame + i;
            if (bit / 8 < bytes && (bits[bit / 8] >> (bit % 8)) & 1)
                mask.data[i] = 255;
        }
        p.masks.push_back(mask);
    }
}

} // namespace

std::vector<OverlayPlane> readOverlays(const DicomFile& file, std::vector<std::string>& notes) {
    auto& impl = const_cast<DicomFile&>(file).impl();
    std::lock_guard lock(impl.mutex);
    DcmDataset& ds = impl.dataset();
    std::vector<OverlayPlane> out;
    for (Uint16 g = 0x6000; g <= 0x601E; g += 2) {
        if (!ds.tagExists(DcmTagKey(g, 0x0010)))
            continue;
        OverlayPlane p;
        p.group = g;
        p.rows = int(longAt(ds, g, 0x0010, 0));
        p.columns = int(longAt(ds, g, 0x0011, 0));
        p.originRow = int(longAt(ds, g, 0x0050, 1, 0));
        p.originColumn = int(longAt(ds, g, 0x0050, 1, 1));
        p.frames = int(std::max(1L, longAt(ds, g, 0x0015, 1)));
        p.firstFrame = int(longAt(ds, g, 0x0051, 1));
        p.framesGiven = ds.tagExists(DcmTagKey(g, 0x0015));
        p.type = stringAt(ds, g, 0x0040);
        p.description = stringAt(ds, g, 0x0022);
        if (p.description.empty())
            p.description = stringAt(ds, g, 0x1500);
        DcmElement* data = nullptr;
        Uint8* bits = nullptr;
        if (ds.findAndGetElement(DcmTagKey(g, 0x3000), data).bad() || !data ||
            data->getUint8Array(bits).bad() || !bits) {
            p.bitPosition = int(longAt(ds, g, 0x0102, -1)); // retired: bits inside Pixel Data
            if (p.bitPosition < 0)
                notes.push_back("overlay group " + groupName(g) +
                                " has neither data nor a bit position: ignored");
            else
                out.push_back(std::move(p));
            continue;
        }
        if (p.rows <= 0 || p.columns <= 0) {
            notes.push_back("overlay group " + groupName(g) + " has no rows/columns: not burned");
            continue;
        }
        unpack(p, bits, data->getLength());
        out.push_back(std::move(p));
    }
    return out;
}

int removeOverlays(DicomFile& file) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmDataset& ds = impl.dataset();
    std::vector<Uint16> groups;
    for (unsigned long i = ds.card(); i-- > 0;) {
        DcmElement* el = ds.getElement(i);
        const Uint16 g = el ? el->getGTag() : 0;
        if (g >= 0x6000 && g <= 0x60FF && (g & 1) == 0) {
            if (groups.empty() || groups.back() != g)
                groups.push_back(g);
            delete ds.remove(i);
        }
    }
    return int(groups.size());
}

bool blankOverlayData(DicomFile& file, int group) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmElement* el = nullptr;
    if (impl.dataset().findAndGetElement(DcmTagKey(Uint16(group), 0x3000), el).bad() || !el)
        return false;
    const Uint32 length = el->getLength();
    OFCondition cond;
    if (el->getVR() == EVR_OW) {
        const std::vector<Uint16> zeros(length / 2, 0);
        cond = el->putUint16Array(zeros.data(), length / 2);
    } else {
        const std::vector<Uint8> zeros(length, 0);
        cond = el->putUint8Array(zeros.data(), length);
    }
    if (cond.bad())
        throwDcmtk(impl.path, "overlay data of group " + groupName(group) + " could not be blanked",
                   cond);
    return true;
}

} // namespace veil::pixelstore
