#include "ocr/TextCandidates.h"

#include "ocr/Blobs.h"
#include "ocr/LineMeasures.h"

#include <algorithm>
#include <functional>
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
    explicit UnionFind(std::size_t n) : m_parent(n) {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }
    std::size_t find(std::size_t i) {
        while (m_parent[i] != i)
            i = m_parent[i] = m_parent[m_parent[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) { m_parent[find(a)] = find(b); }

private:
    std::vector<std::size_t> m_parent;
};

// Clears every horizontal run of set pixels at least `length` long.
void clearLongRuns(cv::Mat& mask, int length) {
    for (int y = 0; y < mask.rows; ++y) {
        uchar* row = mask.ptr<uchar>(y);
        int start = -1;
        for (int x = 0; x <= mask.cols; ++x) {
            const bool set = x < mask.cols && row[x];
            if (set && start < 0)
                start = x;
            if (!set && start >= 0) {
                if (x - start >= length)
                    std::fill(row + start, row + x, uchar(0));
                start = -1;
            }
        }
    }
}

} // namespace

namespace {

struct Components {
    std::vector<Glyph> glyphs; // character-sized, sorted by x
    std::vector<Glyph> marks;  // punctuation-sized: commas, dots, the dot of an i
};

// Whether a blob's top and bottom rows are nearly solid, as a plate's are: a word whose
// letters the mask merged has the ragged top of its letters and the gaps between them.
bool solidEdges(const Blobs& blobs, std::size_t blob) {
    const cv::Rect box = blobs.blobs[blob].box;
    const cv::Mat shape = blobMask(blobs, int(blob));
    const int need = box.width * 4 / 5;
    return cv::countNonZero(shape.row(0)) >= need &&
           cv::countNonZero(shape.row(shape.rows - 1)) >= need;
}

// rectangular: the blob's edge rows are solid (solidEdges; only asked of blobs full enough
// to be plates).
void classify(const Glyph& g, int area, const CandidateOptions& o, Components& out,
              const std::function<bool()>& rectangular) {
    if (g.h < o.minCharHeight || area < 6) {
        if (area >= 2 && g.w < o.minCharHeight * 2)
            out.marks.push_back(g);
        return;
    }
    if (g.h > o.maxCharHeight || g.w > 24 * g.h)
        return;
    const double fill = double(area) / (double(g.w) * g.h);
    const bool thin = g.w * 3 <= g.h; // l, I, 1, |
    // Enlarged small text merges its letters into blobs as full as a plate of the frame's
    // own size (fill 0.7-0.85): there only a solid shape is a plate. At the frame's size a
    // monospaced word merges as full (0.7-0.75): a plate that is not solid must have a
    // plate's solid edge rows.
    const double plateFill = o.enlargement > 1 ? 0.9 : 0.7;
    const bool plate = area > 100 &&
                       ((fill > plateFill && g.w > 3 * g.h) ||
                        (fill > std::max(0.8, plateFill) && g.w * 2 > g.h * 3)) &&
                       (fill > 0.9 || rectangular());
    const bool block = plate || (fill > 0.9 && !thin && g.w * g.h > 16);
    if (fill >= 0.08 && !block) // not a hollow outline, a solid block or a text plate
        out.glyphs.push_back(g);
}

void addComponents(const cv::Mat& mask, cv::Point offset, int rule, const CandidateOptions& o,
                   Components& out);

// A shape longer than any glyph stroke is a rule, a panel border or an underline, perhaps
// with the glyphs it touches welded to it: the long runs go, the glyphs stay.
void splitRules(const Blobs& blobs, int blob, cv::Point offset, int rule, const CandidateOptions& o,
                Components& out) {
    const cv::Rect box = blobs.blobs[std::size_t(blob)].box;
    cv::Mat shape = blobMask(blobs, blob);
    cv::Mat columns;
    cv::transpose(shape, columns);
    clearLongRuns(columns, rule);
    cv::transpose(columns, columns);
    clearLongRuns(shape, rule);
    shape &= columns;
    addComponents(shape, offset + box.tl(), 0, o, out);
}

void addComponents(const cv::Mat& mask, cv::Point offset, int rule, const CandidateOptions& o,
                   Components& out) {
    const Blobs blobs = findBlobs(mask);
    for (std::size_t i = 0; i < blobs.blobs.size(); ++i) {
        const Blob& s = blobs.blobs[i];
        const Glyph g{s.box.x + offset.x, s.box.y + offset.y, s.box.width, s.box.height};
        if (rule > 0 && (g.w >= rule || g.h >= rule))
            splitRules(blobs, int(i), offset, rule, o, out);
        else
            classify(g, s.area, o, out, [&] { return solidEdges(blobs, i); });
    }
}

Components componentsIn(const cv::Mat& mask, cv::Point offset, const CandidateOptions& o) {
    Components out;
    addComponents(mask, offset, std::max(48, o.maxCharHeight * 3 / 2), o, out);
    std::sort(out.glyphs.begin(), out.glyphs.end(),
              [](const Glyph& a, const Glyph& b) { return a.x < b.x; });
    return out;
}

// Punctuation beside or under a line belongs to it: its box must cover the comma's tail.
// Only pieces smaller than the line's glyphs are taken.
void absorbMarks(std::vector<TextCandidate>& lines, const std::vector<Glyph>& marks) {
    if (marks.size() > 20000)
        return; // texture, not text: the lines there will not survive anyway
    for (TextCandidate& c : lines) {
        const int dx = c.charHeight / 2, dy = c.charHeight * 2 / 5;
        const cv::Rect reach(c.box.x - dx, c.box.y - dy, c.box.width + 2 * dx,
                             c.box.height + 2 * dy);
        for (const Glyph& m : marks) {
            const cv::Rect r(m.x, m.y, m.w, m.h);
            if (m.h * 10 <= c.charHeight * 7 && (r & reach) == r)
                c.box |= r;
        }
    }
}

// Two glyphs of one line: similar size, side by side, sharing a baseline or a top line.
bool sameLine(const Glyph& a, const Glyph& b) {
    const int hmax = std::max(a.h, b.h), hmin = std::min(a.h, b.h);
    if (hmax * 10 > hmin * 19)
        return false;
    const int gap = std::max(a.x, b.x) - std::min(a.right(), b.right());
    if (gap * 10 > hmax * 18)
        return false;
    const int overlap = std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y);
    if (overlap * 2 < hmin)
        return false;
    const int tol = std::max(2, hmax * 3 / 10);
    return std::abs(a.bottom() - b.bottom()) <= tol || std::abs(a.y - b.y) <= tol;
}

