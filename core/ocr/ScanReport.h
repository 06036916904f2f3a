#pragma once
// What `veil-cli scan` writes, from one place: JSON for machines (docs/scan.md), text for
// people.
#include "ocr/ScanJob.h"

#include <string>

namespace veil {

std::string scanReportJson(const ScanResult& result);
std::string scanReportText(const ScanResult& result);

} // namespace veil
