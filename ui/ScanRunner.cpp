#include "ScanRunner.h"

#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

std::filesystem::path userProfilesFolder() {
    return (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/profiles").toStdString();
}

class ScanRunner::Sink final : public ProgressSink {
public:
    explicit Sink(ScanRunner* r) : m_r(r) {}
    void progress(long done, long total, const std::string&) override {
        QMetaObject::invokeMethod(m_r, [r = m_r, done, total] { emit r->progressed(done, total); },
                                  Qt::QueuedConnection);
    }

private:
    ScanRunner* m_r;
};

ScanRunner::ScanRunner(QObject* parent)
    : QObject(parent), m_sink(std::make_unique<Sink>(this)), m_cache(std::make_shared<OcrCache>()) {
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<ScanResult>>::finished, this,
            [this] { emit finished(m_watcher.result()); });
}

ScanRunner::~ScanRunner() {
    cancel();
    m_watcher.waitForFinished();
}

void ScanRunner::start(std::shared_ptr<const StudyIndex> index) {
    cancel();
    m_watcher.waitForFinished();
    m_cancel = std::make_shared<CancelToken>();
    m_watcher.setFuture(QtConcurrent::run([index, cancel = m_cancel, cache = m_cache, sink = m_sink.get()] {
        ScanOptions options;
        options.profilesFolder = userProfilesFolder(); // templates the reviewer saved
        return std::make_shared<ScanResult>(ScanJob(options, cache).run(*index, *sink, *cancel));
    }));
}

void ScanRunner::cancel() {
    if (m_cancel)
        m_cancel->cancel();
}

bool ScanRunner::isRunning() const { return m_watcher.isRunning(); }

} // namespace veil::ui
