#include "pixel/Redact.h"

#include "common/Error.h"
#include "dicom/NativeLayout.h"
#include "dicom/PixelDescription.h"
#include "dicom/PixelStore.h"
#include "pixel/Burn.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <set>

namespace veil {

namespace {

using pixelstore::OverlayPlane;

// Burns one overlay plane's frame into `frame`; returns the area it covered (empty if none).
cv::Rect burnOverlay(Frame& frame, int index, const PixelDescription& d, const OverlayPlane& p) {
    const int k = index - (p.firstFrame - 1);
    if (k < 0 || k >= int(p.masks.size()))
        return {};
    const cv::Rect placed(p.originColumn - 1, p.originRow - 1, p.columns, p.rows);
    const cv::Rect area = placed & cv::Rect(0, 0, frame.pixels.cols, frame.pixels.rows);
    if (area.empty())
        return {};
    const cv::Mat mask = p.masks[std::size_t(k)](area - placed.tl());
    frame.pixels(area).setTo(trueWhite(d, frame.photometric), mask);
    return area;
}

// Native bytes over compressed bytes of encapsulated Pixel Data (0 when unknown).
double lossyRatioOf(const DicomFile& file, const PixelDescription& d) {
    const double compressed = double(pixelstore::compressedSize(file));
    const double native = double(nativeLayoutOf(d).frameBytes()) * d.frames;
    return compressed > 0 ? native / compressed : 0;
}

class Redactor {
public:
    Redactor(DicomFile& file, const std::vector<RedactionRegion>& regions,
             const RedactOptions& options, const std::vector<MaskFill>& fills)
        : m_file(file), m_regions(regions), m_fills(fills), m_options(options),
          m_desc(describePixels(file)), m_plan(pixelstore::planSyntax(file)) {}

    RedactResult run() {
        m_result.lossyInput = m_plan.lossy;
        m_result.writtenTransferSyntaxUid = m_plan.sourceUid;
        checkRegions();
        bool pixelRegions = false;
        for (const RedactionRegion& r : m_regions) {
            if (r.inOverlay())
                m_removeGroups.insert(r.overlayGroup);
            else
                pixelRegions = true;
        }
        if (m_options.burnOverlays || m_options.removeOverlays || !m_removeGroups.empty())
            m_overlays = pixelstore::readOverlays(m_file, m_result.notes);
        const std::vector<OverlayPlane> planes = m_overlays;
        if (!m_options.burnOverlays)
            std::erase_if(m_overlays, [](const OverlayPlane& p) { return p.bitPosition < 0; });
        if (!m_options.burnOverlays && !m_options.removeOverlays)
            m_overlays.clear(); // planes with text found in them are removed one by one below
        // Compressed frames are decoded to see their words whole: bits outside BitsStored there
        // are cleared by writing the frames anew (decoded frames keep only the stored bits).
        long strayCompressed = 0;
        if (m_options.clearBitsOutsideStored && m_plan.encapsulated && m_desc.frames > 0)
            strayCompressed = samplesWithBitsOutsideStored(m_file);
        const bool embeddedToRemove = std::any_of(planes.begin(), planes.end(), [&](const auto& p) {
            return p.bitPosition >= 0 && p.masks.empty() && m_removeGroups.count(p.group);
        });
        if (pixelRegions || !m_overlays.empty() || !m_fills.empty() || strayCompressed > 0 ||
            (m_plan.encapsulated && embeddedToRemove)) {
            if (m_plan.encapsulated)
                rewriteEncapsulated();
            else
                patchNative();
            if (pixelstore::removeIconImage(m_file))
                m_result.notes.push_back(
                    "IconImageSequence removed: it showed the unredacted image");
        }
        if (strayCompressed > 0) {
            m_result.samplesBitsCleared += strayCompressed;
            m_result.notes.push_back(std::to_string(strayCompressed) +
                                     " sample(s) of the decoded compressed frames had bits "
                                     "outside BitsStored (overlays or stray bits): cleared");
        }
        if (m_options.clearBitsOutsideStored && !m_plan.encapsulated && m_desc.frames > 0)
            clearBitsOutsideStored();
        removeOverlayPlanesWithText(planes);
        if (m_plan.lossy && !m_result.reencoded)
            pixelstore::keepLossyMarks(m_file, m_plan, lossyRatio());
        if (m_options.removeOverlays)
            if (const int n = pixelstore::removeOverlays(m_file))
                m_result.notes.push_back(std::to_string(n) + " overlay plane(s) removed");
        if (m_options.markBurnedInAnnotationNo)
            pixelstore::setString(m_file, tags::BurnedInAnnotation, "NO");
        return m_result;
    }

private:
    void checkRegions() {
        const int frames = m_file.frameCount();
        if (frames == 0 && !m_regions.empty())
            throw Error(m_file.path().string(), "boxes were given but the file has no Pixel Data");
        const cv::Rect image(0, 0, m_desc.columns, m_desc.rows);
        for (std::size_t i = 0; i < m_regions.size(); ++i) {
            const RedactionRegion& r = m_regions[i];
            if (r.frame >= frames)
                throw Error(m_file.path().string(), "box " + std::to_string(i) + " is for frame " +
                                                        std::to_string(r.frame) +
                                                        " (0-based) but the file has " +
                                                        std::to_string(frames) + " frame(s)");
            if (!r.inOverlay() && (cv::Rect(r.x, r.y, r.w, r.h) & image).empty())
                m_result.notes.push_back("box " + std::to_string(i) + " lies outside the " +
                                         std::to_string(m_desc.columns) + "x" +
                                         std::to_string(m_desc.rows) + " image: nothing burned");
        }
    }