// The glyphs of a chain on its main band: those sharing the typical glyph's baseline or top
// line, at most twice its height. A vessel or a speck that chained a line to the texture
// below it is left out.
std::vector<Glyph> onMainBand(const std::vector<Glyph>& glyphs, const std::vector<std::size_t>& m,
                              int h) {
    std::vector<int> tops, bottoms;
    for (std::size_t i : m) {
        tops.push_back(glyphs[i].y);
        bottoms.push_back(glyphs[i].bottom());
    }
    std::nth_element(tops.begin(), tops.begin() + long(tops.size() / 2), tops.end());
    std::nth_element(bottoms.begin(), bottoms.begin() + long(bottoms.size() / 2), bottoms.end());
    const int top = tops[tops.size() / 2], bottom = bottoms[bottoms.size() / 2];
    const int tol = std::max(2, h * 3 / 10);
    std::vector<Glyph> out;
    for (std::size_t i : m) {
        const Glyph& g = glyphs[i];
        if (g.h * 10 <= h * 19 &&
            (std::abs(g.bottom() - bottom) <= tol || std::abs(g.y - top) <= tol))
            out.push_back(g);
    }
    return out;
}

// retryChains: CandidateOptions::untangleChains (off for the second pass over a chain's band).
std::vector<TextCandidate> groupLines(const std::vector<Glyph>& glyphs, int maxCharHeight,
                                      bool retryChains) {
    UnionFind uf(glyphs.size());
    const int reach = maxCharHeight * 18 / 10;
    for (std::size_t i = 0; i < glyphs.size(); ++i)
        for (std::size_t j = i + 1; j < glyphs.size() && glyphs[j].x <= glyphs[i].right() + reach;
             ++j)
            if (sameLine(glyphs[i], glyphs[j]))
                uf.join(i, j);
    std::vector<std::vector<std::size_t>> members(glyphs.size());
    for (std::size_t i = 0; i < glyphs.size(); ++i)
        members[uf.find(i)].push_back(i);
    std::vector<TextCandidate> out;
    std::vector<Glyph> retry;
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
        // A lone shape is a line only if it is a word whose letters touch: wide and tall enough.
        const bool wordBlob = m.size() == 1 && box.width >= 3 * h && h >= 8;
        if (m.size() < 2 && !wordBlob)
            continue;
        if (box.height > 2 * h || box.height > 2 * maxCharHeight) {
            // Glyphs of two lines, or a line and texture, chained together: not one line,
            // but the glyphs on its main band may be one.
            if (retryChains && m.size() >= 3) {
                const std::vector<Glyph> band = onMainBand(glyphs, m, h);
                if (band.size() >= 3 && band.size() * 3 >= m.size() * 2)
                    retry.insert(retry.end(), band.begin(), band.end());
            }
            continue;
        }
        TextCandidate c;
        c.box = box;
        c.glyphs = int(m.size());
        for (std::size_t i : m) // a letter is about 0.6 of the line's glyph height wide
            c.letters += std::max(1, (glyphs[i].w * 10 + 3 * h) / (6 * h));
        c.charHeight = h;
        c.score = double(m.size()) + 0.25 * box.width / std::max(1, h);
        out.push_back(c);
    }
    if (!retry.empty()) {
        std::sort(retry.begin(), retry.end(),
                  [](const Glyph& a, const Glyph& b) { return a.x < b.x; });
        for (TextCandidate& c : groupLines(retry, maxCharHeight, false))
            out.push_back(c);
    }
    return out;
}

