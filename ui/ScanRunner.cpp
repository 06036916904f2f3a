#include "ScanRunner.h"

#include "document/ReportPages.h"

#include <QStandardPaths>

namespace veil::ui {

std::filesystem::path userProfilesFolder() {
    return (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/profiles")
        .toStdString();
}

ScanRunner::ScanRunner(QObject* parent) : QObject(parent), m_cache(std::make_shared<OcrCache>()) {
    connect(&m_runner, &JobRunner::progressed, this,
            [this](long done, long total, const QString&) { emit progressed(done, total); });
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        auto failed = std::make_shared<ScanResult>();
        failed->warnings.push_back("the scan stopped: " + message.toStdString());
        emit finished(failed);
    });
}

ScanRunner::~ScanRunner() = default;

void ScanRunner::start(std::shared_ptr<const StudyIndex> index) {
    m_runner.run(
        [index, cache = m_cache](ProgressSink& sink, const CancelToken& cancel) {
            ScanOptions options;
            options.profilesFolder = userProfilesFolder(); // templates the reviewer saved
            options.readReport = scanReport;
            return std::make_shared<ScanResult>(ScanJob(options, cache).run(*index, sink, cancel));
        },
        [this](std::shared_ptr<ScanResult> result, bool) { emit finished(std::move(result)); });
}

void ScanRunner::cancel() {
    m_runner.cancel();
}

bool ScanRunner::isRunning() const {
    return m_runner.isRunning();
}

} // namespace veil::ui