    bool touches(int index) const {
        for (const RedactionRegion& r : m_regions)
            if (r.appliesTo(index))
                return true;
        for (const MaskFill& f : m_fills)
            if (f.frame == index)
                return true;
        for (const OverlayPlane& p : m_overlays)
            if (p.bitPosition >= 0 ||
                (index >= p.firstFrame - 1 && index < p.firstFrame - 1 + int(p.masks.size())))
                return true;
        return false;
    }

    // Burns overlays then boxes into one decoded frame; returns the rectangles that changed.
    std::vector<cv::Rect> burn(Frame& frame, int index) {
        std::vector<cv::Rect> areas;
        if (!touches(index))
            return areas;
        const Frame before =
            m_overlays.empty() ? Frame{} : Frame{frame.pixels.clone(), frame.photometric};
        for (const OverlayPlane& p : m_overlays) {
            if (!m_options.burnOverlays)
                continue;
            const cv::Rect a = burnOverlay(frame, index, m_desc, p);
            if (!a.empty())
                areas.push_back(a);
        }
        if (!before.pixels.empty())
            m_result.pixelsChanged += countChanged(before.pixels, frame.pixels);
        m_result.pixelsChanged += burnRegions(frame, index, m_desc, m_regions);
        for (const cv::Rect& r :
             rectsForFrame(m_regions, index, frame.pixels.size(), frame.photometric))
            areas.push_back(r);
        std::vector<cv::Rect> filled;
        for (const MaskFill& f : m_fills) {
            if (f.frame != index)
                continue;
            if (f.mask.size() != frame.pixels.size() || frame.pixels.channels() != 1)
                throw Error(m_file.path().string(),
                            "the face mask does not fit frame " + std::to_string(index + 1));
            const cv::Mat before = frame.pixels.clone();
            frame.pixels.setTo(cv::Scalar(storedAsMatValue(long(f.stored), m_desc.bitsAllocated)),
                               f.mask);
            const long changed = countChanged(before, frame.pixels);
            m_result.maskPixelsChanged += changed;
            if (changed > 0)
                filled.push_back(cv::boundingRect(f.mask));
        }
        if (!areas.empty())
            ++m_result.framesTouched;
        areas.insert(areas.end(), filled.begin(), filled.end());
        return areas;
    }

    static long countChanged(const cv::Mat& a, const cv::Mat& b) {
        cv::Mat diff;
        cv::compare(a.reshape(1), b.reshape(1), diff, cv::CMP_NE);
        diff = diff.reshape(a.channels());
        std::vector<cv::Mat> ch;
        cv::split(diff, ch);
        cv::Mat any = ch[0];
        for (std::size_t c = 1; c < ch.size(); ++c)
            any |= ch[c];
        return cv::countNonZero(any);
    }

    // Bits Allocated 1: each touched frame decoded to 0/1, burned, and its changed areas
    // written back bit by bit.
    void patchBits() {
        if (std::erase_if(m_overlays, [](const OverlayPlane& p) { return p.bitPosition >= 0; }))
            m_result.notes.push_back("overlay bits inside 1-bit Pixel Data cannot exist: ignored");
        const std::size_t frameBits = std::size_t(m_desc.rows) * std::size_t(m_desc.columns);
        std::uint8_t* bits = nullptr;
        for (int k = 0; k < m_desc.frames; ++k) {
            if (!touches(k))
                continue;
            Frame frame = m_file.frame(k);
            if (!bits)
                bits = pixelstore::nativeBits(m_file,
                                              (frameBits * std::size_t(m_desc.frames) + 7) / 8);
            for (const cv::Rect& r : burn(frame, k))
                packBitsRect(frame.pixels, r, frameBits * std::size_t(k), bits);
        }
    }

