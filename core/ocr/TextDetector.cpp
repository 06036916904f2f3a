#include "ocr/TextDetector.h"

#include "ocr/IdentifierMatcher.h"
#include "ocr/Upscale.h"

#include <algorithm>
#include <cctype>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

int alnumCount(const std::string& s) {
    return int(
        std::count_if(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0; }));
}

bool plausible(const RecognisedLine& line, double minConfidence) {
    const int n = alnumCount(line.text);
    if (n == 0)
        return false;
    if (n <= 2) // a side marker is sure; a speck of texture read as "4" or "AA" is not
        return line.confidence >= std::max(0.92, minConfidence);
    // Texture read as text comes out as a few letters with doubt ("Wand", "oe", "het"):
    // short readings must be sure ones.
    if (n <= 4)
        return line.confidence >= std::max(0.7, minConfidence);
    return line.confidence >= minConfidence;
}

// A sure reading of far fewer characters than the line's width holds ("." for a whole line
// of 7 px glyphs) is not a reading of the line.
bool underRead(const RecognisedLine& line, const TextCandidate& c) {
    return alnumCount(line.text) * std::max(1, c.charHeight) * 2 < c.box.width;
}

// Small glyphs keep their shapes better scaled over the whole line (an evened 0 fills in):
// they are read with the contrast scaled over the whole line first.
CropContrast firstContrast(const TextCandidate& c) {
    return c.charHeight < 10 ? CropContrast::Global : CropContrast::Even;
}

// The crop's polarity is the line's own (prepareLineCrop), so an inverted second reading is of
// use only where the polarity can be wrong: in the brightest levels a plate with dark
// lettering is one light block with holes, and its top-hat reads only inverted. Elsewhere
// the engine's inverted try (it makes one whenever a reading is doubtful, so for texture
// always) read nothing the first did not on dev seeds 1-15, the fixtures and the variants,
// and was half the reading of text-free slices (callgrind, 40 real slices of dev seed 3:
// 0.73G instructions with it, 0.38G without). One rule for readCandidate and readsTheSame,
// whose readings share the cache.
bool tryInverted(const TextCandidate& c, const std::vector<DetectionView>& views, std::size_t v,
                 CropContrast contrast) {
    return v == c.view && contrast == firstContrast(c) &&
           views[v].kind == DetectionView::Kind::TopOfRange;
}

// A reading that spells an identifying label with a value after it ("MRN: BOsga7e2") is
// kept over a doubtful one that does not ("th: feet rote" for the same line over bone):
// texture does not spell labels, and the label says the line identifies whatever its value
// reads as. A sure reading without a label still wins.
bool labelled(const RecognisedLine& line) {
    return line.confidence >= IdentifierMatcher::kLabelConfidence &&
           !identifierLabel(line.text).empty();
}

bool preferable(const RecognisedLine& a, const RecognisedLine& b) {
    if (labelled(a) != labelled(b)) {
        const RecognisedLine& unlabelled = labelled(a) ? b : a;
        if (unlabelled.confidence < IdentifierMatcher::kReadableConfidence)
            return labelled(a);
    }
    return a.confidence > b.confidence;
}

std::vector<TextLine> sorted(std::vector<TextLine> out) {
    std::sort(out.begin(), out.end(), [](const TextLine& a, const TextLine& b) {
        return a.box.y != b.box.y ? a.box.y < b.box.y : a.box.x < b.box.x;
    });
    return out;
}

} // namespace

PixelBox findingBox(const TextCandidate& c, int rows, int columns) {
    const int m = std::max(2, c.charHeight / 5);
    const int x0 = std::max(0, c.box.x - m), y0 = std::max(0, c.box.y - m);
    const int x1 = std::min(columns, c.box.x + c.box.width + m);
    const int y1 = std::min(rows, c.box.y + c.box.height + m);
    return {x0, y0, x1 - x0, y1 - y0};
}

namespace {

// A prepared crop maps the line's strongest response to black (prepareLineCrop): one with no
// pixel darker than mid-grey has no response above the noise in that view (the line's ink lies
// outside the view's levels), and the engine reads specks of nothing in it ("OS" with no
// confidence). A tenth of the readings of text-free CT/MR slices were of such crops.
bool hasInk(const cv::Mat& prepared) {
    for (int y = 0; y < prepared.rows; ++y) {
        const uchar* row = prepared.ptr<uchar>(y);
        if (std::any_of(row, row + prepared.cols, [](uchar v) { return v < 128; }))
            return true;
    }
    return false;
}

} // namespace

RecognisedLine TextDetector::read(const cv::Mat& prepared, bool tryInverted) const {
    if (!hasInk(prepared))
        return {};
    if (!m_cache)
        return recogniseLine(prepared, tryInverted);
    const std::uint64_t key = hashPixels(prepared) ^ (tryInverted ? 0 : 0x9e3779b97f4a7c15ull);
    if (auto hit = m_cache->line(key))
        return *hit;
    RecognisedLine line = recogniseLine(prepared, tryInverted);
    m_cache->storeLine(key, line);
    return line;
}

