// The judgements made of a candidate line (TextCandidates.h): does it look like text, is it
// worth reading, is it text by its shape alone, and where does the whole printed line end.
// Kept apart from the search that finds the lines (TextCandidates.cpp).
#include "ocr/TextCandidates.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace veil {

// Two short blobs side by side are vessels and sulci far more often than a two-letter word
// (two long ones are words whose letters touch); a line of text is long beside its height.
bool pieceByShape(const TextCandidate& c) {
    return (c.glyphs == 2 && c.box.width < 4 * c.charHeight) || c.box.width * 2 < c.box.height * 5;
}

bool looksLikeText(const TextCandidate& c, const CandidateOptions& o) {
    if (pieceByShape(c))
        return false; // its measures are its contrast alone
    const LineMeasures& m = c.measures;
    // Faint lines must have a few glyphs: two faint blobs are shading, not words.
    const bool faint = m.contrast < 2 * o.minContrastOnFlat;
    // Many glyphs of one height on one baseline are text by their arrangement alone, even
    // when enlarging or antialiasing has spread their ink over many values.
    // Small glyphs enlarged merge a word's letters into one shape ("AGE" and "044Y" over soft
    // tissue): such a row counts by the letters its shapes are wide enough for.
    const bool manyLetters = o.longLineLetters > 0 && o.enlargement > 1 && c.glyphs >= 3 &&
                             c.letters >= o.longLineLetters;
    const bool longLine = (c.glyphs >= o.longLineGlyphs || manyLetters) &&
                          m.flatSeparation >= 0.65 && m.contrastShare >= 0.3;
    // Strokes are thin in every font.
    if (m.thickShare > o.maxThickShare)
        return false;
    // A line of text is long beside its height (pieceByShape) and stands out; texture makes
    // short, faint, few-glyph lines (on 500 real CT/MR slices of the development seeds these
    // three keep 98% of candidates on text and 14% of those on texture).
    if (m.contrast < o.minLineContrast || c.score < o.minLineScore)
        return false;
    return m.contrast >= o.minContrastOnFlat && m.contrastShare >= 0.25 &&
           (!faint || c.glyphs >= 3) &&
           (m.flatSeparation >= o.minSeparation || m.uniformity >= o.minUniformity || longLine);
}

namespace {

// Columns of the band where ink of the line's level stands out from its surroundings.
std::vector<bool> inkColumns(const cv::Mat& grey, const cv::Rect& band, const TextCandidate& c,
                             const cv::Rect& box) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    const int k = std::max(7, c.charHeight / 2 + 5) | 1;
    const cv::Rect padded =
        cv::Rect(band.x - k, band.y - k, band.width + 2 * k, band.height + 2 * k) & frame;
    cv::Mat response;
    cv::morphologyEx(grey(padded), response, c.lightOnDark ? cv::MORPH_TOPHAT : cv::MORPH_BLACKHAT,
                     cv::getStructuringElement(cv::MORPH_RECT, {k, k}));
    const cv::Mat r = response(band - padded.tl());
    const cv::Mat g = grey(band);
    // The line's ink: from the typical response of its stroke pixels (not of the strongest,
    // which an edge can make), and the grey level of the ink above that.
    const cv::Rect own = (box & band) - band.tl();
    std::vector<uchar> strokes;
    for (int y = own.y; y < own.y + own.height; ++y)
        for (int x = own.x; x < own.x + own.width; ++x)
            if (r.at<uchar>(y, x) >= 12)
                strokes.push_back(r.at<uchar>(y, x));
    if (strokes.empty())
        return std::vector<bool>(std::size_t(band.width), false);
    std::nth_element(strokes.begin(), strokes.begin() + long(strokes.size() / 2), strokes.end());
    // Ink over brighter anatomy stands out less than over the background: a third of the
    // typical response still counts when its grey level is the line's (below).
    const int typical = strokes[strokes.size() / 2];
    const double threshold = std::max(12.0, typical * 0.3);
    // The line's level, twice: the median of all its ink, which a small antialiased glyph's
    // edges pull towards the background, and the median of its strokes' cores (the stronger
    // half), which is the glyphs' own level. Where the background brightens under light text
    // (darkens under dark text) the line's end stands out less and only its cores keep the
    // line's level: a name's last letters over brighter anatomy were left out of the box.
    int allInk[256] = {}, cores[256] = {};
    long nAll = 0, nCores = 0;
    for (int y = own.y; y < own.y + own.height; ++y)
        for (int x = own.x; x < own.x + own.width; ++x) {
            const uchar v = r.at<uchar>(y, x);
            if (v >= threshold) {
                ++allInk[g.at<uchar>(y, x)];
                ++nAll;
            }
            if (v >= typical) {
                ++cores[g.at<uchar>(y, x)];
                ++nCores;
            }
        }
    if (nAll == 0)
        return std::vector<bool>(std::size_t(band.width), false);
    auto median = [](const int* hist, long n) {
        int level = 0;
        for (long seen = 0; level < 255; ++level)
            if ((seen += hist[level]) * 2 >= n)
                break;
        return level;
    };
    const int level = median(allInk, nAll), core = median(cores, nCores);
    constexpr int tolerance = 40; // antialiased and lossy glyphs spread around their level
    std::vector<bool> out(std::size_t(band.width), false);
    for (int y = 0; y < band.height; ++y) {
        const uchar* rr = r.ptr<uchar>(y);
        const uchar* gg = g.ptr<uchar>(y);
        for (int x = 0; x < band.width; ++x)
            if (rr[x] >= threshold && (std::abs(int(gg[x]) - level) <= tolerance ||
                                       std::abs(int(gg[x]) - core) <= tolerance))
                out[std::size_t(x)] = true;
    }
    return out;
}

} // namespace

