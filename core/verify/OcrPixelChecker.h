#pragma once
// The verification gate's look at pixels: every frame of every output is read again after
// redaction, and any text still judged the patient's is a hit. A frame whose decoded pixels
// equal a frame already read clean (no text at all) in the same run is not read twice, so
// the identical slices and cine frames of a study cost one read. Overlay planes left in an
// output are drawn as bitmaps and read too (ScanJob::scanOverlays). With the OcrCache of the
// batch's text detector, a frame the detector already read with nothing on it (same pixels,
// same rendering) counts the same way: read once in the run, never claimed unread. Thread-safe.
#include "ocr/ScanJob.h"
#include "verify/Verifier.h"

#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace veil {

class OcrPixelChecker final : public PixelChecker {
public:
    // `cache`: shared with the batch's text detector (ocrRegionFinder, same DetectorOptions),
    // an output frame whose pixels and rendering are those of a source frame it read with no
    // line of text on it is not read again: it counts as a frame identical to one read clean.
    explicit OcrPixelChecker(ScanOptions options = {},
                             std::shared_ptr<OcrCache> cache = std::make_shared<OcrCache>());
    PixelCheck check(const DicomFile& output, const IdentifierSet& ids) override;
    bool threadSafe() const override { return true; }

private:
    bool knownClean(std::uint64_t hash) const;
    void rememberClean(std::uint64_t hash);

    ScanJob m_scan;
    mutable std::mutex m_mutex;
    std::unordered_set<std::uint64_t> m_clean; // frames read with no text on them at all
};

} // namespace veil