    void patchNative() {
        if (m_desc.bitsAllocated == 1)
            return patchBits();
        const NativeLayout layout = nativeLayoutOf(m_desc);
        for (int k = 0; k < m_desc.frames; ++k) {
            if (!touches(k))
                continue;
            Frame frame = m_file.frame(k);
            std::uint8_t* raw = pixelstore::nativeFrame(m_file, k, layout);
            const bool embedded = readEmbeddedOverlays(raw, layout, k);
            std::vector<cv::Rect> areas = burn(frame, k);
            if (embedded) // rewrite every word: the overlay bits outside BitsStored are cleared
                areas = {cv::Rect(0, 0, frame.pixels.cols, frame.pixels.rows)};
            for (const cv::Rect& r : areas)
                packRect(frame.pixels, r, layout, raw);
        }
    }

    // Rewrites every frame whose words have bits outside BitsStored (packRect writes only
    // the stored bits). Frames without such bits are left byte for byte as they were.
    void clearBitsOutsideStored() {
        if (m_desc.bitsAllocated == 1)
            return; // the one bit is the stored bit
        const NativeLayout layout = nativeLayoutOf(m_desc);
        if (layout.bitsStored >= layout.bitsAllocated || layout.pairs422)
            return;
        for (int k = 0; k < m_desc.frames; ++k) {
            std::uint8_t* raw = pixelstore::nativeFrame(m_file, k, layout);
            const long stray = samplesWithBitsOutsideStored(raw, layout);
            if (stray == 0)
                continue;
            const Frame frame = m_file.frame(k);
            packRect(frame.pixels, cv::Rect(0, 0, frame.pixels.cols, frame.pixels.rows), layout,
                     raw);
            m_result.samplesBitsCleared += stray;
        }
        if (m_result.samplesBitsCleared > 0)
            m_result.notes.push_back(std::to_string(m_result.samplesBitsCleared) +
                                     " sample(s) had bits outside BitsStored (overlays or stray "
                                     "bits): cleared");
    }

    // Planes in which accepted text findings lie (regions with an overlay group): OverlayData is
    // blanked (every bit zero; the group's other elements stay for the plan to act on) or, for
    // the retired form, its bit cleared in every word (compressed frames were written anew
    // above, which keeps only the stored bits).
    void removeOverlayPlanesWithText(const std::vector<OverlayPlane>& planes) {
        for (const int g : m_removeGroups) {
            const auto p = std::find_if(planes.begin(), planes.end(),
                                        [&](const OverlayPlane& q) { return q.group == g; });
            const bool inPixels = p != planes.end() && p->bitPosition >= 0 && p->masks.empty();
            if (inPixels && !m_plan.encapsulated)
                clearOverlayBit(p->bitPosition);
            char name[8];
            std::snprintf(name, sizeof name, "%04X", g);
            if (inPixels || pixelstore::blankOverlayData(m_file, g))
                m_result.notes.push_back(std::string("overlay plane ") + name +
                                         " blanked: text to redact was found in it");
            else
                m_result.notes.push_back(std::string("overlay plane ") + name +
                                         " named by a box is not in the file");
        }
    }

    void clearOverlayBit(int bit) {
        if (m_desc.bitsAllocated == 1 || bit < 0 || bit >= m_desc.bitsAllocated)
            return;
        const NativeLayout layout = nativeLayoutOf(m_desc);
        const std::size_t bps = layout.bytesPerSample();
        const std::size_t n =
            std::size_t(layout.rows) * std::size_t(layout.columns) * std::size_t(layout.samples);
        for (int k = 0; k < m_desc.frames; ++k) {
            std::uint8_t* raw = pixelstore::nativeFrame(m_file, k, layout);
            for (std::size_t i = 0; i < n; ++i) {
                std::uint32_t word = 0;
                std::memcpy(&word, raw + i * bps, bps); // host order, little endian hosts
                if (!((word >> bit) & 1u))
                    continue;
                word &= ~(1u << bit);
                std::memcpy(raw + i * bps, &word, bps);
                ++m_result.samplesBitsCleared;
            }
        }
    }

    // Masks of the retired overlays kept in unused bits of this native frame.
    bool readEmbeddedOverlays(const std::uint8_t* raw, const NativeLayout& layout, int index) {
        bool any = false;
        for (OverlayPlane& p : m_overlays) {
            if (p.bitPosition < 0)
                continue;
            any = true;
            p.masks.assign(std::size_t(index) + 1, cv::Mat());
            p.firstFrame = 1;
            p.rows = layout.rows;
            p.columns = layout.columns;
            p.originRow = p.originColumn = 1;
            p.masks[std::size_t(index)] = bitPlane(raw, layout, p.bitPosition);
        }
        return any;
    }

