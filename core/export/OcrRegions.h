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
// across worker threads.
RegionFinder ocrRegionFinder(RedactPolicy policy, ScanOptions options = {});

} // namespace veil