bool markBetween(const cv::Rect& left, const cv::Rect& right, const std::vector<Glyph>& marks) {
    const int top = std::max(left.y, right.y),
              bottom = std::min(left.y + left.height, right.y + right.height);
    for (const Glyph& m : marks)
        if (m.x >= left.x + left.width - m.w && m.right() <= right.x + m.w && m.y < bottom + m.h &&
            m.bottom() > top)
            return true;
    return false;
}

// Words of one line that spacing kept apart: a word space, or punctuation and a space
// ("SMITH," and "JOHN" in a monospaced font; in small text the punctuation may not show).
std::vector<TextCandidate> joinWords(std::vector<TextCandidate> lines,
                                     const std::vector<Glyph>& marks) {
    std::sort(lines.begin(), lines.end(),
              [](const TextCandidate& a, const TextCandidate& b) { return a.box.x < b.box.x; });
    std::vector<TextCandidate> out;
    for (TextCandidate& c : lines) {
        auto left = std::find_if(out.rbegin(), out.rend(), [&](const TextCandidate& k) {
            const int h = std::max(k.charHeight, c.charHeight);
            const int gap = c.box.x - (k.box.x + k.box.width);
            const int overlap = std::min(k.box.y + k.box.height, c.box.y + c.box.height) -
                                std::max(k.box.y, c.box.y);
            const int tol = std::max(2, h * 3 / 10);
            const bool aligned = std::abs(k.box.y + k.box.height - c.box.y - c.box.height) <= tol ||
                                 std::abs(k.box.y - c.box.y) <= tol;
            const bool similar = aligned &&
                                 overlap * 10 >= std::min(k.box.height, c.box.height) * 6 &&
                                 std::max(k.charHeight, c.charHeight) * 2 <=
                                     std::min(k.charHeight, c.charHeight) * 3;
            return similar && gap >= 0 &&
                   (gap * 10 <= h * 13 ||
                    (gap * 2 <= h * 5 && (h < 10 || markBetween(k.box, c.box, marks))));
        });
        if (left == out.rend()) {
            out.push_back(std::move(c));
            continue;
        }
        left->box |= c.box;
        left->glyphs += c.glyphs;
        left->letters += c.letters;
        left->score += c.score;
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
// both boxes when they lie on the same band or one holds the other; a line inside another's
// box is dropped.
std::vector<TextCandidate> mergeOverlapping(std::vector<TextCandidate> all) {
    std::sort(all.begin(), all.end(),
              [](const TextCandidate& a, const TextCandidate& b) { return a.score > b.score; });
    std::vector<TextCandidate> kept;
    for (const TextCandidate& c : all) {
        auto it = std::find_if(kept.begin(), kept.end(), [&](const TextCandidate& k) {
            return overlapsMostly(k.box, c.box);
        });
        if (it == kept.end()) {
            kept.push_back(c);
        } else if (sameBand(it->box, c.box)) {
            it->box |= c.box;
            it->glyphs = std::max(it->glyphs, c.glyphs);
            it->letters = std::max(it->letters, c.letters);
            it->enoughAlone = it->enoughAlone || c.enoughAlone;
        } else if ((it->box & c.box).area() * 10 >= it->box.area() * 9) {
            // A piece of the line (a few glyphs found in another view) was kept first: the
            // whole line, read in the view that found more of it.
            if (c.glyphs > it->glyphs) {
                it->view = c.view;
                it->lightOnDark = c.lightOnDark;
                it->charHeight = c.charHeight;
                it->measures = c.measures;
            }
            it->box |= c.box;
            it->glyphs = std::max(it->glyphs, c.glyphs);
            it->letters = std::max(it->letters, c.letters);
            it->enoughAlone = it->enoughAlone || c.enoughAlone;
        }
    }
    return kept;
}

// Parts of one printed line that spacing, punctuation or a change of view kept apart
// ("Patient ID:" and its number, a label in one view and its value in another): same band,
// similar glyphs, a gap of a few characters at most. A finding must cover the whole line.
std::vector<TextCandidate> joinLineParts(std::vector<TextCandidate> lines) {
    bool joined = true;
    while (joined) {
        joined = false;
        std::sort(lines.begin(), lines.end(),
                  [](const TextCandidate& a, const TextCandidate& b) { return a.box.x < b.box.x; });
        for (std::size_t i = 0; i < lines.size() && !joined; ++i) {
            for (std::size_t j = i + 1; j < lines.size() && !joined; ++j) {
                TextCandidate& a = lines[i];
                const TextCandidate& b = lines[j];
                const int h = std::max(a.charHeight, b.charHeight);
                const int hmin = std::max(1, std::min(a.charHeight, b.charHeight));
                const int gap = b.box.x - (a.box.x + a.box.width);
                if (gap > 3 * h)
                    continue;
                const int overlap = std::min(a.box.y + a.box.height, b.box.y + b.box.height) -
                                    std::max(a.box.y, b.box.y);
                const int ca = a.box.y + a.box.height / 2, cb = b.box.y + b.box.height / 2;
                if (overlap * 10 < std::min(a.box.height, b.box.height) * 6 ||
                    std::abs(ca - cb) * 10 > h * 4 || h * 10 > hmin * 18)
                    continue;
                if (b.score > a.score) {
                    a.view = b.view;
                    a.lightOnDark = b.lightOnDark;
                    a.measures = b.measures;
                }
                a.box |= b.box;
                a.glyphs += b.glyphs;
                a.letters += b.letters;
                a.score += b.score;
                a.enoughAlone = a.enoughAlone || b.enoughAlone;
                lines.erase(lines.begin() + long(j));
                joined = true;
            }
        }
    }
    return lines;
}

// Pieces too short to look like text alone ("Sex: M" after a double space, a short value)
// that continue a line in its band, with its polarity and ink: the line's box takes them
// in, so that its finding covers every word. Nothing else of the line changes.
std::vector<TextCandidate> absorbPieces(std::vector<TextCandidate> lines,
                                        const std::vector<TextCandidate>& pieces) {
    std::vector<bool> used(pieces.size(), false);
    for (TextCandidate& a : lines) {
        for (bool grew = true; grew;) {
            grew = false;
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                const TextCandidate& p = pieces[k];
                if (used[k] || p.lightOnDark != a.lightOnDark ||
                    p.measures.contrast * 2 < a.measures.contrast)
                    continue;
                const int h = std::max(a.charHeight, p.charHeight);
                const int hmin = std::max(1, std::min(a.charHeight, p.charHeight));
                const int gap =
                    std::max(p.box.x - (a.box.x + a.box.width), a.box.x - (p.box.x + p.box.width));
                const int overlap = std::min(a.box.y + a.box.height, p.box.y + p.box.height) -
                                    std::max(a.box.y, p.box.y);
                const int ca = a.box.y + a.box.height / 2, cp = p.box.y + p.box.height / 2;
                if (gap < 0 || gap > 2 * h ||
                    overlap * 10 < std::min(a.box.height, p.box.height) * 6 ||
                    std::abs(ca - cp) * 10 > h * 4 || h * 10 > hmin * 18)
                    continue;
                a.box |= p.box;
                used[k] = true;
                grew = true;
            }
        }
    }
    return lines;
}

} // namespace