// The view a line was found in is not always the best to read it in: the brightest levels
// find text over anything but strip the glyphs' antialiasing, so a line found there is read
// in the full view too and the surer reading kept. Lines still read with doubt get further
// readings in the other views, then with the contrast scaled over the whole line.
RecognisedLine TextDetector::readCandidate(const TextCandidate& c,
                                           const std::vector<DetectionView>& views,
                                           Rendering* kept) const {
    std::vector<std::size_t> order{c.view};
    for (std::size_t v = 0; v < views.size(); ++v)
        if (v != c.view)
            order.push_back(v);
    const std::size_t alwaysRead = views[c.view].kind == DetectionView::Kind::TopOfRange ? 2 : 1;
    const CropContrast first = firstContrast(c);
    const CropContrast second =
        first == CropContrast::Global ? CropContrast::Even : CropContrast::Global;
    RecognisedLine best;
    std::size_t readings = 0;
    for (CropContrast contrast : {first, second}) {
        for (std::size_t v : order) {
            const RecognisedLine line =
                read(prepareLineCrop(views[v].grey, c.box, c.lightOnDark, contrast).image,
                     tryInverted(c, views, v, contrast));
            if (preferable(line, best)) {
                best = line;
                if (kept)
                    *kept = {v, contrast};
            }
            if (++readings >= alwaysRead && best.confidence >= kConfident && !underRead(best, c))
                return best;
            // Texture read as nothing in the views it was found in is not tried further: text
            // reads as something somewhere at once. Long lines are always given every view.
            if (readings >= alwaysRead && best.confidence < kHopeless && c.glyphs < 6)
                return best;
        }
        // Nor is a short line that no view reads with some confidence in its first contrast
        // given the second, unless its shape alone says text (textByShape: it then needs a
        // good reading to be cleared). On text-free CT/MR slices this was a quarter of the
        // readings; on text, the second contrast of such a line never made a reading that
        // decided it (development seeds 1-15).
        if (contrast == first && c.glyphs < 6 && best.confidence < kDoubtful &&
            !textByShape(c, views[c.view].kind))
            return best;
    }
    return best;
}

namespace {

std::string squeezed(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        if (!std::isspace(c))
            out += char(std::toupper(c));
    return out;
}

} // namespace

// Low confidence can be the engine's doubt about a font it reads consistently (device text
// with a slashed zero): the same text from two renderings of the line is a reading, where
// damaged or tiny text reads differently each time. The readings are the ones readCandidate
// made, so with a cache this costs nothing.
bool TextDetector::readsTheSame(const TextCandidate& c, const std::vector<DetectionView>& views,
                                const std::string& text) const {
    const std::string want = squeezed(text);
    if (alnumCount(want) < 4)
        return false;
    int same = 0;
    for (CropContrast contrast : {CropContrast::Even, CropContrast::Global})
        for (std::size_t v = 0; v < views.size(); ++v)
            if (squeezed(read(prepareLineCrop(views[v].grey, c.box, c.lightOnDark, contrast).image,
                              tryInverted(c, views, v, contrast))
                             .text) == want &&
                ++same >= 2)
                return true;
    return false;
}

// A view that is 0 over most of the frame (the brightest levels of a CT slice) is enlarged
// only where it is not, with a margin of zeros wider than the cubic's reach: the rest of the
// enlarged view is 0 either way, and the result is the same to the pixel.
std::vector<DetectionView> enlargedViews(const std::vector<DetectionView>& views, int scale) {
    std::vector<DetectionView> out;
    for (const DetectionView& v : views) {
        DetectionView e{v.kind, {}};
        const cv::Rect frame(0, 0, v.grey.cols, v.grey.rows);
        cv::Rect used = boundsAbove(v.grey, 0);
        if (used.area() * 10 < frame.area() * 6) {
            const int m = 3;
            used =
                cv::Rect(used.x - m, used.y - m, used.width + 2 * m, used.height + 2 * m) & frame;
            e.grey = cv::Mat::zeros(v.grey.rows * scale, v.grey.cols * scale, CV_8U);
            if (!used.empty()) {
                cv::Mat part = e.grey(cv::Rect(used.x * scale, used.y * scale, used.width * scale,
                                               used.height * scale));
                upscaleCubic(v.grey(used), part, scale);
            }
        } else {
            upscaleCubic(v.grey, e.grey, scale);
        }
        out.push_back(std::move(e));
    }
    return out;
}

int detectionScale(int rows, int columns) {
    return std::max(rows, columns) <= kSmallFrame ? 2 : 1;
}

