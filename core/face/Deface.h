#pragma once
// Face removal on a canonical HeadVolume (row 0 anterior, slice 0 inferior). A geometric
// heuristic, described in docs/profiles.md ("Clean Recognizable Visual Features"):
//  CT: per slice, the body is the largest connected region above -500 HU (the skin is its
//  first voxel seen from the front of each column); the skull's front is the first voxel above
//  300 HU (two in a row) within 40 mm behind the skin. The facial region runs from the lowest
//  slice to 15 mm above the brow (the first bulge of the profile above the nasion, above the
//  nose tip); in it, every voxel in front of the bone front (interpolated across columns
//  where no bone is that close, never deeper than the first bone of the column) becomes air.
//  Bone and everything behind it stay as they were.
//  MR fallback (no HU): the body is the largest region above a threshold from the volume's
//  own histogram; a plane is fitted (least squares) to the anterior skin of the facial
//  region and every voxel in front of it becomes background. No bone is found: what lies in
//  front of the plane goes, whatever it is.
#include "face/HeadVolume.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace veil {

struct DefaceParams {
    double skinHu = -500;   // air / tissue
    double boneHu = 300;    // bone
    double maxDepthMm = 40; // how far behind the skin the bone front is looked for
    double aboveBrowMm = 15;
};

struct DefaceResult {
    std::vector<cv::Mat> masks; // per canonical slice: CV_8U, 255 where the value becomes air
    double airValue = -1000;    // rescaled value written (HU for CT)
    long voxelsChanged = 0;     // masked voxels whose value was not air already
    int firstSlice = 0, lastSlice = -1; // the facial region (canonical slice indices)
    bool browFound = false;             // false: the region ran to the top of the volume
    std::string method;                 // "CT bone front" / "MR face plane"
    std::string note;                   // what was found, one line
};

// CT (values in HU). Throws veil::Error when no head is found.
DefaceResult defaceCt(const HeadVolume& volume, const DefaceParams& params = {});
// MR face-plane fallback. Throws veil::Error when no head is found.
DefaceResult defaceMrPlane(const HeadVolume& volume, const DefaceParams& params = {});

// The volume with the result applied (for the preview and the tests).
std::vector<cv::Mat> applied(const HeadVolume& volume, const DefaceResult& result);

} // namespace veil
