#pragma once
// Runs core's ScanJob over a study on a worker thread; progress and the findings come back
// as signals. The OCR cache is kept across runs so nothing is read twice.
#include "common/Progress.h"
#include "ocr/ScanJob.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>

namespace veil::ui {

// The reviewer's own profiles folder (templates saved from boxes): <data dir>/profiles.
std::filesystem::path userProfilesFolder();

class ScanRunner : public QObject {
    Q_OBJECT
public:
    explicit ScanRunner(QObject* parent = nullptr);
    ~ScanRunner() override;

    // The index must outlive the run (it is the window's model's index).
    void start(std::shared_ptr<const StudyIndex> index);
    void cancel();
    bool isRunning() const;

signals:
    void progressed(long done, long total);
    void finished(std::shared_ptr<veil::ScanResult> result);

private:
    class Sink;
    std::unique_ptr<Sink> m_sink;
    std::shared_ptr<CancelToken> m_cancel;
    std::shared_ptr<OcrCache> m_cache;
    QFutureWatcher<std::shared_ptr<ScanResult>> m_watcher;
};

} // namespace veil::ui
