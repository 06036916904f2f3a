#pragma once
// Burned-in text as redaction regions for a batch: `veil-cli deid --redact auto|all-text`.
// Each instance is read by the text detector as it is de-identified; the policy chooses
// which findings become boxes (Auto: the patient's text and device templates).
#include "export/PixelRedactionStep.h"
#include "ocr/RedactionPolicy.h"
#include "ocr/ScanJob.h"

#include <memory>

namespace veil {

// Null for RedactPolicy::None. The returned finder shares one ScanJob (and its OCR cache)
// across worker threads, and reads the instance the pixel step has open (not the file again).
// `cache`: give the gate's OcrPixelChecker the same one, and it does not read again the frames
// that reach the outputs unchanged (see frameKeyFor); null: a cache of its own.
RegionFinder ocrRegionFinder(RedactPolicy policy, ScanOptions options = {},
                             std::shared_ptr<OcrCache> cache = {});

} // namespace veil
