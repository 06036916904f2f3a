#pragma once
// Decodes and renders one frame (or a report's page) on a worker thread (the GUI's JobRunner).
// A frame being decoded is finished and shown; of the requests made meanwhile only the newest
// runs next (cine never starves: each decoded frame is shown).
#include "dicom/DicomFile.h"
#include "dicom/PixelDescription.h"
#include "image/DisplayRender.h"
#include "pixel/Overlays.h"

#include "JobRunner.h"

#include <QObject>

#include <memory>

namespace veil {
class ReportPageCache;
}

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
    // A report's page (InstanceInfo::report) is rendered from its PDF, once: the loader keeps
    // recent pages (document/ReportPages' ReportPageCache, bounded).
    void request(const InstanceInfo& info, int frame);
    const ReportPageCache& reportPages() const { return *m_reportPages; }
    bool isRunning() const { return m_runner.isRunning(); }

signals:
    void loaded(const veil::ui::LoadedFrame& frame);

private:
    std::shared_ptr<ReportPageCache> m_reportPages;
    JobRunner m_runner; // last: goes first, while the work can still use the page cache
};

} // namespace veil::ui
