#include "ocr/ScanJob.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "ocr/IdentifierMatcher.h"
#include "pixel/Overlays.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string_view>

namespace veil {

namespace {

constexpr int kFramesPerItem = 8;

struct WorkItem {
    std::size_t instance;
    int first, last; // frames [first, last)
};

struct Target {
    const InstanceInfo* info;
    const IdentifierSet* studyIds;
};

void sortFindings(std::vector<Finding>& f) {
    std::stable_sort(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
        return std::tie(a.frame, a.box.y, a.box.x) < std::tie(b.frame, b.box.y, b.box.x);
    });
}

// Reads the lines of one frame (decoded here unless the caller has it already), or remembers
// them.
std::vector<TextLine> linesOf(const DicomFile& file, int index, const RenderParams& params,
                              const TextDetector& detector, OcrCache* cache, const Frame* decoded) {
    const Frame frame = decoded ? *decoded : file.frame(index);
    if (!cache)
        return detector.detect(frame, params);
    const FrameKey key = frameKeyFor(frame, params);
    if (auto hit = cache->frame(key))
        return *hit;
    std::vector<TextLine> lines = detector.detect(frame, params);
    cache->storeFrame(key, lines);
    return lines;
}

// Reads the lines of one overlay bitmap, or remembers them (keyed apart from the pixels).
std::vector<TextLine> overlayLinesOf(const OverlayLayer& layer, const InstanceInfo& info,
                                     const TextDetector& detector, OcrCache* cache) {
    const Frame frame = overlayAsFrame(layer);
    const RenderParams params; // 0 and 255: min..max
    if (!cache)
        return detector.detect(frame, params);
    const FrameKey key{info.sopInstanceUid + "#overlay " + overlayGroupName(layer.plane.group),
                       layer.imageFrame, hashPixels(frame.pixels)};
    if (auto hit = cache->frame(key))
        return *hit;
    std::vector<TextLine> lines = detector.detect(frame, params);
    cache->storeFrame(key, lines);
    return lines;
}

bool sameLayer(const Finding& a, const Finding& b) {
    return a.frame == b.frame && a.overlayGroup == b.overlayGroup;
}

} // namespace

// A value too long for its line goes on below it, left-aligned with the line or its value
// (right-aligned in a right-hand block), in the same size: the patient's too. Findings are one
// frame's or more, in reading order within each frame once sorted; chains ("Royal Infirmary of" /
// "Edinburgh" / "and Lothians") are followed down.
void markWrappedValues(std::vector<Finding>& findings, const IdentifierMatcher& matcher) {
    sortFindings(findings);
    for (std::size_t i = 0; i < findings.size(); ++i) {
        Finding& f = findings[i];
        if (f.phi || f.source != FindingSource::Ocr || !matcher.couldContinueValue(f.text))
            continue;
        for (std::size_t k = 0; k < i; ++k) {
            const Finding& above = findings[k];
            if (!above.phi || !sameLayer(above, f) || above.source != FindingSource::Ocr)
                continue;
            const int h = above.box.h;
            const int gap = f.box.y - (above.box.y + above.box.h);
            const bool below = gap >= -h / 4 && gap <= h * 3 / 4;
            const int right = f.box.x + f.box.w, aboveRight = above.box.x + above.box.w;
            const bool aligned =
                (f.box.x >= above.box.x - h && f.box.x <= above.box.x + above.box.w / 2) ||
                std::abs(right - aboveRight) <= h; // a right-aligned block
            const bool sameSize = f.box.h * 10 >= h * 7 && f.box.h * 10 <= h * 14;
            if (below && aligned && sameSize) {
                f.phi = true;
                f.matched = above.matched;
                f.reason = "wrapped";
                break;
            }
        }
    }
}

