#include "export/OcrRegions.h"

namespace veil {

RegionFinder ocrRegionFinder(RedactPolicy policy, ScanOptions options,
                             std::shared_ptr<OcrCache> cache) {
    if (policy == RedactPolicy::None)
        return {};
    options.threads = 1; // the batch is already parallel over instances
    auto scan = std::make_shared<ScanJob>(std::move(options),
                                          cache ? std::move(cache) : std::make_shared<OcrCache>());
    return [scan, policy](const DicomFile& file, const InstanceInfo& info) {
        // every frame, or throws
        const std::vector<Finding> findings = scan->scanInstance(file, info);
        FoundRegions found;
        found.regions = redactionRegions(findings, policy, info.frames);
        found.everyFrameRead = true;
        for (const Finding& f : findings)
            found.identifying += f.phi;
        return found;
    };
}

} // namespace veil
