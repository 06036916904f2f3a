// ocr_inspect FILE [FRAME] [OUTDIR]: what the text detector sees on one frame. Prints the
// candidate lines and what was read on them; writes each detection view with the
// candidates drawn (red: light on dark, blue: dark on light) to OUTDIR when given.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "ocr/DetectionViews.h"
#include "ocr/LineRecogniser.h"
#include "ocr/TextCandidates.h"
#include "ocr/TextDetector.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace veil;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: ocr_inspect FILE [FRAME] [OUTDIR]\n");
        return 2;
    }
    try {
        const DicomFile file = DicomFile::open(argv[1]);
        const int index = argc > 2 ? std::stoi(argv[2]) : 0;
        const auto t0 = std::chrono::steady_clock::now();
        const Frame frame = file.frame(index);
        const int scale = detectionScale(frame.pixels.rows, frame.pixels.cols);
        const auto views = enlargedViews(detectionViews(frame, renderParamsFor(file)), scale);
        const auto t1 = std::chrono::steady_clock::now();
        const auto candidates = findTextCandidates(views);
        const auto t2 = std::chrono::steady_clock::now();
        std::printf("%s frame %d/%d: %dx%d, %zu views, %zu candidates (decode+views %.1f ms, "
                    "candidates %.1f ms)\n",
                    argv[1], index, file.frameCount(), frame.pixels.cols, frame.pixels.rows,
                    views.size(), candidates.size(),
                    std::chrono::duration<double, std::milli>(t1 - t0).count(),
                    std::chrono::duration<double, std::milli>(t2 - t1).count());
        for (const TextLine& l : TextDetector().detect(frame, renderParamsFor(file)))
            std::printf("  detected [%4d,%4d %3dx%2d] conf %.2f \"%s\"\n", l.box.x, l.box.y,
                        l.box.w, l.box.h, l.confidence, l.text.c_str());
        // Every line of every view and polarity, with the detector's options for the view's
        // enlargement and the two judgements that keep or drop it (text: a line; little: too
        // little to read once joined).
        CandidateOptions options;
        options.enlargement = scale;
        if (std::getenv("OCR_INSPECT_LINES"))
            for (std::size_t v = 0; v < views.size(); ++v)
                for (bool light : {true, false})
                    for (const TextCandidate& c : findTextLines(views[v].grey, light, options))
                        std::printf("  line %-11s %s [%4d,%4d %3dx%2d] g=%2d h=%2d s=%4.1f c %3.0f "
                                    "share %.2f sep %.2f flat %.2f u %.2f thick %.2f %s%s\n",
                                    viewName(views[v].kind), light ? "L" : "D", c.box.x, c.box.y,
                                    c.box.width, c.box.height, c.glyphs, c.charHeight, c.score,
                                    c.measures.contrast, c.measures.contrastShare,
                                    c.measures.separation, c.measures.flatSeparation,
                                    c.measures.uniformity, c.measures.thickShare,
                                    looksLikeText(c, options) ? "text" : "piece",
                                    tooLittleForText(c, views[v].kind) ? " little" : "");
        for (const TextCandidate& c : candidates) {
            const auto a = std::chrono::steady_clock::now();
            const LineCrop crop = prepareLineCrop(views[c.view].grey, c.box, c.lightOnDark);
            const RecognisedLine line = recogniseLine(crop.image);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                    .count();
            std::printf("  [%4d,%4d %3dx%2d] %s %-11s g=%2d h=%2d s=%5.1f c %3.0f sep %.2f u %.2f "
                        "thick %.2f %5.1f ms conf %.2f \"%s\"\n",
                        c.box.x, c.box.y, c.box.width, c.box.height, c.lightOnDark ? "L" : "D",
                        viewName(views[c.view].kind), c.glyphs, c.charHeight, c.score,
                        c.measures.contrast, c.measures.separation, c.measures.uniformity,
                        c.measures.thickShare, ms, line.confidence, line.text.c_str());
            if (argc <= 3)
                continue;
            // Every reading the detector could make of it: each view, each contrast.
            const std::size_t i = std::size_t(&c - candidates.data());
            for (std::size_t v = 0; v < views.size(); ++v)
                for (CropContrast k : {CropContrast::Even, CropContrast::Global}) {
                    const cv::Mat image =
                        prepareLineCrop(views[v].grey, c.box, c.lightOnDark, k).image;
                    const RecognisedLine r = recogniseLine(image);
                    const std::string name = std::string(argv[3]) + "/cand" + std::to_string(i) +
                                             "-" + viewName(views[v].kind) +
                                             (k == CropContrast::Even ? "-even" : "-global") +
                                             ".png";
                    cv::imwrite(name, image);
                    std::printf("      %s conf %.2f \"%s\"\n", name.c_str(), r.confidence,
                                r.text.c_str());
                }
        }
        if (argc > 3) {
            for (std::size_t v = 0; v < views.size(); ++v) {
                cv::Mat bgr;
                cv::cvtColor(views[v].grey, bgr, cv::COLOR_GRAY2BGR);
                for (const TextCandidate& c : candidates)
                    cv::rectangle(bgr, c.box,
                                  c.lightOnDark ? cv::Scalar(0, 0, 255) : cv::Scalar(255, 0, 0));
                const std::string stem = std::string(argv[3]) + "/view" + std::to_string(v) + "-" +
                                         viewName(views[v].kind);
                cv::imwrite(stem + ".png", bgr);
                cv::imwrite(stem + "-light-strokes.png", strokeMask(views[v].grey, true, options));
                cv::imwrite(stem + "-dark-strokes.png", strokeMask(views[v].grey, false, options));
            }
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ocr_inspect: %s\n", e.what());
        return 1;
    }
    return 0;
}
