#pragma once
// bench_ocr's yardstick: the fixtures generator's key against what the scan found.
// Recall: key phi boxes (per frame) overlapped by an OCR phi finding; precision: OCR phi
// findings overlapping a key phi box. "Overlapped": the intersection covers half of the key
// box, or half of the finding (a finding on part of a line), or the IoU is at least 0.5.
#include "Fixtures.h"
#include "ocr/Finding.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace veil::bench {

struct OcrScore {
    long keyPhi = 0, keyPhiHit = 0, keyPhiHitWithTemplates = 0;
    long phiFindings = 0, phiFindingsRight = 0;
    long harmlessFlagged = 0; // key text that is not phi, flagged phi
    long harmlessKey = 0;
    std::vector<std::string> misses, falseAlarms;

    double recall() const { return keyPhi ? double(keyPhiHit) / double(keyPhi) : 1.0; }
    double precision() const {
        return phiFindings ? double(phiFindingsRight) / double(phiFindings) : 1.0;
    }
};

inline bool overlaps(const fixtures::TextBox& k, const PixelBox& f) {
    const int x0 = std::max(k.x, f.x), y0 = std::max(k.y, f.y);
    const int x1 = std::min(k.x + k.w, f.x + f.w), y1 = std::min(k.y + k.h, f.y + f.h);
    const double inter = double(std::max(0, x1 - x0)) * std::max(0, y1 - y0);
    const double ka = double(k.w) * k.h, fa = double(f.w) * f.h;
    return inter > 0 &&
           (inter >= 0.5 * ka || inter >= 0.5 * fa || inter / (ka + fa - inter) >= 0.5);
}

inline std::string describe(const fixtures::TextBox& k) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "'%s' (%s %dpx %s, %d,%d %dx%d)", k.text.c_str(), k.font.c_str(),
                  k.sizePx, k.darkOnLight ? "dark" : "light", k.x, k.y, k.w, k.h);
    return buf;
}

// One instance: every frame scanned, every key box on it.
inline void score(const fixtures::FileEntry& key, const InstanceFindings& found, OcrScore& s) {
    for (int frame = 0; frame < found.frames; ++frame) {
        std::vector<const fixtures::TextBox*> boxes;
        for (const fixtures::TextBox& k : key.boxes)
            if (k.frame == frame || k.frame == -1)
                boxes.push_back(&k);
        std::vector<const Finding*> phi, templates;
        for (const Finding& f : found.findings) {
            if (f.source == FindingSource::Template)
                templates.push_back(&f);
            else if (f.frame == frame && f.phi)
                phi.push_back(&f);
        }
        for (const fixtures::TextBox* k : boxes) {
            const auto hits = [&](const std::vector<const Finding*>& fs) {
                return std::any_of(fs.begin(), fs.end(),
                                   [&](const Finding* f) { return overlaps(*k, f->box); });
            };
            if (!k->phi) {
                ++s.harmlessKey;
                continue;
            }
            ++s.keyPhi;
            const bool hit = hits(phi);
            s.keyPhiHit += hit;
            s.keyPhiHitWithTemplates += hit || hits(templates);
            if (!hit)
                s.misses.push_back(key.relativePath + " f" + std::to_string(frame) + ": " +
                                   describe(*k));
        }
        for (const Finding* f : phi) {
            ++s.phiFindings;
            bool right = false, harmless = false;
            for (const fixtures::TextBox* k : boxes) {
                if (!overlaps(*k, f->box))
                    continue;
                right |= k->phi;
                harmless |= !k->phi;
            }
            s.phiFindingsRight += right;
            s.harmlessFlagged += !right && harmless;
            if (!right)
                s.falseAlarms.push_back(key.relativePath + " f" + std::to_string(frame) + ": '" +
                                        f->text + "'" +
                                        (harmless ? " (harmless key text)" : " (no key text)"));
        }
    }
}

inline void print(const char* what, const OcrScore& s, std::size_t listed) {
    std::printf(
        "%s: phi recall %ld/%ld = %.3f (with template boxes %.3f); phi precision %ld/%ld = %.3f; "
        "harmless key lines flagged %ld/%ld\n",
        what, s.keyPhiHit, s.keyPhi, s.recall(),
        s.keyPhi ? double(s.keyPhiHitWithTemplates) / double(s.keyPhi) : 1.0, s.phiFindingsRight,
        s.phiFindings, s.precision(), s.harmlessFlagged, s.harmlessKey);
    for (std::size_t i = 0; i < s.misses.size() && i < listed; ++i)
        std::printf("  missed  %s\n", s.misses[i].c_str());
    for (std::size_t i = 0; i < s.falseAlarms.size() && i < listed; ++i)
        std::printf("  false   %s\n", s.falseAlarms[i].c_str());
}

} // namespace veil::bench

