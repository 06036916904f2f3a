#include "FrameLoader.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "dicom/DicomFile.h"
#include "document/ReportPages.h"
#include "image/DisplayRender.h"

namespace veil::ui {

namespace {
// A report's page (document/ReportPages): 8-bit RGB, shown as it is.
LoadedFrame loadReportPage(const std::shared_ptr<ReportPageCache>& cache, const InstanceInfo& info,
                           int index) {
    LoadedFrame out;
    out.path = QString::fromStdString(info.localPath);
    out.frame = index;
    out.frameCount = std::max(1, info.frames);
    try {
        out.pixels = cache->page(info, index);
        out.description.photometric = "RGB";
        out.description.rows = out.pixels.pixels.rows;
        out.description.columns = out.pixels.pixels.cols;
        out.description.frames = out.frameCount;
        out.description.samplesPerPixel = 3;
        out.description.bitsAllocated = out.description.bitsStored = 8;
        out.description.highBit = 7;
        out.params = renderParamsFor(out.description);
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

LoadedFrame load(const QString& path, int index) {
    LoadedFrame out;
    out.path = path;
    out.frame = index;
    try {
        const DicomFile file = DicomFile::open(path.toStdString());
        out.frameCount = file.frameCount();
        out.pixels = file.frame(index);
        out.params = renderParamsFor(file);
        out.description = describePixels(file);
        try {
            out.overlayPlanes = int(overlayPlanes(file).size());
            if (out.overlayPlanes > 0)
                out.overlays = overlaysOnFrame(file, index);
        } catch (const std::exception& e) {
            out.overlayError = QString::fromUtf8(e.what());
        }
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}
} // namespace

FrameLoader::FrameLoader(QObject* parent)
    : QObject(parent), m_reportPages(std::make_shared<ReportPageCache>()),
      m_runner(JobRunner::Overtaken::Finish, nullptr) {}

FrameLoader::~FrameLoader() = default;

void FrameLoader::request(const InstanceInfo& info, int frame) {
    m_runner.run(
        [info, frame, pages = m_reportPages](ProgressSink&, const CancelToken&) {
            try {
                return info.report ? loadReportPage(pages, info, frame)
                                   : load(QString::fromStdString(info.localPath), frame);
            } catch (...) { // not a std::exception: still this frame's error, never a crash
                LoadedFrame out;
                out.path = QString::fromStdString(info.localPath);
                out.frame = frame;
                out.error = QString::fromStdString(currentExceptionMessage());
                return out;
            }
        },
        [this](LoadedFrame loadedFrame, bool) { emit loaded(loadedFrame); });
}

} // namespace veil::ui
