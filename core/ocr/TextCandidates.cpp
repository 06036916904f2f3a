#include "ocr/TextCandidates.h"

#include <algorithm>
#include <numeric>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

struct Glyph {
    int x, y, w, h;
    int right() const { return x + w; }
    int bottom() const { return y + h; }
};

class UnionFind {
public:
    explicit UnionFind(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0); }
    std::size_t find(std::size_t i) {
        while (m_parent[i] != i)
            i = m_parent[i] = m_parent[m_parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<std::size_t> m_parent;
};

// Glyph strokes that stand out from their surroundings: strongly anywhere, faintly where
// the background is flat (grey text on a grey band, palette indices seen as grey).
cv::Mat strokeMask(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& o) {
    const int k = std::max(5, o.maxCharHeight / 4) | 1;
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, {k, k});
    cv::Mat background;
    cv::morphologyEx(grey, background, lightOnDark ? cv::MORPH_OPEN : cv::MORPH_CLOSE, kernel);
    cv::Mat response = lightOnDark ? grey - background : background - grey;
    cv::Mat strong, faint;
    cv::threshold(response, strong, o.minContrast - 1, 255, cv::THRESH_BINARY);
    cv::threshold(response, faint, o.minContrastOnFlat - 1, 255, cv::THRESH_BINARY);
    cv::Mat spread;
    cv::morphologyEx(background, spread, cv::MORPH_GRADIENT, kernel);
    return strong | (faint & (spread <= 4));
}

std::vector<Glyph> glyphsIn(const cv::Mat& mask, const CandidateOptions& o) {
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
    std::vector<Glyph> out;
    for (int i = 1; i < n; ++i) {
        const int* s = stats.ptr<int>(i);
        const Glyph g{s[cv::CC_STAT_LEFT], s[cv::CC_STAT_TOP], s[cv::CC_STAT_WIDTH], s[cv::CC_STAT_HEIGHT]};
        const int area = s[cv::CC_STAT_AREA];
        if (g.h < o.minCharHeight || g.h > o.maxCharHeight || g.w > 24 * g.h)
            continue;
        const double fill = double(area) / (double(g.w) * g.h);
        const bool thin = g.w * 3 <= g.h; // l, I, 1, |
        if (area < 6 || fill < 0.08 || (fill > 0.9 && !thin && g.w * g.h > 16))
            continue; // specks, hollow outlines, solid blocks
        out.push_back(g);
    }
    std::sort(out.begin(), out.end(), [](const Glyph& a, const Glyph& b) { return a.x < b.x; });
    return out;
}

// Two glyphs of one line: similar size, side by side, sharing a baseline or a top line.
bool sameLine(const Glyph& a, const Glyph& b) {
    const int hmax = std::max(a.h, b.h), hmin = std::min(a.h, b.h);
    if (hmax * 10 > hmin * 19)
        return false;
    const int gap = std::max(a.x, b.x) - std::min(a.right(), b.right());
    if (gap * 10 > hmax * 13)
        return false;
    const int overlap = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    if (overlap * 2 < hmin)
        return false;
    const int tol = std::max(2, hmax * 3 / 10);
    return std::abs(a.bottom() - b.bottom()) <= tol || std::abs(a.y - b.y) <= tol;
}

std::vector<TextCandidate> groupLines(const std::vector<Glyph>& glyphs, int maxCharHeight) {
    UnionFind uf(glyphs.size());
    const int reach = maxCharHeight * 13 / 10;
    for (std::size_t i = 0; i < glyphs.size(); ++i)
        for (std::size_t j = i + 1; j < glyphs.size() && glyphs[j].x <= glyphs[i].right() + reach; ++j)
            if (sameLine(glyphs[i], glyphs[j]))
                uf.join(i, j);
    std::vector<std::vector<std::size_t>> members(glyphs.size());
    for (std::size_t i = 0; i < glyphs.size(); ++i)
        members[uf.find(i)].push_back(i);
    std::vector<TextCandidate> out;
    for (const auto& m : members) {
        if (m.empty())
            continue;
        cv::Rect box;
        std::vector<int> heights;
        for (std::size_t i : m) {
            const Glyph& g = glyphs[i];
            box = box.empty() ? cv::Rect(g.x, g.y, g.w, g.h) : (box | cv::Rect(g.x, g.y, g.w, g.h));
            heights.push_back(g.h);
        }
        std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
        const int h = heights[heights.size() / 2];
        const bool wordBlob = m.size() == 1 && box.width >= 2 * h;
        if (m.size() < 2 && !wordBlob)
            continue;
        if (box.height > 2 * maxCharHeight)
            continue;
        TextCandidate c;
        c.box = box;
        c.glyphs = int(m.size());
        c.charHeight = h;
        c.score = double(m.size()) + 0.25 * box.width / std::max(1, h);
        out.push_back(c);
    }
    return out;
}

