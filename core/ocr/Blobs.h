#pragma once
// 8-connected components of a stroke mask, labelled by runs. Stroke masks are sparse (a few
// percent of their pixels set): joining the horizontal runs of set pixels row by row costs
// what the runs cost, where a pixel labelling writes a label for every pixel of the frame,
// and was a third of the candidate search on text-free slices (OpenCV's
// connectedComponentsWithStats). The same components, with their boxes and areas.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <vector>

namespace veil {

struct Blob {
    cv::Rect box; // in the mask's pixels
    int area = 0; // set pixels
};

struct BlobRun {
    int y = 0, x0 = 0, x1 = 0; // [x0, x1) on row y
    int blob = 0;              // index into Blobs::blobs
};

struct Blobs {
    std::vector<Blob> blobs;   // in OpenCV's order (Blobs.cpp)
    std::vector<BlobRun> runs; // every run of set pixels, in raster order
};

// The 8-connected components of the non-zero pixels of a CV_8U mask (continuous or not).
Blobs findBlobs(const cv::Mat& mask);

// One blob's pixels as a mask of its box's size (255 where set).
cv::Mat blobMask(const Blobs& blobs, int blob);

} // namespace veil
