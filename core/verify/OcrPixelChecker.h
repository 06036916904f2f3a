#pragma once
// The verification gate's look at pixels: every frame of every output is read again after
// redaction, and any text still judged the patient's is a hit. A frame whose decoded pixels
// equal a frame already read clean (no text at all) in the same run is not read twice, so
// the identical slices and cine frames of a study cost one read. Overlay planes left in an
// output are drawn as bitmaps and read too (ScanJob::scanOverlays). Thread-safe.
#include "ocr/ScanJob.h"
#include "verify/Verifier.h"

#include <cstdint>
#include <mutex>
#include <unordered_set>

namespace veil {

class OcrPixelChecker final : public PixelChecker {
public:
    explicit OcrPixelChecker(ScanOptions options = {});
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
