#include "ocr/OcrCache.h"

#include <functional>
#include <string_view>

namespace veil {

std::uint64_t hashPixels(const cv::Mat& m) {
    std::uint64_t h = std::uint64_t(m.rows) * 0x9E3779B97F4A7C15ull ^ std::uint64_t(m.cols) << 20 ^
                      std::uint64_t(m.type());
    const std::size_t rowBytes = m.cols * m.elemSize();
    const auto mix = [&](std::string_view bytes) {
        h ^= std::hash<std::string_view>{}(bytes) + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    };
    if (m.isContinuous()) {
        mix({reinterpret_cast<const char*>(m.data), rowBytes * m.rows});
    } else {
        for (int y = 0; y < m.rows; ++y)
            mix({reinterpret_cast<const char*>(m.ptr(y)), rowBytes});
    }
    return h;
}

std::optional<std::vector<TextLine>> OcrCache::frame(const FrameKey& key) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_frames.find(key);
    if (it == m_frames.end()) {
        ++m_stats.frameMisses;
        return std::nullopt;
    }
    ++m_stats.frameHits;
    return it->second;
}

void OcrCache::storeFrame(const FrameKey& key, std::vector<TextLine> lines) {
    std::lock_guard lock(m_mutex);
    if (m_frames.size() >= m_maxFrames)
        m_frames.clear(); // crude but bounded: a scan of this size starts afresh
    m_frames[key] = std::move(lines);
}

std::optional<RecognisedLine> OcrCache::line(std::uint64_t cropHash) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_lines.find(cropHash);
    if (it == m_lines.end()) {
        ++m_stats.lineMisses;
        return std::nullopt;
    }
    ++m_stats.lineHits;
    return it->second;
}

void OcrCache::storeLine(std::uint64_t cropHash, RecognisedLine line) {
    std::lock_guard lock(m_mutex);
    if (m_lines.size() >= m_maxLines)
        m_lines.clear();
    m_lines[cropHash] = std::move(line);
}

OcrCache::Stats OcrCache::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace veil