// ---- Real anatomy with burned-in lines (RealText.h): whole-line coverage ----
#include "RealText.h"

#include <map>
#include <opencv2/core.hpp>

namespace veil::bench {

// Recall: an identifying line counts when at least 90% of its ink box is covered by findings
// flagged identifying. Precision: a finding flagged identifying is right when at least half
// of it lies on identifying lines (their boxes grown by half a line height: a whole-line box
// has a margin).
struct LineScore {
    long phiLines = 0, phiCovered = 0, phiFindings = 0, phiFindingsRight = 0;
    long harmlessLines = 0, harmlessFlagged = 0, anyFinding = 0;
    long nativePhiLines = 0, nativePhiCovered = 0;         // the samples' own identifying text
    std::map<std::string, std::pair<long, long>> perCause; // covered, total
    std::vector<std::string> misses, falseAlarms;
    double recall() const { return phiLines ? double(phiCovered) / double(phiLines) : 1.0; }
    double precision() const {
        return phiFindings ? double(phiFindingsRight) / double(phiFindings) : 1.0;
    }
};

inline cv::Rect rectOf(const PixelBox& b) {
    return {b.x, b.y, b.w, b.h};
}

inline double coveredShare(const cv::Rect& box, const std::vector<cv::Rect>& by) {
    if (box.area() <= 0)
        return 0;
    cv::Mat covered(box.size(), CV_8U, cv::Scalar(0));
    for (const cv::Rect& r : by) {
        const cv::Rect i = (r & box);
        if (i.area() > 0)
            covered(i - box.tl()).setTo(255);
    }
    return double(cv::countNonZero(covered)) / box.area();
}

inline void scoreLines(const KeyImage& key, const InstanceFindings& found, LineScore& s) {
    std::vector<cv::Rect> phi, phiKey, any;
    for (const Finding& f : found.findings)
        if (f.source == FindingSource::Ocr && f.frame == 0) {
            any.push_back(rectOf(f.box));
            if (f.phi)
                phi.push_back(rectOf(f.box));
        }
    for (const KeyLine& l : key.lines) {
        if (!l.phi) {
            ++s.harmlessLines;
            s.harmlessFlagged += coveredShare(l.box, phi) >= 0.5;
            continue;
        }
        const int g = std::max(3, l.box.height / 2);
        phiKey.push_back({l.box.x - g, l.box.y - g, l.box.width + 2 * g, l.box.height + 2 * g});
        const double share = coveredShare(l.box, phi);
        const bool hit = share >= 0.9;
        if (l.native) { // counted apart: the recall is of the generated lines
            ++s.nativePhiLines;
            s.nativePhiCovered += hit;
        } else {
            ++s.phiLines;
            s.phiCovered += hit;
            for (const std::string& c : l.causes) {
                s.perCause[c].first += hit;
                ++s.perCause[c].second;
            }
            s.perCause["all"].first += hit;
            ++s.perCause["all"].second;
        }
        if (!hit) {
            char buf[256];
            std::snprintf(buf, sizeof buf, "%s%s [%s] '%s' %dpx %s%s covered %.0f%%",
                          l.native ? "(its own text) " : "", key.source.c_str(), key.form.c_str(),
                          l.text.c_str(), l.sizePx, l.font.c_str(), l.antialias ? "" : " (no AA)",
                          share * 100);
            // What was found on the line, if anything: its reading and whether it was flagged
            // (a miss with nothing found is the search's; one read and cleared, the reading's).
            std::string there;
            for (const Finding& f : found.findings)
                if (f.source == FindingSource::Ocr && f.frame == 0 &&
                    (rectOf(f.box) & l.box).area() * 2 >= l.box.area() / 4)
                    there += std::string(there.empty() ? "; found " : ", ") + "'" + f.text + "' " +
                             (f.phi ? "flagged" : "cleared");
            s.misses.push_back(buf + (there.empty() ? std::string("; nothing found") : there));
        }
    }
    for (const Finding& f : found.findings) {
        if (f.source != FindingSource::Ocr)
            continue;
        ++s.anyFinding;
        if (!f.phi)
            continue;
        ++s.phiFindings;
        const bool right = coveredShare(rectOf(f.box), phiKey) >= 0.5;
        s.phiFindingsRight += right;
        if (!right)
            s.falseAlarms.push_back(key.source + " [" + key.form + "] '" + f.text + "'");
    }
}

} // namespace veil::bench
