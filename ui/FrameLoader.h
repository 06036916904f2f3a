#pragma once
// Decodes and renders one frame on a worker thread; the newest request wins.
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "image/DisplayRender.h"
#include "pixel/Overlays.h"

#include <QFutureWatcher>
#include <QObject>

namespace veil::ui {

struct LoadedFrame {
    QString path;
    int frame = 0;
    int frameCount = 0;
    Frame pixels;                       // stored values
    RenderParams params;                // rescale, window and inversion from the header
    PixelDescription description;       // for the redaction preview
    int overlayPlanes = 0;              // overlay planes the image has (any frame)
    std::vector<OverlayLayer> overlays; // those on this frame, decoded
    QString overlayError;               // the overlays could not be decoded (the frame could)
    QString error;
};

class FrameLoader : public QObject {
    Q_OBJECT
public:
    explicit FrameLoader(QObject* parent = nullptr);
    ~FrameLoader() override;
    void request(const QString& localPath, int frame);

signals:
    void loaded(const veil::ui::LoadedFrame& frame);

private:
    QFutureWatcher<LoadedFrame> m_watcher;
    QString m_pendingPath;
    int m_pendingFrame = -1;
};

} // namespace veil::ui