cv::Rect extendAlongLine(const cv::Mat& grey, const TextCandidate& c) {
    const cv::Rect frame(0, 0, grey.cols, grey.rows);
    const int h = std::max(3, c.charHeight);
    const int reach = 16 * h;
    const cv::Rect band =
        cv::Rect(c.box.x - reach, c.box.y, c.box.width + 2 * reach, c.box.height) & frame;
    if (band.empty())
        return c.box;
    const std::vector<bool> ink = inkColumns(grey, band, c, c.box);
    const int maxGap = h * 2; // a colon and a space in a monospaced font (its dots may not count)
    int right = c.box.x + c.box.width - band.x, left = c.box.x - band.x;
    for (int x = right, gap = 0; x < band.width && gap <= maxGap; ++x) {
        gap = ink[std::size_t(x)] ? 0 : gap + 1;
        if (gap == 0)
            right = x + 1;
    }
    for (int x = left - 1, gap = 0; x >= 0 && gap <= maxGap; --x) {
        gap = ink[std::size_t(x)] ? 0 : gap + 1;
        if (gap == 0)
            left = x;
    }
    return cv::Rect(band.x + left, c.box.y, right - left, c.box.height);
}

bool tooLittleForText(const TextCandidate& c, DetectionView::Kind foundIn) {
    const LineMeasures& m = c.measures;
    // One or two shapes as wide as a few words are words whose letters touch (serif text).
    const bool touchingWords =
        c.glyphs <= 2 && c.box.width >= 7 * std::max(1, c.charHeight) && m.contrast >= 40;
    if (touchingWords)
        return false;
    // A few shapes of uneven ink that barely stand out: texture (on the development seeds'
    // real CT/MR, a quarter of the texture lines read, and no line of text).
    const bool unevenAndFaint = c.glyphs <= 4 && m.uniformity >= 0.4 && m.contrast < 70;
    // In the brightest levels text stands out by far more, or is all one level: a few
    // shapes of uneven ink there are the edges of bone (a fifth of the texture lines read).
    const bool boneEdges = foundIn == DetectionView::Kind::TopOfRange && c.glyphs <= 6 &&
                           m.contrast < 90 && m.uniformity < 0.95;
    return c.glyphs == 1 || (c.glyphs <= 2 && m.flatSeparation < 0.85) ||
           (c.glyphs < 5 && m.contrast < 40) || unevenAndFaint || boneEdges;
}

bool textByShape(const TextCandidate& c, DetectionView::Kind foundIn) {
    const int h = std::max(1, c.charHeight);
    // A line of small glyphs with ascenders and descenders ("patient id") is boxed taller
    // than its letters; texture boxed as tall is uneven (uniformity 0.4 and more).
    const bool long_ = c.box.width >= 6 * c.box.height ||
                       (c.box.width >= 6 * h && c.box.height <= 2 * h &&
                        c.measures.uniformity <= 0.3 && foundIn != DetectionView::Kind::TopOfRange);
    if (!long_ || c.measures.contrast < 40)
        return false;
    // The brightest levels are two-toned whatever they hold (bone, contrast): there, only a
    // row of seven small glyphs or more is text by its shape (names burned in at the maximum
    // on 256-pixel frames; bone makes few, large shapes).
    if (foundIn == DetectionView::Kind::TopOfRange)
        return c.glyphs >= 7 && h <= 7;
    return c.glyphs >= 5 &&
           c.measures.flatSeparation >= 0.72; // ultrasound speckle in a band: 0.66-0.71
}

} // namespace veil