    void rewriteEncapsulated() {
        const double ratio = lossyRatio();
        NativeLayout out = nativeLayoutOf(m_desc);
        // RLE written again as RLE keeps the source's Planar Configuration (both are valid for
        // RLE; changing it is a change the source did not have). Other encoders get colour by
        // pixel.
        const bool keepPlanar = m_plan.targetUid == m_plan.sourceUid &&
                                m_desc.planarConfiguration == 1 &&
                                m_plan.targetUid == "1.2.840.10008.1.2.5";
        std::vector<std::uint8_t> raw;
        std::string photometric;
        for (int k = 0; k < m_desc.frames; ++k) {
            Frame frame = m_file.frame(k);
            if (k == 0) {
                out.samples = frame.pixels.channels();
                out.planar = keepPlanar && out.samples > 1;
                out.pairs422 = false;
                photometric = frame.photometric == "YBR_FULL_422" ? "YBR_FULL" : frame.photometric;
                raw.assign(out.frameBytes() * std::size_t(m_desc.frames), 0);
            }
            if (std::any_of(m_overlays.begin(), m_overlays.end(),
                            [](const OverlayPlane& p) { return p.bitPosition >= 0; })) {
                const Frame whole = m_file.frame(k, DicomFile::Bits::Whole);
                NativeLayout single = nativeLayoutOf(m_desc);
                single.planar = single.pairs422 = false;
                if (single.samples == 1 && whole.pixels.isContinuous())
                    readEmbeddedOverlays(whole.pixels.data, single, k);
            }
            burn(frame, k);
            const cv::Rect all(0, 0, frame.pixels.cols, frame.pixels.rows);
            packRect(frame.pixels, all, out, raw.data() + std::size_t(k) * out.frameBytes());
        }
        pixelstore::replacePixelData(m_file, std::move(raw), out, photometric, m_plan.targetUid);
        m_result.reencoded = true;
        m_result.writtenTransferSyntaxUid = m_plan.targetUid;
        if (photometric != m_desc.photometric)
            m_result.notes.push_back("written as " + photometric + " (was " + m_desc.photometric +
                                     ")");
        if (m_plan.lossy) {
            pixelstore::keepLossyMarks(m_file, m_plan, ratio);
            m_result.notes.push_back(
                "lossy source written uncompressed: LossyImageCompression kept at 01");
        } else if (m_plan.targetUid != m_plan.sourceUid) {
            m_result.notes.push_back("no encoder for " + transferSyntaxName(m_plan.sourceUid) +
                                     ": written as Explicit VR Little Endian");
        }
    }

    double lossyRatio() const { return m_plan.lossy ? lossyRatioOf(m_file, m_desc) : 0; }

    DicomFile& m_file;
    const std::vector<RedactionRegion>& m_regions;
    const std::vector<MaskFill>& m_fills;
    RedactOptions m_options;
    PixelDescription m_desc;
    pixelstore::SyntaxPlan m_plan;
    std::vector<OverlayPlane> m_overlays;
    std::set<int> m_removeGroups; // overlay planes with text to redact in them
    RedactResult m_result;
};

} // namespace

RedactResult redactPixels(DicomFile& file, const std::vector<RedactionRegion>& regions,
                          const RedactOptions& options, const std::vector<MaskFill>& fills) {
    return Redactor(file, regions, options, fills).run();
}

long samplesWithBitsOutsideStored(DicomFile& file) {
    const PixelDescription d = describePixels(file);
    if (d.frames == 0 || file.frameCount() == 0 || d.bitsAllocated == 1)
        return 0;
    NativeLayout layout = nativeLayoutOf(d);
    if (layout.bitsStored >= layout.bitsAllocated)
        return 0;
    long count = 0;
    if (!pixelstore::planSyntax(file).encapsulated) {
        for (int k = 0; k < d.frames; ++k)
            count += samplesWithBitsOutsideStored(pixelstore::nativeFrame(file, k, layout), layout);
        return count;
    }
    // Compressed: each frame decoded with its words whole, colour by pixel.
    for (int k = 0; k < file.frameCount(); ++k) {
        const Frame whole = file.frame(k, DicomFile::Bits::Whole);
        const cv::Mat words = whole.pixels.isContinuous() ? whole.pixels : whole.pixels.clone();
        layout.samples = words.channels();
        layout.planar = layout.pairs422 = false;
        if (int(words.elemSize1()) != int(layout.bytesPerSample()))
            continue; // a decoder that widened the samples keeps no bits outside them
        count += samplesWithBitsOutsideStored(words.data, layout);
    }
    return count;
}

bool markLossySource(DicomFile& file) {
    const pixelstore::SyntaxPlan plan = pixelstore::planSyntax(file);
    if (!plan.lossy)
        return false;
    pixelstore::keepLossyMarks(file, plan, lossyRatioOf(file, describePixels(file)));
    return true;
}

} // namespace veil
