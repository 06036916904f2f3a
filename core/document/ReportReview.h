#pragma once
// The reviewer's decisions on a report's pages, carried to the rebuilt document: a report is
// rebuilt by its own rule (ReportRedaction), not by the pixel step, so what the review says
// about its pages comes here. The same as on image frames: the automatic findings, less those
// the reviewer kept, plus the boxes drawn (and the findings accepted, which the rule finds
// again anyway). Coordinates are page image pixels at kReportDpi; frame = page (0-based, -1:
// every page). Kept light (no Qt Gui) for DeidJob's options.
#include "pixel/RedactionRegions.h"

#include <vector>

namespace veil {

struct ReportReview {
    std::vector<RedactionRegion> burn; // blacked out as well: drawn boxes, accepted findings
    std::vector<RedactionRegion> kept; // boxes of findings the reviewer kept: not blacked out
    bool empty() const { return burn.empty() && kept.empty(); }
};

} // namespace veil