std::vector<TextCandidate> findTextLines(const cv::Mat& grey, bool lightOnDark,
                                         const CandidateOptions& options) {
    return findTextLines(grey, lightOnDark, options, strokeRegion(grey, options));
}

std::vector<TextCandidate> findTextLines(const cv::Mat& grey, bool lightOnDark,
                                         const CandidateOptions& options, const cv::Rect& region) {
    if (region.empty())
        return {}; // one level all over
    const cv::Mat mask = strokeMask(grey, lightOnDark, options, region);
    const Components parts = componentsIn(mask(region), region.tl(), options);
    std::vector<TextCandidate> lines =
        groupLines(parts.glyphs, options.maxCharHeight, options.untangleChains);
    std::vector<Glyph> small = parts.marks;
    for (const Glyph& g : parts.glyphs)
        small.push_back(g);
    absorbMarks(lines, small);
    lines = joinWords(std::move(lines), parts.marks);
    // Two small blobs side by side, alone: vessels and specks far more often than text.
    lines.erase(std::remove_if(lines.begin(), lines.end(),
                               [](const TextCandidate& c) {
                                   return c.glyphs == 2 && c.charHeight < 10 &&
                                          c.box.width < 3 * c.charHeight;
                               }),
                lines.end());
    for (TextCandidate& c : lines) {
        c.lightOnDark = lightOnDark;
        // Two thirds of the lines of a text-free slice are pieces by their shape, and the
        // two-tonedness and stroke thickness that only whole lines are judged by were a
        // fifth of the search's time there.
        c.measures = measureLine(grey, mask, c.box, c.charHeight, lightOnDark,
                                 strokeKernel(options), options.enlargement, pieceByShape(c));
        // Sharper, more uniform ink makes a line more likely text, and its view the one to read.
        c.score *= (0.5 + 0.5 * c.measures.uniformity) * std::min(1.0, c.measures.contrast / 64) *
                   std::clamp(c.measures.contrastShare, 0.0, 1.0);
    }
    return lines;
}

