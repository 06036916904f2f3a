// ocr_stages FILE...: where the time of the text detector goes, per stage, summed over the
// frames of the given files (decode, detection views, candidate search per view, the enlarged
// search of small frames, reading). One thread; prints milliseconds per frame. A developer's
// tool for the speed target of text-free slices; asserts nothing. Also counts the pixels of
// every view that upscaleCubic enlarges otherwise than cv::resize.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "ocr/DetectionViews.h"
#include "ocr/TextCandidates.h"
#include "ocr/TextDetector.h"
#include "ocr/Upscale.h"

#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <string>

using namespace veil;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

} // namespace

int main(int argc, char** argv) {
    double decode = 0, views = 0, search = 0, enlarged = 0, detect = 0;
    long frames = 0, candidates = 0, upscaleDiffer = 0, upscalePixels = 0;
    const TextDetector detector;
    for (int i = 1; i < argc; ++i) {
        try {
            auto t = Clock::now();
            const DicomFile dicom = DicomFile::open(argv[i]);
            const Frame frame = dicom.frame(0);
            decode += since(t);
            t = Clock::now();
            const auto v = detectionViews(frame, renderParamsFor(dicom));
            views += since(t);
            t = Clock::now();
            candidates += long(findTextCandidates(v).size());
            search += since(t);
            for (const DetectionView& view : v) {
                cv::Mat want, got;
                cv::resize(view.grey, want, {}, 2, 2, cv::INTER_CUBIC);
                upscaleCubic(view.grey, got, 2);
                upscaleDiffer += cv::countNonZero(want != got);
                upscalePixels += long(want.total());
            }
            const int scale = detectionScale(frame.pixels.rows, frame.pixels.cols);
            if (scale > 1) {
                t = Clock::now();
                candidates += long(findTextCandidates(enlargedViews(v, scale)).size());
                enlarged += since(t);
            }
            t = Clock::now();
            (void)detector.detect(v);
            detect += since(t);
            ++frames;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: %s\n", argv[i], e.what());
        }
    }
    if (frames == 0)
        return 1;
    const double n = double(frames);
    std::printf(
        "%ld frames, %.2f candidates/frame; ms/frame: decode %.2f, views %.2f, search %.2f, "
        "enlarged search %.2f, whole detect %.2f (reading = detect - searches %.2f)\n",
        frames, double(candidates) / n, decode / n, views / n, search / n, enlarged / n, detect / n,
        (detect - search - enlarged) / n);
    std::printf("enlarged by two (upscaleCubic against cv::resize): %ld of %ld pixels differ\n",
                upscaleDiffer, upscalePixels);
    return 0;
}
