#pragma once
// Runs core's ScanJob over a study on a worker thread (JobRunner); progress and the findings
// come back as signals. Starting again cancels a run in progress without waiting for it. The
// OCR cache is kept across runs so nothing is read twice.
#include "JobRunner.h"
#include "ocr/ScanJob.h"

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
    std::shared_ptr<OcrCache> m_cache;
    JobRunner m_runner; // last: goes first
};

} // namespace veil::ui