// Pieces of one printed line read as separate findings ("Patient ID:" and its number) become
// one when either is the patient's: redacting it must not leave a word of the line.
void joinLinePieces(std::vector<Finding>& findings) {
    sortFindings(findings);
    for (bool joined = true; joined;) {
        joined = false;
        for (std::size_t i = 0; i < findings.size() && !joined; ++i)
            for (std::size_t k = 0; k < findings.size() && !joined; ++k) {
                Finding& a = findings[i];
                const Finding& b = findings[k];
                // A bare label's value is what follows it on the line ("Study Date:" and a
                // date read badly).
                const bool labelled = isBareLabel(a.text);
                if (i == k || !sameLayer(a, b) || a.source != FindingSource::Ocr ||
                    b.source != FindingSource::Ocr || !(a.phi || b.phi || labelled) ||
                    b.box.x < a.box.x)
                    continue;
                const int h = std::max(a.box.h, b.box.h), hmin = std::min(a.box.h, b.box.h);
                const int overlap =
                    std::min(a.box.y + a.box.h, b.box.y + b.box.h) - std::max(a.box.y, b.box.y);
                const int gap = b.box.x - (a.box.x + a.box.w);
                if (overlap * 10 < hmin * 6 || h * 10 > hmin * 15 || gap > 4 * h)
                    continue;
                const int x0 = std::min(a.box.x, b.box.x), y0 = std::min(a.box.y, b.box.y);
                const int x1 = std::max(a.box.x + a.box.w, b.box.x + b.box.w);
                const int y1 = std::max(a.box.y + a.box.h, b.box.y + b.box.h);
                a.box = {x0, y0, x1 - x0, y1 - y0};
                a.text += " " + b.text;
                a.confidence = std::min(a.confidence, b.confidence);
                if (!a.phi || a.matched.empty())
                    a.matched = b.matched;
                if (!a.phi)
                    a.reason = b.phi ? b.reason : "label";
                a.phi = true;
                findings.erase(findings.begin() + long(k));
                joined = true;
            }
    }
}

void judgeLines(int frame, const std::vector<TextLine>& lines, const IdentifierMatcher& matcher,
                std::vector<Finding>& out) {
    for (const TextLine& line : lines) {
        const TextVerdict v = matcher.classify(line.text, line.confidence, line.textLike,
                                               line.glyphHeight, line.stable);
        out.push_back({frame, line.box, line.text, line.confidence, v.phi, v.matched,
                       FindingSource::Ocr, v.reason});
    }
}

void settleFindings(std::vector<Finding>& findings, const IdentifierMatcher& matcher,
                    double minTextConfidence) {
    // Doubtful readings stay until the line's pieces are joined (a label's value read badly is
    // still its value); alone, other text read with doubt is noise.
    joinLinePieces(findings);
    markWrappedValues(findings, matcher);
    std::erase_if(findings,
                  [&](const Finding& f) { return !f.phi && f.confidence < minTextConfidence; });
}

namespace {

struct KeyHash {
    std::uint64_t h = 0xCBF29CE484222325ull;
    void bytes(const void* p, std::size_t n) {
        h ^= std::hash<std::string_view>{}({static_cast<const char*>(p), n}) +
             0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    }
    void add(double v) { bytes(&v, sizeof v); }
    void add(long v) { bytes(&v, sizeof v); }
    void add(const std::string& s) {
        add(long(s.size()));
        bytes(s.data(), s.size());
    }
    void add(const Lut& l) { // its explanation is a label, not how it renders
        add(long(l.firstMapped));
        add(long(l.bits));
        add(long(l.data.size()));
        bytes(l.data.data(), l.data.size() * sizeof(int));
    }
    template <class T> void add(const std::optional<T>& o) {
        add(long(o.has_value()));
        if (o)
            add(*o);
    }
    void add(const Window& w) {
        add(w.center);
        add(w.width);
    }
    void add(const PaletteLut& p) {
        add(p.red);
        add(p.green);
        add(p.blue);
    }
};

} // namespace

