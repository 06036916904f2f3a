#pragma once
// The one definition of "this series may show a face": a CT or MR series whose header says
// it covers the head or face and whose geometry is a volume a surface rendering can be made
// from. `veil-cli info`, the GUI browser, the sign-off checklist, the certificate and face
// removal all call faceRisk(). Header words and thresholds: docs/profiles.md.
#include "study/StudyIndex.h"

#include <string>
#include <vector>

namespace veil {

// A series' slices along the normal of its first slice's orientation.
struct SeriesGeometry {
    int slices = 0;          // instances (or frames of one multi-frame instance)
    int contiguous = 0;      // the longest run of evenly spaced parallel slices
    double extentMm = 0;     // that run's length along the normal (first to last + one spacing)
    double spacingMm = 0;    // median distance between neighbouring slices of the run
    double fieldMm = 0;      // the smaller in-plane side of the image (rows or columns × spacing)
    bool multiFrame = false; // one instance holding the frames: per-frame geometry not indexed
    bool known = false;      // every slice had position, orientation and spacing
};
SeriesGeometry seriesGeometry(const SeriesNode& series);

struct FaceRisk {
    bool mayShowFace = false;
    std::vector<std::string> headerWords; // "BodyPartExamined HEAD", "SeriesDescription BRAIN"
    bool recognizableYes = false;         // RecognizableVisualFeatures YES on some instance
    SeriesGeometry geometry;
    std::string reason; // one line: why it is (or is not) flagged
};

// Thresholds (why: docs/profiles.md, "Faces").
inline constexpr int kFaceMinSlices = 10;
inline constexpr double kFaceMinExtentMm = 50.0;
inline constexpr double kFaceMinFieldMm = 100.0;

// `studyDescription` is the series' study's description (a header word there counts too).
FaceRisk faceRisk(const SeriesNode& series, const std::string& studyDescription);

// A series as people name it: "series 3 CT \"HEAD 2.5\" (60 images)".
std::string seriesLabel(const SeriesNode& series);

struct FlaggedSeries {
    std::string seriesUid, label;
    FaceRisk risk;
};
// Every series of the index that may show a face, in index order.
std::vector<FlaggedSeries> seriesThatMayShowFace(const StudyIndex& index);

// True when `text` holds one of the head/face words (HEAD, BRAIN, FACE ...) as a whole word,
// case-insensitively; `word` receives the word found.
bool mentionsHeadOrFace(const std::string& text, std::string* word = nullptr);

} // namespace veil
