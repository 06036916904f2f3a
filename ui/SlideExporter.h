#pragma once
// File › Export slide…: chosen frames of the current image rendered with the viewer's window,
// the review's redactions burned in (drawn boxes and accepted findings), written as PNG or
// JPEG without any metadata by core's exportSlides, on a worker thread (the GUI's JobRunner).
#include "JobRunner.h"
#include "export/SlideExport.h"

#include <QObject>
#include <optional>

namespace veil {
struct InstanceInfo;
}

namespace veil::ui {

class FindingsController;

struct SlideChoice {
    std::vector<int> frames;      // 0-based
    std::optional<Window> window; // the viewer's; none: the file's first
    QString output; // the file for one slide; numbered "-001" before the suffix for more
    SlideFormat format = SlideFormat::Png;
};

class SlideExporter : public QObject {
    Q_OBJECT
public:
    explicit SlideExporter(const FindingsController* findings, QObject* parent = nullptr);

    // "3", "1-4, 9", "all" (1-based, as the viewer counts) → 0-based frames; nothing when the
    // text names no frame or one beyond `frames`.
    static std::optional<std::vector<int>> parseFrames(const QString& text, int frames);
    // The format an output file name asks for (.jpg/.jpeg: JPEG, otherwise PNG).
    static SlideFormat formatFor(const QString& output);

    std::vector<SlideRequest> requests(const InstanceInfo& instance,
                                       const SlideChoice& choice) const;
    // Starts on a worker; finished() follows. False while one runs.
    bool start(std::vector<SlideRequest> slides, SlideOptions options);
    bool isRunning() const { return m_runner.isRunning(); }

signals:
    void finished(const veil::SlideExportResult& result);

private:
    const FindingsController* m_findings;
    JobRunner m_runner; // last: goes first
};

} // namespace veil::ui
