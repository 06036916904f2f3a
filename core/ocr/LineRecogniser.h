#pragma once
// Tesseract on one candidate line: the crop is cleaned (background flattened, glyphs dark on
// white), upscaled to the height the LSTM model reads best, and read as a single line.
// One engine per thread, borrowed on first use from engines kept for the process's life (a
// thread gives its engine back when it ends, for the next scan's threads).
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>
#include <string>
#include <vector>

namespace veil {

struct RecognisedLine {
    std::string text;      // UTF-8, trimmed
    double confidence = 0; // 0..1
};

struct LineCrop {
    cv::Mat image;   // CV_8U: dark glyphs on white, ready for the engine
    cv::Rect source; // the region of the view it came from
};

// How the background-flattened glyphs are scaled to black: each by the strongest response
// around it (even contrast along a line that crosses anatomy), or all by the strongest.
enum class CropContrast { Even, Global };

// The region around `box` (margin included) prepared for reading.
LineCrop prepareLineCrop(const cv::Mat& grey, const cv::Rect& box, bool lightOnDark,
                         CropContrast contrast = CropContrast::Even);

// Reads a prepared crop. Throws veil::Error when the engine or its English data is missing.
// With `tryInverted`, a reading the engine doubts is tried again on the crop inverted
// (Tesseract's own second reading, which recovers a line whose polarity was guessed wrong);
// it doubles the cost of every doubtful reading, so the detector asks for it only where the
// polarity can be wrong (TextDetector.cpp, tryInverted).
RecognisedLine recogniseLine(const cv::Mat& prepared, bool tryInverted = true);

// A word of a document page read with the page's layout (reports, scanned letters): unlike
// screen text, a page is many lines of running text, read by the same engine in automatic
// page segmentation. Boxes are in the page image's pixels; words of one printed line share
// `line` (numbered from 0 in reading order).
struct RecognisedWord {
    std::string text;
    double confidence = 0; // 0..1
    cv::Rect box;
    int line = 0;
};
// Reads an 8-bit grey page (dark text on light; `dpi` its resolution). Throws veil::Error when
// the engine or its English data is missing.
std::vector<RecognisedWord> recognisePage(const cv::Mat& grey, int dpi);

// How many engines this process has started (each loads the model, about 0.17 s): at most one
// per thread that ever read at once, however many scans ran.
int ocrEnginesStarted();

// Where the engine's data is looked for: $TESSDATA_PREFIX, else Debian's tessdata folder.
std::string tessdataPath();

} // namespace veil
