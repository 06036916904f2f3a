#pragma once
// The pixel half of de-identification, as DeidJob's beforeApply hook: burns an instance's
// redaction regions with redactPixels, records Clean Pixel Data (113101) in the plan when
// pixels were cleaned, and sets BurnedInAnnotation NO only when every frame was redacted or
// reviewed. Shared by ExportJob and the CLI's batch release, so both burn the same way.
#include "deid/DeidPlan.h"
#include "dicom/DicomFile.h"
#include "pixel/Redact.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewStatus.h"

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace veil {

// What to burn into one instance, and whether its review covered every frame.
struct InstanceRedaction {
    std::vector<RedactionRegion> regions;
    bool reviewed = false; // every frame seen or approved in bulk (ReviewState::Reviewed)
};

// Where regions come from. Called on worker threads: must only read what it captured.
using RedactionSource = std::function<InstanceRedaction(const InstanceInfo&)>;

// Automatic regions from text detection: where `veil-cli deid --redact auto|all-text` plugs
// in once the OCR module is integrated. Null: no automatic regions.
using RegionFinder =
    std::function<std::vector<RedactionRegion>(const DicomFile&, const InstanceInfo&)>;

// A review session's boxes by SOP Instance UID (boxes of rejected findings left out); an
// instance is reviewed when its ReviewState is Reviewed. The session is copied.
RedactionSource regionsFromSession(const ReviewSession& session,
                                   const FindingsByInstance& findings);
// A boxes file's entries (regionsFor); nothing counts as reviewed. The file is copied.
RedactionSource regionsFromBoxesFile(const BoxesFile& boxes);
// Both: the union of regions, reviewed when either says so.
RedactionSource combine(RedactionSource a, RedactionSource b);

bool coversEveryFrame(const std::vector<RedactionRegion>& regions, int frames);
// Frames (0-based) that have at least one region; every frame for an all-frames region.
std::vector<int> framesWithRegions(const std::vector<RedactionRegion>& regions, int frames);

struct PixelRedactionRecord {
    std::string source; // InstanceInfo::path
    int regions = 0;
    bool burnedInAnnotationNo = false; // BurnedInAnnotation set to NO
    std::vector<int> framesToRecheck;  // frames that had boxes: re-read by the PixelChecker
    RedactResult result;
};

class PixelRedactionStep {
public:
    PixelRedactionStep(RedactionSource source, RegionFinder finder = {}, RedactOptions base = {});

    // The DeidJobOptions::beforeApply hook (this object must outlive the job). Throws
    // veil::Error for a box the file cannot take: DeidJob makes it the file's failure.
    std::function<void(DicomFile&, const InstanceInfo&, DeidPlan&)> hook();
    void apply(DicomFile& file, const InstanceInfo& info, DeidPlan& plan);

    // Instances whose pixels or BurnedInAnnotation were touched, by source path.
    std::map<std::string, PixelRedactionRecord> records() const;
    std::vector<int> framesToRecheck(const std::string& sourcePath) const;

private:
    RedactionSource m_source;
    RegionFinder m_finder;
    RedactOptions m_base;
    mutable std::mutex m_mutex;
    std::map<std::string, PixelRedactionRecord> m_records;
};

} // namespace veil
