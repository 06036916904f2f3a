#include "ocr/OcrPixelChecker.h"

#include "common/Error.h"

namespace veil {

namespace {
ScanOptions withoutTemplates(ScanOptions o) {
    // Template boxes are proposals, not text: after redaction only what can be read counts.
    o.useTemplates = false;
    o.threads = 1;
    return o;
}
} // namespace

OcrPixelChecker::OcrPixelChecker(ScanOptions options) : m_scan(withoutTemplates(std::move(options))) {}

std::vector<VerificationHit> OcrPixelChecker::check(const DicomFile& output, const IdentifierSet& ids,
                                                    const std::vector<int>& frames) {
    std::vector<VerificationHit> hits;
    const InstanceInfo info = output.info();
    std::vector<int> wanted = frames;
    if (wanted.empty())
        for (int f = 0; f < info.frames; ++f)
            wanted.push_back(f);
    CancelToken never;
    for (int f : wanted) {
        if (f < 0 || f >= info.frames)
            continue;
        std::vector<Finding> found;
        try {
            found = m_scan.scanFrames(info, ids, f, f + 1, never);
        } catch (const Error& e) {
            hits.push_back({info.path, "frame " + std::to_string(f + 1), e.detail(), "unreadable frame"});
            continue;
        }
        for (const Finding& x : found) {
            if (!x.phi)
                continue;
            hits.push_back({info.path,
                            "frame " + std::to_string(f + 1) + " box " + std::to_string(x.box.x) + "," +
                                std::to_string(x.box.y) + " " + std::to_string(x.box.w) + "x" +
                                std::to_string(x.box.h),
                            x.text, x.matched.empty() ? "looks like an identifier" : x.matched});
        }
    }
    return hits;
}

} // namespace veil
