#include "pixel/Overlays.h"

#include "common/Error.h"
#include "dicom/NativeLayout.h"
#include "dicom/PixelDescription.h"
#include "dicom/PixelStore.h"

#include <cstdio>

#include <opencv2/core.hpp>

namespace veil {

namespace {

using pixelstore::OverlayPlane;

// A plane in the retired form is an overlay only where its bit is not a stored bit.
bool bitOutsideStored(int bit, const PixelDescription& d) {
    const int low = d.highBit - d.bitsStored + 1;
    return bit >= 0 && bit < d.bitsAllocated && (bit > d.highBit || bit < low);
}

OverlayInfo infoOf(const OverlayPlane& p, int imageFrames) {
    OverlayInfo i;
    i.group = p.group;
    i.inPixelData = p.bitPosition >= 0 && p.masks.empty();
    i.bitPosition = p.bitPosition;
    i.frames = i.inPixelData ? imageFrames : int(p.masks.size());
    i.firstFrame = i.inPixelData ? 1 : p.firstFrame;
    i.everyFrame = !i.inPixelData && !p.framesGiven && p.masks.size() == 1 && imageFrames > 1;
    i.type = p.type;
    i.description = p.description;
    return i;
}

struct Planes {
    PixelDescription desc;
    std::vector<OverlayPlane> raw;
    std::vector<OverlayInfo> info;
};

Planes readPlanes(const DicomFile& file, std::vector<std::string>* notes) {
    Planes out;
    out.desc = describePixels(file);
    const int frames = std::max(1, file.frameCount());
    std::vector<std::string> n;
    for (OverlayPlane& p : pixelstore::readOverlays(file, n)) {
        const bool inPixels = p.bitPosition >= 0 && p.masks.empty();
        if (inPixels && (!bitOutsideStored(p.bitPosition, out.desc) || file.frameCount() == 0 ||
                         out.desc.samplesPerPixel != 1)) {
            n.push_back("overlay group " + overlayGroupName(p.group) + " names bit " +
                        std::to_string(p.bitPosition) +
                        " of Pixel Data, which holds no overlay there: ignored");
            continue;
        }
        out.info.push_back(infoOf(p, frames));
        out.raw.push_back(std::move(p));
    }
    if (notes)
        notes->insert(notes->end(), n.begin(), n.end());
    return out;
}

// An overlay frame placed on the image at its origin, clipped.
cv::Mat placed(const OverlayPlane& p, const cv::Mat& overlayFrame, const PixelDescription& d) {
    cv::Mat mask = cv::Mat::zeros(d.rows, d.columns, CV_8U);
    const cv::Rect at(p.originColumn - 1, p.originRow - 1, overlayFrame.cols, overlayFrame.rows);
    const cv::Rect area = at & cv::Rect(0, 0, d.columns, d.rows);
    if (!area.empty())
        overlayFrame(area - at.tl()).copyTo(mask(area));
    return mask;
}

cv::Mat bitOfFrame(const DicomFile& file, int frame, int bit, const PixelDescription& d) {
    const Frame whole = file.frame(frame, DicomFile::Bits::Whole);
    cv::Mat words = whole.pixels.isContinuous() ? whole.pixels : whole.pixels.clone();
    NativeLayout layout = nativeLayoutOf(d);
    layout.samples = 1;
    layout.planar = layout.pairs422 = false;
    return bitPlane(words.data, layout, bit);
}

} // namespace

std::string overlayGroupName(int group) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", group);
    return buf;
}

std::vector<OverlayInfo> overlayPlanes(const DicomFile& file, std::vector<std::string>* notes) {
    return readPlanes(file, notes).info;
}

std::vector<OverlayLayer> overlaysOnFrame(const DicomFile& file, int frame) {
    const Planes planes = readPlanes(file, nullptr);
    std::vector<OverlayLayer> out;
    for (std::size_t k = 0; k < planes.raw.size(); ++k) {
        const OverlayPlane& p = planes.raw[k];
        const OverlayInfo& i = planes.info[k];
        if (i.inPixelData) {
            out.push_back({i, frame, bitOfFrame(file, frame, p.bitPosition, planes.desc)});
            continue;
        }
        const int at = i.everyFrame ? 0 : frame - (p.firstFrame - 1);
        if (at < 0 || at >= int(p.masks.size()))
            continue;
        out.push_back({i, frame, placed(p, p.masks[std::size_t(at)], planes.desc)});
    }
    return out;
}

std::vector<OverlayLayer> overlayBitmaps(const DicomFile& file) {
    const Planes planes = readPlanes(file, nullptr);
    std::vector<OverlayLayer> out;
    for (std::size_t k = 0; k < planes.raw.size(); ++k) {
        const OverlayPlane& p = planes.raw[k];
        const OverlayInfo& i = planes.info[k];
        if (i.inPixelData) {
            for (int f = 0; f < file.frameCount(); ++f)
                out.push_back({i, f, bitOfFrame(file, f, p.bitPosition, planes.desc)});
        } else {
            for (std::size_t m = 0; m < p.masks.size(); ++m)
                out.push_back({i, i.everyFrame ? -1 : p.firstFrame - 1 + int(m),
                               placed(p, p.masks[m], planes.desc)});
        }
    }
    std::erase_if(out, [](const OverlayLayer& l) { return overlayPixels(l) == 0; });
    return out;
}

Frame overlayAsFrame(const OverlayLayer& layer) {
    return Frame{layer.mask.clone(), "MONOCHROME2"};
}

long overlayPixels(const OverlayLayer& layer) {
    return layer.mask.empty() ? 0 : cv::countNonZero(layer.mask);
}

} // namespace veil
