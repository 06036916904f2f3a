#pragma once
// The verification gate's second look at pixels: frames that had burned-in identifiers are
// read again after redaction, and any text still judged the patient's is a hit.
#include "ocr/ScanJob.h"
#include "verify/Verifier.h"

namespace veil {

class OcrPixelChecker final : public PixelChecker {
public:
    explicit OcrPixelChecker(ScanOptions options = {});
    std::vector<VerificationHit> check(const DicomFile& output, const IdentifierSet& ids,
                                       const std::vector<int>& frames) override;

private:
    ScanJob m_scan;
};

} // namespace veil
