#pragma once
// `veil-cli scan` and the GUI's findings list: every frame of every instance of a study
// index through the text detector, every overlay plane drawn as a bitmap too, each line judged
// against the study's own identifiers, plus the boxes of matching device templates. Parallel over
// instances and frames; one bad file never stops the job; nothing is read twice (OcrCache).
#include "common/Progress.h"
#include "identity/IdentifierSet.h"
#include "ocr/Finding.h"
#include "ocr/OcrProfiles.h"
#include "ocr/TextDetector.h"
#include "study/StudyIndex.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace veil {

struct ScanOptions {
    int threads = 0; // 0: one per core
    bool useTemplates = true;
    std::filesystem::path profilesFolder; // overrides the built-in allowlist and templates
    DetectorOptions detector;
    double minTextConfidence = 0.4; // other text read with less is left out as noise
    // Reads a report instance's pages (Encapsulated PDF, a PDF beside the study): the caller
    // gives document/ReportPages' scanReport, which sits above this area (it runs this OCR on
    // pages without a text layer). Unset, a report instance is an error naming its file: its
    // pages were not read, and the scan does not say they were.
    std::function<std::vector<Finding>(const InstanceInfo&, const IdentifierSet&)> readReport;
};

struct ScanResult {
    std::vector<InstanceFindings> instances; // in the index's order
    std::vector<std::string> warnings;       // profile files that could not be used
    long framesScanned = 0;
    bool cancelled = false;
};

class IdentifierMatcher;

// A value too long for its line goes on below it: a line that can continue a value
// (IdentifierMatcher::couldContinueValue) directly under an identifying line, left-aligned
// with it or its value (or right-aligned with it) and of the same size, is identifying too. Sorts
// the findings.
void markWrappedValues(std::vector<Finding>& findings, const IdentifierMatcher& matcher);

// Pieces of one printed line found apart become one finding when either is the patient's, or
// when the left one is a bare label ("Study Date:") and the right one its value.
void joinLinePieces(std::vector<Finding>& findings);

// One frame's lines judged (IdentifierMatcher::classify, the shape of the line included),
// appended to `out`; then, once every frame is in, the one way lines become findings: pieces
// joined, wrapped values followed, doubtful readings of other text dropped as noise. The scan
// and the gate both come through here.
void judgeLines(int frame, const std::vector<TextLine>& lines, const IdentifierMatcher& matcher,
                std::vector<Finding>& out);
void settleFindings(std::vector<Finding>& findings, const IdentifierMatcher& matcher,
                    double minTextConfidence);

// What a frame's lines are remembered by in the OcrCache: its decoded pixels, their photometric
// interpretation and how they are rendered for reading (rescale, window, LUTs), not the
// instance they belong to. So an output whose pixels are the source's (nothing was burned into
// them) is not read again by the gate when the batch's text detector read the source with the
// same cache. A cache may only be shared by ScanJobs of the same DetectorOptions.
FrameKey frameKeyFor(const Frame& frame, const RenderParams& params);

class ScanJob {
public:
    explicit ScanJob(ScanOptions options = {},
                     std::shared_ptr<OcrCache> cache = std::make_shared<OcrCache>());

    // Runs on the calling thread, spawning workers; returns what was scanned before a cancel.
    ScanResult run(const StudyIndex& index, ProgressSink& progress,
                   const CancelToken& cancel) const;

    // One instance on the calling thread, frames [first, last); throws veil::Error.
    // `extra` adds identifiers beyond the instance's own header (the study's). The file is
    // opened once; withOverlays reads its overlay planes too (scanOverlays).
    std::vector<Finding> scanFrames(const InstanceInfo& info, const IdentifierSet& extra, int first,
                                    int last, const CancelToken& cancel,
                                    bool withOverlays = false) const;
    // The same on a file already open; `decoded`, when given, is frame `first` already
    // decoded by the caller (the gate hashes it first), so it is not decoded again.
    std::vector<Finding> scanFrames(const DicomFile& file, const InstanceInfo& info,
                                    const IdentifierSet& extra, int first, int last,
                                    const CancelToken& cancel,
                                    const Frame* decoded = nullptr) const;
    std::vector<Finding> scanInstance(const InstanceInfo& info,
                                      const IdentifierSet& extra = {}) const;
    // The same on the instance already open (the batch's pixel step has it): not read again.
    std::vector<Finding> scanInstance(const DicomFile& file, const InstanceInfo& info,
                                      const IdentifierSet& extra = {}) const;
    // An 8-bit picture that is not DICOM (a slide deck's media: grey, BGR or BGRA as OpenCV
    // decodes it), read and judged with the same detector and rules as a frame: lines joined
    // and wrapped values marked. Frame 0; `modality` picks the allowlist's words ("OT": all).
    std::vector<Finding> scanImage(const cv::Mat& image, const IdentifierSet& ids = {},
                                   const std::string& modality = "OT") const;
    // The instance's overlay planes (60xx,3000 and the retired bits in Pixel Data), each
    // bitmap read once through the same detector and matcher; findings carry the overlay
    // group, and frame -1 for a plane on every frame. Throws veil::Error.
    std::vector<Finding> scanOverlays(const DicomFile& file, const InstanceInfo& info,
                                      const IdentifierSet& extra, const CancelToken& cancel) const;

    const OcrProfiles& profiles() const { return m_profiles; }
    const std::shared_ptr<OcrCache>& cache() const { return m_cache; }

private:
    // ScanOptions::readReport, or veil::Error naming the file when none was given.
    std::vector<Finding> readReport(const InstanceInfo& info, const IdentifierSet& ids) const;
    IdentifierMatcher matcherFor(const DicomFile& file, const InstanceInfo& info,
                                 const IdentifierSet& extra) const;
    ScanOptions m_options;
    OcrProfiles m_profiles;
    std::shared_ptr<OcrCache> m_cache;
    TextDetector m_detector;
};

} // namespace veil
