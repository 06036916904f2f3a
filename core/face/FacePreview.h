#pragma once
// What the reviewer judges face removal by: the head seen from the front as a depth image
// (for every slice and column, how far behind the front of the volume the first skin voxel
// lies, shaded as lit from the viewer), before and after, computed by the same code the
// export runs (loadHeadVolume, defaceVolume). The GUI's "Face preview…" shows these images.
#include "face/FaceRemoval.h"

#include <opencv2/core.hpp>

#include <string>

namespace veil {

// Anterior view of `slices` (canonical, as HeadVolume): CV_8U, superior at the top, the
// patient's right on the left of the image (as facing the patient), slices stretched to
// square pixels. Skin: values above `threshold`. Nothing found: black.
cv::Mat depthImage(const HeadVolume& volume, const std::vector<cv::Mat>& slices, double threshold);

struct FacePreview {
    cv::Mat before, after; // depthImage of the volume as it is and after face removal
    std::string status;    // "defaced" / "refused" / "failed"
    std::string message;   // what was found, or why nothing was done
    long voxelsChanged = 0;
    int firstRow = 0, lastRow = -1; // the facial region in the images' rows
};

// Loads the series and runs the same face removal the export would. Never throws: problems
// are in status/message (before is empty when the series could not be read).
FacePreview facePreview(const SeriesNode& series, const FaceRemovalOptions& options = {});

} // namespace veil