bool overlapsMostly(const cv::Rect& a, const cv::Rect& b) {
    const int inter = (a & b).area();
    return inter * 2 >= std::min(a.area(), b.area());
}

bool sameBand(const cv::Rect& a, const cv::Rect& b) {
    const int overlap = std::min(a.y + a.height, b.y + b.height) - std::max(a.y, b.y);
    return overlap * 10 >= std::max(a.height, b.height) * 6;
}

// Folds lines found twice (two views) into one: the better one's polarity and view, and
// both boxes when they lie on the same band; a line inside another's box is dropped.
std::vector<TextCandidate> mergeOverlapping(std::vector<TextCandidate> all) {
    std::sort(all.begin(), all.end(),
              [](const TextCandidate& a, const TextCandidate& b) { return a.score > b.score; });
    std::vector<TextCandidate> kept;
    for (const TextCandidate& c : all) {
        auto it = std::find_if(kept.begin(), kept.end(),
                               [&](const TextCandidate& k) { return overlapsMostly(k.box, c.box); });
        if (it == kept.end()) {
            kept.push_back(c);
        } else if (sameBand(it->box, c.box)) {
            it->box |= c.box;
            it->glyphs = std::max(it->glyphs, c.glyphs);
        }
    }
    return kept;
}

struct InkSplit {
    double separation = 0;    // Otsu's between-class variance over the total variance
    double brightShare = 0.5; // share of pixels on the bright side of the split
};

// Text is two-toned: ink and background. Anatomy and speckle are not.
InkSplit inkSplit(const cv::Mat& crop) {
    int hist[256] = {};
    for (int y = 0; y < crop.rows; ++y) {
        const uchar* row = crop.ptr<uchar>(y);
        for (int x = 0; x < crop.cols; ++x)
            ++hist[row[x]];
    }
    const double n = double(crop.total());
    double sum = 0, sumSq = 0;
    for (int i = 0; i < 256; ++i) {
        sum += double(i) * hist[i];
        sumSq += double(i) * i * hist[i];
    }
    const double mean = sum / n, total = sumSq / n - mean * mean;
    if (total < 1e-6)
        return {};
    double w0 = 0, sum0 = 0, best = -1;
    InkSplit split;
    for (int t = 0; t < 255; ++t) {
        w0 += hist[t];
        sum0 += double(t) * hist[t];
        if (w0 == 0 || w0 == n)
            continue;
        const double m0 = sum0 / w0, m1 = (sum - sum0) / (n - w0);
        const double between = (w0 / n) * (1 - w0 / n) * (m0 - m1) * (m0 - m1);
        if (between > best) {
            best = between;
            split = {between / total, 1 - w0 / n};
        }
    }
    return split;
}

cv::Rect withMargin(const TextCandidate& c, const cv::Size& frame) {
    const int m = std::max(2, c.charHeight / 5);
    return cv::Rect(c.box.x - m, c.box.y - m, c.box.width + 2 * m, c.box.height + 2 * m) &
           cv::Rect({0, 0}, frame);
}

// Glyphs cover less of a line's box than the background does: the minority tone is the
// ink. A line whose glyphs were found in the majority tone is the gaps between letters of
// the other polarity, and is dropped.
bool settlePolarity(TextCandidate& c, const cv::Mat& grey) {
    const InkSplit s = inkSplit(grey(withMargin(c, grey.size())));
    c.separation = s.separation;
    return (s.brightShare < 0.5) == c.lightOnDark;
}

} // namespace

std::vector<TextCandidate> findTextLines(const cv::Mat& grey, bool lightOnDark, const CandidateOptions& options) {
    const std::vector<Glyph> glyphs = glyphsIn(strokeMask(grey, lightOnDark, options), options);
    std::vector<TextCandidate> lines = groupLines(glyphs, options.maxCharHeight);
    for (TextCandidate& c : lines)
        c.lightOnDark = lightOnDark;
    return lines;
}

std::vector<TextCandidate> findTextCandidates(const std::vector<DetectionView>& views,
                                              const CandidateOptions& options) {
    std::vector<TextCandidate> all;
    for (std::size_t v = 0; v < views.size(); ++v) {
        for (bool light : {true, false}) {
            for (TextCandidate& c : findTextLines(views[v].grey, light, options)) {
                c.view = v;
                if (settlePolarity(c, views[v].grey) && c.separation >= options.minSeparation)
                    all.push_back(c);
            }
        }
    }
    std::vector<TextCandidate> merged = mergeOverlapping(std::move(all));
    if (int(merged.size()) > options.maxCandidates)
        merged.resize(std::size_t(options.maxCandidates));
    return merged;
}

} // namespace veil
