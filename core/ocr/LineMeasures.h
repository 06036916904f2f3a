#pragma once
// How text-like a candidate line is, measured on the view it was found in: burned-in text
// is two-toned, stands out from what surrounds it, and its glyphs are drawn with one ink
// value. Anatomy and speckle are none of these.
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace veil {

struct LineMeasures {
    double contrast = 0;       // ink mean minus the surrounding ring's mean, towards the polarity
    double separation = 0;     // Otsu's between-class share of the box's variance (0..1)
    double flatSeparation = 0; // the same once the background is flattened (top-hat): text
                               // crossing an anatomy edge is two-toned again, texture is not
    double uniformity = 0;     // share of ink pixels within a few levels of the ink's extreme
    double thickShare = 0;     // share of ink farther than a fifth of the glyph height from
                               // the background: near 0 for strokes, large for solid blobs
    double contrastShare = 0;  // contrast over the box's full range: near 0 for the gaps
                               // between the letters of the other polarity
};

// grey: the view; mask: the glyph strokes found in it; box: the line.
// kernel: the structuring element's size the strokes were found with; enlargement: how many
// times the view enlarges the frame (a stroke of 2 frame pixels is 4 view pixels at 2).
// contrastOnly: the contrast, uniformity and contrast share, not the separations and the
// thickness (a piece of a line, pieceByShape, is judged by its contrast alone).
LineMeasures measureLine(const cv::Mat& grey, const cv::Mat& mask, const cv::Rect& box,
                         int charHeight, bool lightOnDark, int kernel, int enlargement = 1,
                         bool contrastOnly = false);

} // namespace veil
