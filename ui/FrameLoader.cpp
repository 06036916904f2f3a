#include "FrameLoader.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

namespace {
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

FrameLoader::FrameLoader(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<LoadedFrame>::finished, this, [this] {
        emit loaded(m_watcher.result());
        if (m_pendingFrame >= 0) { // a newer request arrived while decoding
            const QString p = m_pendingPath;
            const int f = m_pendingFrame;
            m_pendingFrame = -1;
            request(p, f);
        }
    });
}

FrameLoader::~FrameLoader() {
    m_watcher.waitForFinished();
}

void FrameLoader::request(const QString& localPath, int frame) {
    if (m_watcher.isRunning()) {
        m_pendingPath = localPath;
        m_pendingFrame = frame;
        return;
    }
    m_watcher.setFuture(QtConcurrent::run(load, localPath, frame));
}

} // namespace veil::ui
