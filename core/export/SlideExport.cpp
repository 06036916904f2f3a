#include "export/SlideExport.h"

#include "common/Error.h"
#include "dicom/PixelDescription.h"
#include "pixel/Burn.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fstream>
#include <map>

namespace veil {

namespace fs = std::filesystem;

namespace {

std::vector<int> encodeParams(const SlideOptions& o) {
    if (o.format == SlideFormat::Jpeg)
        return {cv::IMWRITE_JPEG_QUALITY, o.jpegQuality, cv::IMWRITE_JPEG_OPTIMIZE, 0};
    return {cv::IMWRITE_PNG_COMPRESSION, 6};
}

// Encodes in memory, then writes: nothing but the image data reaches the file.
void writeImage(const cv::Mat& rgbOrGrey, const fs::path& out, const SlideOptions& o) {
    cv::Mat bgr = rgbOrGrey;
    if (rgbOrGrey.channels() == 3)
        cv::cvtColor(rgbOrGrey, bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> bytes;
    if (!cv::imencode(slideExtension(o.format), bgr, bytes, encodeParams(o)))
        throw Error(out.string(), "the image could not be encoded");
    if (!out.parent_path().empty())
        fs::create_directories(out.parent_path());
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    if (!f)
        throw Error(out.string(), "could not be written");
}

} // namespace

const char* slideExtension(SlideFormat format) {
    return format == SlideFormat::Jpeg ? ".jpg" : ".png";
}

std::optional<std::string> wholeVolumeWarning(const std::vector<SlideRequest>& slides,
                                              int threshold) {
    if (int(slides.size()) > threshold)
        return std::to_string(slides.size()) + " slides were asked for (more than " +
               std::to_string(threshold) +
               "): a whole volume is rarely what a slide needs; "
               "confirm to write them all";
    std::map<fs::path, int> framesPerSource;
    for (const SlideRequest& s : slides)
        ++framesPerSource[s.source];
    for (const auto& [source, n] : framesPerSource)
        if (n > threshold)
            return std::to_string(n) + " frames of " + source.filename().string() +
                   " were asked for";
    return std::nullopt;
}

cv::Mat renderSlide(const SlideRequest& slide) {
    const DicomFile file = DicomFile::open(slide.source, DicomFile::Load::Full);
    const Frame frame = file.frame(slide.frame);
    const PixelDescription pixels = describePixels(file);
    const Frame burned = previewRedaction(frame, slide.frame, pixels, slide.regions);
    RenderParams params = renderParamsFor(pixels);
    if (slide.window)
        params.window = slide.window;
    return renderForDisplay(burned, params);
}

SlideExportResult exportSlides(const std::vector<SlideRequest>& slides,
                               const SlideOptions& options) {
    SlideExportResult result;
    if (const auto warning = wholeVolumeWarning(slides, options.wholeVolumeThreshold);
        warning && !options.confirmed) {
        result.needsConfirmation = true;
        result.warning = *warning;
        return result;
    }
    for (const SlideRequest& s : slides) {
        try {
            writeImage(renderSlide(s), s.output, options);
            result.written.push_back(s.output);
        } catch (const Error& e) {
            result.errors.push_back(s.source.filename().string() + " frame " +
                                    std::to_string(s.frame) + ": " + e.detail());
        } catch (const cv::Exception& e) {
            result.errors.push_back(s.source.filename().string() + " frame " +
                                    std::to_string(s.frame) + ": " + e.what());
        }
    }
    return result;
}

} // namespace veil
