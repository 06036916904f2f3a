#pragma once
// Clean Recognizable Visual Features over a StudyIndex, series by series, before the
// per-instance de-identification: DeidJob works one instance at a time, but a face is only
// found in the whole volume. So prepareFaceRemoval() loads each series that may show a face
// (study/FaceRisk) into a HeadVolume, computes its face mask (face/Deface) and keeps, per
// SOP Instance UID, the pixels to set to air in that instance's own stored layout. The
// pixel step (export/PixelRedactionStep) then writes them through redactPixels with the
// instance's other pixel work, records 113102 and sets RecognizableVisualFeatures NO.
// Memory: one series' volume at a time (4 bytes a voxel) plus one byte a voxel of masks for
// the series changed. Series that may not show a face are never read nor changed.
#include "common/Progress.h"
#include "face/Deface.h"
#include "pixel/Redact.h"
#include "study/FaceRisk.h"
#include "study/StudyIndex.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace veil {

struct FaceRemovalOptions {
    bool acceptMrFacePlane = false; // --accept-mr-face-plane: run the MR fallback
    int threads = 0;
    DefaceParams params;
};

// What happened to one series that may show a face.
struct FaceSeriesOutcome {
    enum class Status { Defaced, Refused, Failed };
    std::string seriesUid, label; // seriesLabel()
    int seriesNumber = 0;
    std::string modality;
    int images = 0;
    Status status = Status::Failed;
    std::string method;  // DefaceResult::method
    std::string message; // why refused or failed, or what was found
    long voxelsChanged = 0;
    int instancesChanged = 0;
};
const char* statusName(FaceSeriesOutcome::Status status); // "defaced", "refused", "failed"

struct InstanceFaceMask {
    cv::Mat mask;      // CV_8U in the stored layout, 255 where the value becomes air
    double stored = 0; // the instance's stored value of air
};

struct FaceRemovalPlan {
    std::vector<FaceSeriesOutcome> series;
    std::map<std::string, InstanceFaceMask> masks; // by SOP Instance UID
    const InstanceFaceMask* maskFor(const std::string& sopInstanceUid) const;
    const FaceSeriesOutcome* outcomeFor(const std::string& seriesUid) const;
    bool anyRefusedOrFailed() const;
    std::string summary() const; // one line per series
};

// Never throws for a bad series: it becomes a Failed outcome naming the problem.
FaceRemovalPlan prepareFaceRemoval(const StudyIndex& index, const FaceRemovalOptions& options,
                                   ProgressSink& progress, const CancelToken& cancel);

// The face work for one volume (CT: defaceCt; MR: refused unless accepted, then
// defaceMrPlane). `refusal` is set and the result empty when it is refused.
DefaceResult defaceVolume(const HeadVolume& volume, const FaceRemovalOptions& options,
                          std::string& refusal);

// What the MR face-plane fallback does, in one paragraph: the CLI's --accept-mr-face-plane
// help and the GUI export's checkbox say the same.
extern const char* const kMrFacePlaneFallbackText;

// The series Clean Recognizable Visual Features refuses unless the MR fallback is accepted:
// the flagged series (seriesThatMayShowFace) whose modality is MR, in index order.
std::vector<FlaggedSeries> mrSeriesThatMayShowFace(const StudyIndex& index);

// The export's preflight line for them: empty unless the option is on, the fallback is not
// accepted and `index` holds such a series ("series 5 MR ... may show a face: ...").
std::string mrFacePlaneProblem(const StudyIndex& index, bool cleanRecognizableVisualFeatures,
                               bool acceptMrFacePlane);

// The pixel step's part: the instance's fill for redactPixels (none when it has no mask).
std::vector<MaskFill> fillsFor(const FaceRemovalPlan* plan, const std::string& sopInstanceUid);

} // namespace veil
