#include "FrameLoader.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "document/ReportPages.h"
#include "image/DisplayRender.h"

#include <QtConcurrent/QtConcurrentRun>

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
    : QObject(parent), m_reportPages(std::make_shared<ReportPageCache>()) {
    connect(&m_watcher, &QFutureWatcher<LoadedFrame>::finished, this, [this] {
        emit loaded(m_watcher.result());
        if (m_pendingFrame >= 0) { // a newer request arrived while decoding
            const InstanceInfo p = m_pending;
            const int f = m_pendingFrame;
            m_pendingFrame = -1;
            request(p, f);
        }
    });
}

FrameLoader::~FrameLoader() {
    m_watcher.waitForFinished();
}

void FrameLoader::request(const InstanceInfo& info, int frame) {
    if (m_watcher.isRunning()) {
        m_pending = info;
        m_pendingFrame = frame;
        return;
    }
    if (info.report)
        m_watcher.setFuture(QtConcurrent::run(loadReportPage, m_reportPages, info, frame));
    else
        m_watcher.setFuture(QtConcurrent::run(load, QString::fromStdString(info.localPath), frame));
}

} // namespace veil::ui
