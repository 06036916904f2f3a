#include "verify/OcrPixelChecker.h"

#include "common/Error.h"
#include "image/DisplayRender.h"
#include "ocr/OcrCache.h"

#include <functional>

namespace veil {

namespace {
ScanOptions withoutTemplates(ScanOptions o) {
    // Template boxes are proposals, not text: after redaction only what can be read counts.
    o.useTemplates = false;
    o.threads = 1; // the gate is already parallel over files
    return o;
}

std::string boxText(int frame, const PixelBox& b) {
    return (frame < 0 ? std::string("every frame") : "frame " + std::to_string(frame + 1)) +
           " box " + std::to_string(b.x) + "," + std::to_string(b.y) + " " + std::to_string(b.w) +
           "x" + std::to_string(b.h);
}
} // namespace

OcrPixelChecker::OcrPixelChecker(ScanOptions options, std::shared_ptr<OcrCache> cache)
    : m_scan(withoutTemplates(std::move(options)), std::move(cache)) {}

bool OcrPixelChecker::knownClean(std::uint64_t hash) const {
    std::lock_guard lock(m_mutex);
    return m_clean.count(hash) > 0;
}

void OcrPixelChecker::rememberClean(std::uint64_t hash) {
    std::lock_guard lock(m_mutex);
    m_clean.insert(hash);
}

PixelCheck OcrPixelChecker::check(const DicomFile& output, const IdentifierSet& ids) {
    PixelCheck out;
    const InstanceInfo info = output.info();
    const int frames = output.frameCount();
    const RenderParams params = frames > 0 ? renderParamsFor(output) : RenderParams{};
    CancelToken never;
    for (int f = 0; f < frames; ++f) {
        const std::string where = "frame " + std::to_string(f + 1);
        std::uint64_t hash = 0;
        try {
            const Frame frame = output.frame(f);
            // The same stored values under another photometric interpretation are other pixels.
            hash = hashPixels(frame.pixels) ^ (std::hash<std::string>{}(frame.photometric) << 1);
            if (knownClean(hash)) {
                ++out.framesSame;
                continue;
            }
            // Read already in this run (by the batch's text detector, on the source: the same
            // pixels rendered the same way) with no line at all: clean for anyone, as below.
            const FrameKey key = frameKeyFor(frame, params);
            if (const auto lines = m_scan.cache()->frame(key); lines && lines->empty()) {
                ++out.framesSame;
                rememberClean(hash);
                continue;
            }
            const std::vector<Finding> found =
                m_scan.scanFrames(output, info, ids, f, f + 1, never, &frame);
            ++out.framesRead;
            for (const Finding& x : found)
                if (x.phi)
                    out.hits.push_back({info.path, boxText(f, x.box), x.text,
                                        x.matched.empty() ? "looks like an identifier" : x.matched,
                                        true});
            // No line at all, whoever's identifiers it was judged against: clean for anyone.
            const auto lines = m_scan.cache()->frame(key);
            if (found.empty() && lines && lines->empty())
                rememberClean(hash);
        } catch (const Error& e) {
            ++out.framesFailed;
            out.hits.push_back({info.path, where, e.detail(), "unreadable frame", true});
        } catch (const std::exception& e) {
            ++out.framesFailed;
            out.hits.push_back({info.path, where, e.what(), "unreadable frame", true});
        }
    }
    // Overlay planes left in the output (60xx,3000 and bits of Pixel Data), each drawn as a
    // bitmap and read like a frame: identifying text there is a hit as in the pixels.
    try {
        for (const Finding& x : m_scan.scanOverlays(output, info, ids, never))
            if (x.phi)
                out.hits.push_back(
                    {info.path, overlayLabel(x) + " " + boxText(x.frame, x.box), x.text,
                     x.matched.empty() ? "looks like an identifier" : x.matched, true});
    } catch (const Error& e) {
        out.hits.push_back({info.path, "overlay planes", e.detail(), "unreadable overlay", true});
    }
    return out;
}

} // namespace veil