FrameKey frameKeyFor(const Frame& frame, const RenderParams& params) {
    KeyHash k;
    k.add(frame.photometric);
    k.add(params.slope);
    k.add(params.intercept);
    k.add(params.modalityLut);
    k.add(params.window);
    k.add(params.voiFunction);
    k.add(params.voiLut);
    k.add(long(params.invert));
    k.add(params.palette);
    k.add(long(params.presets.size()));
    for (const WindowPreset& w : params.presets) { // the explanation names it only
        k.add(w.center);
        k.add(w.width);
        k.add(w.function);
    }
    return {"pixels", 0, hashPixels(frame.pixels) ^ (k.h * 0x9E3779B97F4A7C15ull)};
}

ScanJob::ScanJob(ScanOptions options, std::shared_ptr<OcrCache> cache)
    : m_options(std::move(options)), m_profiles(OcrProfiles::load(m_options.profilesFolder)),
      m_cache(std::move(cache)), m_detector(m_options.detector, m_cache) {}

std::vector<Finding> ScanJob::readReport(const InstanceInfo& info, const IdentifierSet& ids) const {
    if (!m_options.readReport)
        throw Error(info.path, "a report: its pages were not read (this scan reads no reports)");
    return m_options.readReport(info, ids);
}

// The instance's own identifiers and the study's, judged with the modality's allowlist.
IdentifierMatcher ScanJob::matcherFor(const DicomFile& file, const InstanceInfo& info,
                                      const IdentifierSet& extra) const {
    IdentifierSet ids = IdentifierSet::fromFile(file);
    ids.merge(extra);
    return IdentifierMatcher(std::move(ids), m_profiles.allowlist, info.modality);
}

std::vector<Finding> ScanJob::scanFrames(const InstanceInfo& info, const IdentifierSet& extra,
                                         int first, int last, const CancelToken& cancel,
                                         bool withOverlays) const {
    const DicomFile file = DicomFile::open(info.localPath.empty() ? info.path : info.localPath);
    std::vector<Finding> out = scanFrames(file, info, extra, first, last, cancel);
    if (withOverlays)
        for (Finding& f : scanOverlays(file, info, extra, cancel))
            out.push_back(std::move(f));
    return out;
}

std::vector<Finding> ScanJob::scanFrames(const DicomFile& file, const InstanceInfo& info,
                                         const IdentifierSet& extra, int first, int last,
                                         const CancelToken& cancel, const Frame* decoded) const {
    const RenderParams params = renderParamsFor(file);
    last = std::min(last, file.frameCount());
    std::optional<IdentifierMatcher> matcher; // built when the first line is read
    std::vector<Finding> out;
    for (int i = first; i < last && !cancel.isCancelled(); ++i) {
        const std::vector<TextLine> lines =
            linesOf(file, i, params, m_detector, m_cache.get(), i == first ? decoded : nullptr);
        if (lines.empty())
            continue;
        if (!matcher)
            matcher.emplace(matcherFor(file, info, extra));
        judgeLines(i, lines, *matcher, out);
    }
    if (matcher)
        settleFindings(out, *matcher, m_options.minTextConfidence);
    return out;
}

