#pragma once
// Where text could be: lines of character-sized blobs found with morphology and connected
// components, light-on-dark and dark-on-light, anywhere in the frame. Cheap enough to run
// on every CT slice; a frame with no candidate is never shown to the OCR engine.
#include "ocr/DetectionViews.h"
#include "ocr/LineMeasures.h"

#include <opencv2/core/types.hpp>
#include <vector>

namespace veil {

struct CandidateOptions {
    int minCharHeight = 5;       // smallest glyph body, pixels (text about 8 px high)
    int maxCharHeight = 44;      // tallest glyph, pixels (text about 40 px high)
    int minContrast = 48;        // grey levels a glyph stands out from its surroundings
    int minContrastOnFlat = 12;  // the same over a flat background (grey text on a grey band)
    int maxCandidates = 48;      // per frame, the most text-like first
    double minSeparation = 0.78; // ink/background split (background flattened) below which a
                                 // line is texture...
    double minUniformity = 0.3;  // ...unless its ink is one value, as burned-in text is,
    int longLineGlyphs = 6;      // ...or it has this many glyphs on one baseline
    int longLineLetters = 8;     // ...or, enlarged, three or more as wide as this many
                                 // letters (0: off; off in colour, where speckle merges)
    double maxThickShare = 0.08; // ink farther than a fifth of the glyph height from the
                                 // background: strokes are thin, blobs are not
    int minLineContrast = 30;    // a line's ink over its surroundings, grey levels
    double minLineScore = 0.8;   // glyphs and length, weighed by sharpness (TextCandidate)
    bool untangleChains = true;  // glyphs of a chain too tall for a line, on its main band,
                                 // are searched again for a line (a vessel chained the text)
    int enlargement = 1;         // the view is the frame enlarged this many times: strokes
                                 // are as many times thicker
};

struct TextCandidate {
    cv::Rect box;             // tight around the glyphs found (no margin), frame pixels
    bool lightOnDark = true;  // polarity of the glyphs that formed the line
    int glyphs = 0;           // components grouped into the line
    int letters = 0;          // letters they are wide enough for (touching letters merge)
    int charHeight = 0;       // median glyph height
    double score = 0;         // how text-like: more, more regular glyphs score higher
    LineMeasures measures;    // contrast, two-tonedness and ink uniformity of the line
    std::size_t view = 0;     // index of the view it was found in
    bool enoughAlone = false; // some view found it, before lines were merged, as more than
                              // too little for text there (findTextCandidates)
};

// Glyph strokes that stand out from their surroundings: strongly anywhere, faintly where
// the background is flat and quiet (grey text on a grey band). 255 where a stroke is.
cv::Mat strokeMask(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& options = {});
// The same computed in `region` only (strokeRegion), the rest of the mask empty.
cv::Mat strokeMask(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& options,
                   const cv::Rect& region);
// Where strokes can be: the frame, or, when most of a view is one level (the top of the range
// of a CT slice, where only bone and metal show), the rest of it with room for the morphology.
// Outside it neither polarity has a stroke, so searching there is wasted.
cv::Rect strokeRegion(const cv::Mat& grey, const CandidateOptions& options = {});
// The box of the pixels of an 8-bit view above `level` (cv::boundingRect(grey > level), for
// a fraction of its cost); empty when there is none.
cv::Rect boundsAbove(const cv::Mat& grey, int level);
// The size of the square that finds them: wider than any stroke of the tallest text.
int strokeKernel(const CandidateOptions& options);

// Candidates in one 8-bit grey image, for one polarity.
std::vector<TextCandidate> findTextLines(const cv::Mat& grey, bool lightOnDark,
                                         const CandidateOptions& options = {});
// The same in the view's strokeRegion, computed once by the caller for both polarities.
std::vector<TextCandidate> findTextLines(const cv::Mat& grey, bool lightOnDark,
                                         const CandidateOptions& options, const cv::Rect& region);

// Whether a line's measures are those of burned-in text rather than texture.
bool looksLikeText(const TextCandidate& candidate, const CandidateOptions& options);
// A line that its shape alone keeps from being text by itself (looksLikeText): short beside
// its height, or two short shapes side by side. At most a piece of a line (absorbPieces), for
// which only its contrast is measured.
bool pieceByShape(const TextCandidate& candidate);

// A whole line (its parts joined) too short or too faint to be worth reading: a lone shape, two
// shapes not clearly two-toned (unless as wide as words whose letters touch), a few faint
// ones, a few of uneven ink that barely stand out, or in the brightest levels (foundIn) a few
// of uneven ink that stand out less than text there does. On the real CT/MR text-free slices
// of the development seeds these are two thirds of the texture candidates and none of the
// identifying lines: each would cost the engine a reading.
bool tooLittleForText(const TextCandidate& candidate, DetectionView::Kind foundIn);

// A line whose shape alone says text, whatever the engine makes of it: many glyphs of one
// height in a long row, standing out clearly. Texture never makes one (0 of 1,599 texture
// candidates on 500 real CT/MR slices of the development seeds); text too small or too
// damaged to read does. Such a line cannot be cleared by reading it. Lines found only in a
// top-of-range view do not count: that view stretches the noise of a bright band into glyphs.
bool textByShape(const TextCandidate& candidate, DetectionView::Kind foundIn);

// The line a candidate lies on, followed left and right in its band for as long as ink of the
// line's own level continues with gaps no wider than a word space: the words the stroke search
// missed (a name over brighter anatomy, a value after a double space) belong to the line, and a
// finding must cover all of it.
cv::Rect extendAlongLine(const cv::Mat& grey, const TextCandidate& candidate);

// Both polarities in every view, overlapping lines merged, best first, capped.
std::vector<TextCandidate> findTextCandidates(const std::vector<DetectionView>& views,
                                              const CandidateOptions& options = {});

} // namespace veil
