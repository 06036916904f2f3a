#pragma once
// The pixel half of de-identification, as DeidJob's beforeApply hook: burns an instance's
// redaction regions with redactPixels, records Clean Pixel Data (113101) in the plan when
// pixels were cleaned, and sets BurnedInAnnotation NO only when the text detector read
// every frame and every identifying finding was redacted, or a person reviewed every frame
// (otherwise the source's value stays). Shared by ExportJob and the CLI's batch release, so
// both burn the same way.
#include "deid/DeidPlan.h"
#include "deid/Profile.h"
#include "dicom/DicomFile.h"
#include "document/ReportReview.h"
#include "face/FaceRemoval.h"
#include "pixel/Redact.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewStatus.h"
#include "verify/VerificationGate.h"

#include <filesystem>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
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

// What the text detector found on one instance, as regions to burn.
struct FoundRegions {
    std::vector<RedactionRegion> regions; // every identifying finding (and template boxes)
    bool everyFrameRead = false;          // every frame of the instance was read
    int identifying = 0;                  // identifying findings, all of them in `regions`
};

// Automatic regions from text detection (`veil-cli deid --redact auto|all-text`, the GUI's
// export at publication). Null: no automatic regions.
using RegionFinder = std::function<FoundRegions(const DicomFile&, const InstanceInfo&)>;

// A review session's boxes by SOP Instance UID (boxes of rejected findings left out); an
// instance is reviewed when its ReviewState is Reviewed. The session is copied.
RedactionSource regionsFromSession(const ReviewSession& session,
                                   const FindingsByInstance& findings);
// A boxes file's entries (regionsFor); nothing counts as reviewed. The file is copied.
RedactionSource regionsFromBoxesFile(const BoxesFile& boxes);
// Both: the union of regions, reviewed when either says so.
RedactionSource combine(RedactionSource a, RedactionSource b);

// The boxes of the findings the reviewer kept on one instance (Decision::Rejected, drawn
// boxes never): the automatic regions found again at export that are the same region
// (sameRegion) are not burned. One rule for image frames and report pages.
std::vector<RedactionRegion> keptRegions(const ReviewSession& session,
                                         const std::string& sopInstanceUid);

// What the review says about a report's pages (DeidJobOptions::reportReview): `source`'s
// regions (drawn boxes, findings not kept, a boxes file's entries) are blacked out as well,
// and the findings `session` kept are not. Either may be empty.
using ReportReviewSource = std::function<ReportReview(const InstanceInfo&)>;
ReportReviewSource reportReviewFrom(RedactionSource source,
                                    std::optional<ReviewSession> session = std::nullopt);

// Frames (0-based) that have at least one region burned into the pixels (regions in an
// overlay plane left out); every frame for an all-frames region.
std::vector<int> framesWithRegions(const std::vector<RedactionRegion>& regions, int frames);

struct PixelRedactionRecord {
    std::string source; // InstanceInfo::path
    int regions = 0;
    bool burnedInAnnotationNo = false; // BurnedInAnnotation set to NO
    bool everyFrameRead = false;       // the text detector read every frame
    int identifyingFound = 0;          // identifying findings of the text detector (all burned)
    std::vector<int> framesWithBoxes;  // frames that had at least one box
    bool defaced = false;              // face removal wrote air into this instance
    RedactResult result;
};

// The pixel options a profile asks for: Clean Graphics clears the bits outside BitsStored
// (overlays kept in Pixel Data); the plan blanks the overlay planes' own data.
RedactOptions pixelOptionsFor(const Profile& profile);

// After a gate that found text left in the pixels of some outputs (below `root`, named as
// in the report), their BurnedInAnnotation says YES: whatever the pixel step vouched for
// before, text is there. Returns how many files were marked (unreadable ones are skipped).
int markTextLeftInPixels(const VerificationReport& report, const std::filesystem::path& root);

class PixelRedactionStep {
public:
    PixelRedactionStep(RedactionSource source, RegionFinder finder = {}, RedactOptions base = {});

    // The DeidJobOptions::beforeApply hook (this object must outlive the job). Throws
    // veil::Error for a box the file cannot take: DeidJob makes it the file's failure.
    std::function<void(DicomFile&, const InstanceInfo&, DeidPlan&)> hook();
    // Clean Recognizable Visual Features: the masks prepareFaceRemoval made for the whole
    // index, before the job. An instance with a mask gets air there, 113102 in the plan and
    // RecognizableVisualFeatures NO; an instance of a series whose face removal was refused
    // or failed is refused (veil::Error: it is not written with its face).
    void setFaceRemoval(std::shared_ptr<const FaceRemovalPlan> plan) { m_faces = std::move(plan); }
    const FaceRemovalPlan* faceRemoval() const { return m_faces.get(); }
    void apply(DicomFile& file, const InstanceInfo& info, DeidPlan& plan);

    // Instances whose pixels or BurnedInAnnotation were touched, by source path.
    std::map<std::string, PixelRedactionRecord> records() const;
    // The same, moved out (the step keeps none): for a caller that is done with the step.
    std::map<std::string, PixelRedactionRecord> takeRecords();
    // Records kept only for instances whose frames were burned (framesTouched > 0): a batch
    // counts only those, and does not hold a record for every file it wrote.
    void keepRecordsOfBurnedOnly() { m_onlyBurned = true; }

private:
    RedactionSource m_source;
    RegionFinder m_finder;
    RedactOptions m_base;
    std::shared_ptr<const FaceRemovalPlan> m_faces;
    bool m_onlyBurned = false;
    mutable std::mutex m_mutex;
    std::map<std::string, PixelRedactionRecord> m_records;
};

} // namespace veil
