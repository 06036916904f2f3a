#pragma once
// Nothing is read twice: whole frames are remembered by SOP Instance UID, frame number and
// a hash of their pixel bytes; single lines by a hash of the prepared crop, so the same
// header band on the 87 frames of a cine loop is read once. Thread-safe; bounded.
#include "ocr/Finding.h"
#include "ocr/LineRecogniser.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace veil {

// One line of text read on a frame, before anyone decides whose it is.
struct TextLine {
    PixelBox box;
    std::string text;
    double confidence = 0;
    bool textLike = false; // its shape alone says text: a long row of glyphs of one height
    int glyphHeight = 0;   // median glyph height, frame pixels (0: unknown)
    bool stable = false;   // two different renderings of it (views, contrasts) read the same
};

struct FrameKey {
    std::string sopInstanceUid;
    int frame = 0;
    std::uint64_t pixelHash = 0;
    auto operator<=>(const FrameKey&) const = default;
};

// 64-bit hash of a matrix's bytes, its size and type.
std::uint64_t hashPixels(const cv::Mat& m);

class OcrCache {
public:
    explicit OcrCache(std::size_t maxFrames = 200000, std::size_t maxLines = 200000)
        : m_maxFrames(maxFrames), m_maxLines(maxLines) {}

    std::optional<std::vector<TextLine>> frame(const FrameKey& key) const;
    void storeFrame(const FrameKey& key, std::vector<TextLine> lines);

    std::optional<RecognisedLine> line(std::uint64_t cropHash) const;
    void storeLine(std::uint64_t cropHash, RecognisedLine line);

    struct Stats {
        long frameHits = 0, frameMisses = 0, lineHits = 0, lineMisses = 0;
    };
    Stats stats() const;

private:
    mutable std::mutex m_mutex;
    std::size_t m_maxFrames, m_maxLines;
    std::map<FrameKey, std::vector<TextLine>> m_frames;
    std::unordered_map<std::uint64_t, RecognisedLine> m_lines;
    mutable Stats m_stats;
};

} // namespace veil
