#pragma once
// A single-frame axial CT or MR series as one volume in a canonical orientation for face
// work: slices sorted inferior → superior by ImagePositionPatient along the slice normal,
// each slice turned so that row 0 is the patient's most anterior row (LPS: anterior is -Y)
// and values rescaled (HU for CT). Masks made on the canonical volume go back to each
// instance's own stored layout with toStored().
#include "common/Progress.h"
#include "study/StudyIndex.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace veil {

struct HeadVolume {
    std::string modality;
    int rows = 0, columns = 0;   // canonical slice size (rows run anterior → posterior)
    double rowMm = 1, colMm = 1; // canonical spacing along rows and columns
    double sliceMm = 1;          // median distance between slices
    std::vector<cv::Mat> slices; // CV_32F, rescaled values (HU for CT), inferior first
    std::vector<const InstanceInfo*> instances; // of each slice: into the series (keep it alive)
    bool transposed = false;                    // the source's columns run anterior → posterior
    bool flipped = false; // the source's last row (column when transposed) is anterior

    int count() const { return int(slices.size()); }
    // A canonical mask (CV_8U, rows × columns) in the source's stored layout.
    cv::Mat toStored(const cv::Mat& canonical) const;
};

// Why a series cannot be made into a HeadVolume; empty when it can (header-only check).
std::string headVolumeProblem(const SeriesNode& series);

// Reads every slice's pixels (from InstanceInfo::localPath; sources are only read) on
// `threads` workers (0: one per core). Throws veil::Error naming the series or the file.
HeadVolume loadHeadVolume(const SeriesNode& series, const CancelToken& cancel = {},
                          int threads = 0);

// The stored value that rescales to `value` for an instance (rounded, clamped to what its
// BitsStored and PixelRepresentation can hold).
double storedValueFor(const InstanceInfo& instance, double value);

} // namespace veil