std::vector<Finding> ScanJob::scanImage(const cv::Mat& image, const IdentifierSet& ids,
                                        const std::string& modality) const {
    if (image.empty() || image.depth() != CV_8U)
        throw Error("the picture is not 8-bit: it cannot be read for text");
    Frame frame;
    if (image.channels() == 1) {
        frame.pixels = image;
        frame.photometric = "MONOCHROME2";
    } else {
        cv::cvtColor(image, frame.pixels,
                     image.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
        frame.photometric = "RGB";
    }
    const IdentifierMatcher matcher(ids, m_profiles.allowlist, modality);
    std::vector<Finding> out;
    judgeLines(0, m_detector.detect(frame, RenderParams{}), matcher, out);
    settleFindings(out, matcher, m_options.minTextConfidence);
    return out;
}

std::vector<Finding> ScanJob::scanOverlays(const DicomFile& file, const InstanceInfo& info,
                                           const IdentifierSet& extra,
                                           const CancelToken& cancel) const {
    std::optional<IdentifierMatcher> matcher;
    std::vector<Finding> out;
    for (const OverlayLayer& layer : overlayBitmaps(file)) {
        if (cancel.isCancelled())
            break;
        const std::vector<TextLine> lines = overlayLinesOf(layer, info, m_detector, m_cache.get());
        if (lines.empty())
            continue;
        if (!matcher)
            matcher.emplace(matcherFor(file, info, extra));
        const std::size_t before = out.size();
        judgeLines(layer.imageFrame, lines, *matcher, out);
        for (std::size_t k = before; k < out.size(); ++k)
            out[k].overlayGroup = layer.plane.group;
    }
    if (matcher)
        settleFindings(out, *matcher, m_options.minTextConfidence);
    return out;
}

std::vector<Finding> ScanJob::scanInstance(const InstanceInfo& info,
                                           const IdentifierSet& extra) const {
    return scanInstance(DicomFile::open(info.localPath.empty() ? info.path : info.localPath), info,
                        extra);
}

std::vector<Finding> ScanJob::scanInstance(const DicomFile& file, const InstanceInfo& info,
                                           const IdentifierSet& extra) const {
    CancelToken never;
    std::vector<Finding> out =
        m_options.useTemplates ? m_profiles.templateFindings(info) : std::vector<Finding>{};
    for (Finding& f : scanFrames(file, info, extra, 0, std::max(1, info.frames), never))
        out.push_back(std::move(f));
    for (Finding& f : scanOverlays(file, info, extra, never))
        out.push_back(std::move(f));
    sortFindings(out);
    return out;
}

ScanResult ScanJob::run(const StudyIndex& index, ProgressSink& progress,
                        const CancelToken& cancel) const {
    std::vector<Target> targets;
    std::vector<IdentifierSet> studySets;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies)
            studySets.push_back(IdentifierSet::fromStudy(p, st));
    std::size_t studyIndex = 0;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies) {
            for (const SeriesNode& se : st.series)
                for (const InstanceInfo& i : se.instances)
                    targets.push_back({&i, &studySets[studyIndex]});
            ++studyIndex;
        }

    ScanResult result;
    result.warnings = m_profiles.warnings;
    std::vector<WorkItem> items;
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const InstanceInfo& info = *targets[t].info;
        result.instances.push_back({info.path, info.sopInstanceUid, 0, {}, {}});
        if (info.report) { // every page at once: one document, rendered once
            items.push_back({t, 0, std::max(1, info.frames)});
            continue;
        }
        if (!info.hasPixelData)
            continue;
        const int frames = std::max(1, info.frames);
        for (int f = 0; f < frames; f += kFramesPerItem)
            items.push_back({t, f, std::min(frames, f + kFramesPerItem)});
        if (m_options.useTemplates)
            result.instances[t].findings = m_profiles.templateFindings(info);
    }

    std::mutex resultMutex;
    ParallelOptions options;
    options.threads = m_options.threads;
    options.progress = &progress;
    options.weight = [&](std::size_t k) { return long(items[k].last - items[k].first); };
    options.what = [&](std::size_t k) { return targets[items[k].instance].info->path; };
    const ParallelResult run = parallelFor(
        items.size(),
        [&](std::size_t k, int) {
            const WorkItem& w = items[k];
            const Target& t = targets[w.instance];
            // The instance's overlay planes once, with its first frames.
            std::vector<Finding> found = t.info->report ? readReport(*t.info, *t.studyIds)
                                                        : scanFrames(*t.info, *t.studyIds, w.first,
                                                                     w.last, cancel, w.first == 0);
            std::lock_guard lock(resultMutex);
            InstanceFindings& r = result.instances[w.instance];
            r.frames += w.last - w.first;
            for (Finding& f : found)
                r.findings.push_back(std::move(f));
        },
        cancel, options);
    for (const ParallelResult::Failure& f : run.failures) { // by item: an instance's first error
        InstanceFindings& r = result.instances[items[f.item].instance];
        if (r.error.empty())
            r.error = f.message;
    }

    for (InstanceFindings& r : result.instances) {
        sortFindings(r.findings);
        result.framesScanned += r.frames;
    }
    result.cancelled = cancel.isCancelled();
    return result;
}

} // namespace veil
