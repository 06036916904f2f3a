#include "study/FaceRisk.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

namespace veil {

namespace {

// Words of BodyPartExamined's defined terms and of the descriptions people write for scans
// that include the face (whole words: "HEADACHE" does not count, "HEAD_NECK" does).
const std::set<std::string> kHeadWords = {
    "HEAD",    "BRAIN",    "SKULL",    "FACE",     "FACIAL",        "ORBIT",  "ORBITS",
    "SINUS",   "SINUSES",  "NECK",     "HEADNECK", "MAXILLOFACIAL", "DENTAL", "CRANIUM",
    "CRANIAL", "CEREBRAL", "CEREBRUM", "MANDIBLE", "JAW",           "TMJ",    "NASAL",
    "PETROUS", "IAM",      "NEURO",    "CRANE",    "CRANEO",        "KOPF",   "SCHAEDEL",
};

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            w += char(std::toupper(static_cast<unsigned char>(c)));
        } else if (!w.empty()) {
            out.push_back(std::move(w));
            w.clear();
        }
    }
    if (!w.empty())
        out.push_back(std::move(w));
    return out;
}

std::string upper(std::string s) {
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

struct Vec3 {
    double x, y, z;
};
double dot(const Vec3& a, const Vec3& b) {
    return a.x * b.x + a.y * b.y + a.z * b.z;
}
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

bool sameOrientation(const InstanceInfo& a, const InstanceInfo& b) {
    for (int k = 0; k < 6; ++k)
        if (std::abs(a.orientation[k] - b.orientation[k]) > 1e-3)
            return false;
    return true;
}

} // namespace

bool mentionsHeadOrFace(const std::string& text, std::string* word) {
    for (const std::string& w : words(text))
        if (kHeadWords.count(w)) {
            if (word)
                *word = w;
            return true;
        }
    return false;
}

SeriesGeometry seriesGeometry(const SeriesNode& series) {
    SeriesGeometry g;
    std::vector<const InstanceInfo*> images;
    for (const InstanceInfo& i : series.instances)
        if (i.hasPixelData && i.rows > 0 && i.columns > 0)
            images.push_back(&i);
    if (images.empty())
        return g;
    if (images.size() == 1 && images[0]->frames > 1) {
        g.multiFrame = true;
        g.slices = images[0]->frames;
        return g;
    }
    g.slices = int(images.size());
    g.known = std::all_of(images.begin(), images.end(),
                          [](const InstanceInfo* i) { return i->hasGeometry; });
    if (!g.known)
        return g;
    const InstanceInfo& first = *images.front();
    g.fieldMm = std::min(first.rows * first.pixelSpacing[0], first.columns * first.pixelSpacing[1]);
    const Vec3 r{first.orientation[0], first.orientation[1], first.orientation[2]};
    const Vec3 c{first.orientation[3], first.orientation[4], first.orientation[5]};
    const Vec3 n = cross(r, c);
    std::vector<double> along;
    for (const InstanceInfo* i : images)
        if (sameOrientation(*i, first))
            along.push_back(dot({i->position[0], i->position[1], i->position[2]}, n));
    std::sort(along.begin(), along.end());
    along.erase(std::unique(along.begin(), along.end(),
                            [](double a, double b) { return std::abs(a - b) < 1e-3; }),
                along.end());
    if (along.size() < 2) {
        g.contiguous = int(along.size());
        return g;
    }
    std::vector<double> gaps;
    for (std::size_t k = 1; k < along.size(); ++k)
        gaps.push_back(along[k] - along[k - 1]);
    std::vector<double> sorted = gaps;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    const double median = sorted[sorted.size() / 2];
    // A gap more than half again the usual spacing breaks the run (a missing slice, a
    // second stack).
    int best = 1, run = 1;
    double bestExtent = 0, runStart = along[0];
    for (std::size_t k = 1; k <= along.size(); ++k) {
        const bool continues = k < along.size() && gaps[k - 1] <= 1.5 * median + 1e-3;
        if (continues) {
            ++run;
            continue;
        }
        const double extent = along[k - 1] - runStart + median;
        if (run > best || (run == best && extent > bestExtent)) {
            best = run;
            bestExtent = extent;
        }
        if (k < along.size()) {
            run = 1;
            runStart = along[k];
        }
    }
    g.contiguous = best;
    g.extentMm = best > 1 ? bestExtent : 0;
    g.spacingMm = median;
    return g;
}

FaceRisk faceRisk(const SeriesNode& series, const std::string& studyDescription) {
    FaceRisk risk;
    const std::string modality = upper(series.modality);
    std::set<std::string> seen;
    auto look = [&](const char* what, const std::string& text) {
        std::string word;
        if (mentionsHeadOrFace(text, &word) && seen.insert(std::string(what) + word).second)
            risk.headerWords.push_back(std::string(what) + " " + word);
    };
    look("StudyDescription", studyDescription);
    look("SeriesDescription", series.description);
    for (const InstanceInfo& i : series.instances) {
        look("BodyPartExamined", i.bodyPartExamined);
        look("ProtocolName", i.protocolName);
        if (upper(i.recognizableVisualFeatures) == "YES")
            risk.recognizableYes = true;
    }
    risk.geometry = seriesGeometry(series);
    const SeriesGeometry& g = risk.geometry;
    const bool volume = g.multiFrame
                            ? g.slices >= kFaceMinSlices
                            : g.known && g.contiguous >= kFaceMinSlices &&
                                  g.extentMm >= kFaceMinExtentMm && g.fieldMm >= kFaceMinFieldMm;
    const bool header = !risk.headerWords.empty() || risk.recognizableYes;
    const bool ctOrMr = modality == "CT" || modality == "MR";
    risk.mayShowFace = ctOrMr && header && volume;

    std::string says;
    for (const std::string& w : risk.headerWords)
        says += (says.empty() ? "" : ", ") + w;
    if (risk.recognizableYes)
        says += std::string(says.empty() ? "" : ", ") + "RecognizableVisualFeatures YES";
    char geo[160];
    if (g.multiFrame)
        std::snprintf(geo, sizeof geo, "%d frames in one instance (per-frame geometry not read)",
                      g.slices);
    else if (!g.known)
        std::snprintf(geo, sizeof geo, "%d slices, geometry incomplete", g.slices);
    else
        std::snprintf(geo, sizeof geo, "%d contiguous slices over %.0f mm, field %.0f mm",
                      g.contiguous, g.extentMm, g.fieldMm);
    if (risk.mayShowFace)
        risk.reason = "may show a face: " + says + "; " + geo;
    else if (!ctOrMr)
        risk.reason = "not CT or MR";
    else if (!header)
        risk.reason = "the header does not say head or face";
    else
        risk.reason = "header says " + says + " but not a volume: " + geo + " (needs " +
                      std::to_string(kFaceMinSlices) + " slices over " +
                      std::to_string(int(kFaceMinExtentMm)) + " mm)";
    return risk;
}

std::string seriesLabel(const SeriesNode& series) {
    return "series " + std::to_string(series.number) + " " + series.modality +
           (series.description.empty() ? "" : " \"" + series.description + "\"") + " (" +
           std::to_string(series.instances.size()) + " images)";
}

std::vector<FlaggedSeries> seriesThatMayShowFace(const StudyIndex& index) {
    std::vector<FlaggedSeries> out;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series) {
                FaceRisk risk = faceRisk(se, st.description);
                if (risk.mayShowFace)
                    out.push_back({se.uid, seriesLabel(se), std::move(risk)});
            }
    return out;
}

} // namespace veil
