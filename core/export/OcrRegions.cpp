#include "export/OcrRegions.h"

namespace veil {

RegionFinder ocrRegionFinder(RedactPolicy policy, ScanOptions options) {
    if (policy == RedactPolicy::None)
        return {};
    options.threads = 1; // the batch is already parallel over instances
    auto scan = std::make_shared<ScanJob>(std::move(options));
    return [scan, policy](const DicomFile&, const InstanceInfo& info) {
        const std::vector<Finding> findings = scan->scanInstance(info); // every frame, or throws
        FoundRegions found;
        found.regions = redactionRegions(findings, policy, info.frames);
        found.everyFrameRead = true;
        for (const Finding& f : findings)
            found.identifying += f.phi;
        return found;
    };
}

} // namespace veil