std::vector<TextCandidate> findTextCandidates(const std::vector<DetectionView>& views,
                                              const CandidateOptions& given) {
    // Bone is what the brightest levels of a grey frame hold; in colour they hold the
    // overlay's text over flow and speckle.
    const bool colour = std::any_of(views.begin(), views.end(), [](const DetectionView& v) {
        return v.kind == DetectionView::Kind::Luma;
    });
    // Colour flow chains to the overlay's text in every view but the one that separates
    // them (the least channel): there, a line untangled from the flow is boxed with flow
    // specks around it and reads worse than the line that view finds whole.
    CandidateOptions options = given;
    options.untangleChains = given.untangleChains && !colour;
    if (colour)
        options.longLineLetters = 0;
    auto judgedAs = [&](const TextCandidate& c) {
        return colour ? DetectionView::Kind::Luma : views[c.view].kind;
    };
    std::vector<TextCandidate> all, pieces;
    for (std::size_t v = 0; v < views.size(); ++v) {
        const cv::Rect region = strokeRegion(views[v].grey, options); // both polarities
        for (bool light : {true, false}) {
            for (TextCandidate& c : findTextLines(views[v].grey, light, options, region)) {
                c.view = v;
                c.enoughAlone = !tooLittleForText(c, judgedAs(c));
                (looksLikeText(c, options) ? all : pieces).push_back(c);
            }
        }
    }
    std::vector<TextCandidate> merged =
        absorbPieces(joinLineParts(mergeOverlapping(std::move(all))), pieces);
    // A whole line is judged in the view it will be read in; a line that one view found
    // clearly enough on its own stays, whichever view found it best (the brightest levels'
    // view can find more of a line over bone, and judges a few shapes there more harshly).
    std::erase_if(merged, [&](const TextCandidate& c) {
        return !c.enoughAlone && tooLittleForText(c, judgedAs(c));
    });
    std::sort(merged.begin(), merged.end(),
              [](const TextCandidate& a, const TextCandidate& b) { return a.score > b.score; });
    if (int(merged.size()) > options.maxCandidates)
        merged.resize(std::size_t(options.maxCandidates));
    return merged;
}

} // namespace veil
