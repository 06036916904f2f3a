#pragma once
// Frame → lines of text with boxes: detection views, candidate lines, then Tesseract on
// the candidates only. Frames without candidates (most CT and MR slices) cost no OCR.
#include "ocr/OcrCache.h"
#include "ocr/TextCandidates.h"

#include <memory>
#include <vector>

namespace veil {

struct DetectorOptions {
    CandidateOptions candidates;
    double minConfidence = 0.15; // lines read with less are taken for noise; between this and
                                 // ScanOptions::minTextConfidence only the patient's are kept
};

class TextDetector {
public:
    explicit TextDetector(DetectorOptions options = {}, std::shared_ptr<OcrCache> cache = {})
        : m_options(options), m_cache(std::move(cache)) {}

    std::vector<TextLine> detect(const Frame& frame, const RenderParams& params) const;
    std::vector<TextLine> detect(const std::vector<DetectionView>& views) const;

    const DetectorOptions& options() const { return m_options; }

private:
    static constexpr double kConfident = 0.75; // no second reading above this
    static constexpr double kHopeless = 0.3;   // no further reading below this (short lines)
    static constexpr double kDoubtful = 0.6;   // no second contrast below this (short lines)
    // `tryInverted` for the readings with a line's first contrast only (recogniseLine).
    RecognisedLine read(const cv::Mat& prepared, bool tryInverted) const;
    // Where a line's kept reading was made: the view (by index; enlarged views parallel the
    // frame's) and the contrast.
    struct Rendering {
        std::size_t view = 0;
        CropContrast contrast = CropContrast::Even;
    };
    RecognisedLine readCandidate(const TextCandidate& c, const std::vector<DetectionView>& views,
                                 Rendering* kept = nullptr) const;
    // Whether another rendering of the line (another view or contrast) reads as `text` too.
    bool readsTheSame(const TextCandidate& c, const std::vector<DetectionView>& views,
                      const std::string& text) const;

    DetectorOptions m_options;
    std::shared_ptr<OcrCache> m_cache;
};

// Frames no larger than this on their longest side are searched and read enlarged twice.
constexpr int kSmallFrame = 320;
int detectionScale(int rows, int columns);
std::vector<DetectionView> enlargedViews(const std::vector<DetectionView>& views, int scale);

// The box reported for a line: its glyphs plus a margin that covers antialiased fringes,
// clipped to the frame.
PixelBox findingBox(const TextCandidate& candidate, int rows, int columns);

} // namespace veil