std::vector<TextLine> TextDetector::detect(const std::vector<DetectionView>& views) const {
    if (views.empty())
        return {};
    const int rows = views.front().grey.rows, cols = views.front().grey.cols;
    // Small frames (256x256 MR, 128x128 CT) carry text 6-9 px high, whose lower-case letters
    // are smaller than any glyph the candidates accept: they are searched again enlarged. A
    // line found there replaces the pieces the first search found of it; lines found only
    // enlarged are read at both sizes, the surer reading kept (a second interpolation can
    // blur a 0 into a 6).
    struct Work {
        TextCandidate c;        // frame coordinates
        int enlargedIndex = -1; // into `wide` when found enlarged
    };
    std::vector<Work> work;
    for (const TextCandidate& c : findTextCandidates(views, m_options.candidates))
        work.push_back({c, -1});
    const int scale = detectionScale(rows, cols);
    std::vector<DetectionView> enlarged;
    std::vector<TextCandidate> wide;
    if (scale > 1) {
        enlarged = enlargedViews(views, scale);
        CandidateOptions o = m_options.candidates;
        o.enlargement = scale;
        wide = findTextCandidates(enlarged, o);
    }
    for (std::size_t i = 0; i < wide.size(); ++i) {
        const TextCandidate& e = wide[i];
        TextCandidate c = e;
        const int x0 = e.box.x / scale, y0 = e.box.y / scale;
        c.box = cv::Rect(x0, y0, (e.box.x + e.box.width + scale - 1) / scale - x0,
                         (e.box.y + e.box.height + scale - 1) / scale - y0) &
                cv::Rect(0, 0, cols, rows);
        c.charHeight = std::max(1, e.charHeight / scale);
        cv::Rect pieces;
        std::vector<std::size_t> overlapped;
        for (std::size_t k = 0; k < work.size(); ++k)
            if (work[k].enlargedIndex < 0 &&
                (work[k].c.box & c.box).area() * 2 > std::min(work[k].c.box.area(), c.box.area())) {
                overlapped.push_back(k);
                pieces = pieces.empty() ? work[k].c.box : (pieces | work[k].c.box);
            }
        if (!overlapped.empty() && c.box.width * 4 < pieces.width * 5) {
            // The first search had this line already; small glyphs may still read better
            // enlarged, so its enlarged twin is kept as a second reading.
            if (overlapped.size() == 1)
                work[overlapped.front()].enlargedIndex = int(i);
            continue;
        }
        for (auto k = overlapped.rbegin(); k != overlapped.rend(); ++k)
            work.erase(work.begin() + long(*k));
        work.push_back({c, int(i)});
    }
    std::vector<TextLine> out;
    for (const Work& w : work) {
        Rendering rendering;
        RecognisedLine line = readCandidate(w.c, views, &rendering);
        if (w.enlargedIndex >= 0 && (line.confidence < kConfident || underRead(line, w.c))) {
            Rendering enlargedRendering;
            if (RecognisedLine r =
                    readCandidate(wide[std::size_t(w.enlargedIndex)], enlarged, &enlargedRendering);
                preferable(r, line) ||
                (underRead(line, w.c) && alnumCount(r.text) > alnumCount(line.text))) {
                line = r;
                rendering = enlargedRendering;
            }
        }
        const bool byShape = textByShape(w.c, views[w.c.view].kind);
        if (!byShape && !plausible(line, m_options.minConfidence))
            continue;
        // Words of the line the search missed: the box grows over them and the whole line is
        // read again, the reading with more of the line kept unless it is much less sure.
        TextCandidate whole = w.c;
        whole.box = extendAlongLine(views[w.c.view].grey, w.c);
        std::string longerText;
        if (whole.box.width > w.c.box.width + w.c.charHeight) {
            // Read where the part read best: the rest of the line is the same print.
            const RecognisedLine longer =
                read(prepareLineCrop(views[rendering.view].grey, whole.box, whole.lightOnDark,
                                     rendering.contrast)
                         .image,
                     tryInverted(whole, views, rendering.view, rendering.contrast));
            if (alnumCount(longer.text) > alnumCount(line.text) &&
                longer.confidence >= line.confidence * 0.8) {
                line = longer;
                longerText = line.text;
            }
        }
        // A sure reading of a few characters is not a reading of a long row of glyphs ("ate."
        // for a name): the line stays unread.
        if (byShape && underRead(line, line.text == longerText ? whole : w.c))
            line.confidence = 0;
        // A line only its shape keeps must be read the same twice before its reading can
        // clear it (IdentifierMatcher::classify).
        const bool stable = byShape &&
                            line.confidence < IdentifierMatcher::kReadableConfidenceSmall &&
                            readsTheSame(line.text == longerText ? whole : w.c, views, line.text);
        out.push_back({findingBox(whole, rows, cols), line.text, line.confidence, byShape,
                       w.c.charHeight, stable});
    }
    return sorted(std::move(out));
}

std::vector<TextLine> TextDetector::detect(const Frame& frame, const RenderParams& params) const {
    return detect(detectionViews(frame, params));
}

} // namespace veil
