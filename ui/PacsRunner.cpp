#include "PacsRunner.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

using namespace veil::pacs;

PacsPreferences PacsPreferences::load() {
    PacsPreferences p;
    static_cast<Settings::Pacs&>(p) = Settings::pacs();
    return p;
}

void PacsPreferences::save() const {
    Settings::setPacs(*this);
}

void PacsPreferences::remember(const QString& node) {
    nodes.removeAll(node);
    nodes.prepend(node);
}

PacsSettings PacsPreferences::settings() const {
    PacsSettings s;
    s.callingAet = callingAet.toStdString();
    s.movePort = movePort;
    return s;
}

// Progress from the worker, handed to the GUI thread; detached when the runner goes.
class PacsRunner::Sink final : public ProgressSink {
public:
    explicit Sink(PacsRunner* runner) : m_runner(runner) {}
    void progress(long done, long total, const std::string& what) override {
        QMetaObject::invokeMethod(
            m_runner.data(),
            [r = m_runner, done, total, w = QString::fromStdString(what)] {
                if (r)
                    emit r->progressed(done, total, w);
            },
            Qt::QueuedConnection);
    }

private:
    QPointer<PacsRunner> m_runner;
};

PacsRunner::PacsRunner(QObject* parent) : QObject(parent), m_sink(std::make_shared<Sink>(this)) {
    // Its own thread: a retrieve never waits behind the scan's OCR in the global pool.
    m_pool.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcher<PacsOutcome>::finished, this, [this] {
        m_running = false;
        m_outcome = m_watcher.result();
        emit finished();
    });
}

PacsRunner::~PacsRunner() {
    if (m_cancel)
        m_cancel->cancel();
    m_watcher.waitForFinished();
}

bool PacsRunner::isRunning() const {
    return m_running;
}

void PacsRunner::cancel() {
    if (m_cancel)
        m_cancel->cancel();
}

bool PacsRunner::start(std::function<PacsOutcome(ProgressSink&, const CancelToken&)> work) {
    if (isRunning())
        return false;
    m_cancel = std::make_shared<CancelToken>();
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [work, cancel = m_cancel, sink = m_sink] {
        try {
            return work(*sink, *cancel);
        } catch (const PacsError& e) {
            PacsOutcome o;
            o.error = QString::fromStdString(e.what());
            o.kind = e.kind();
            return o;
        } catch (const std::exception& e) {
            PacsOutcome o;
            o.error = QString::fromStdString(e.what());
            return o;
        }
    }));
    return true;
}

bool PacsRunner::echo(const PacsNode& node, const PacsSettings& settings) {
    return start([=](ProgressSink&, const CancelToken&) {
        PacsClient(node, settings).echo();
        PacsOutcome o;
        o.ok = true;
        return o;
    });
}

bool PacsRunner::find(const PacsNode& node, const PacsSettings& settings, const PacsQuery& query) {
    return start([=](ProgressSink&, const CancelToken& cancel) {
        PacsOutcome o;
        o.matches = PacsClient(node, settings).find(query, cancel);
        o.ok = true;
        return o;
    });
}

bool PacsRunner::retrieve(const PacsNode& node, const PacsSettings& settings,
                          const std::vector<std::string>& studyUids,
                          const std::filesystem::path& root, RetrieveMethod method) {
    return start([=](ProgressSink& progress, const CancelToken& cancel) {
        PacsOutcome o;
        o.studies =
            PacsClient(node, settings)
                .retrieve(studyUids, root, method, PacsClient::Existing::Replace, progress, cancel);
        o.ok = true;
        return o;
    });
}

bool PacsRunner::send(const PacsNode& node, const PacsSettings& settings,
                      const std::vector<std::string>& inputs) {
    return start([=](ProgressSink& progress, const CancelToken& cancel) {
        PacsOutcome o;
        o.report = PacsClient(node, settings).send(inputs, progress, cancel);
        o.ok = o.report.failed() == 0 && !o.report.files.empty() && !o.report.cancelled;
        if (!o.ok)
            o.error = o.report.files.empty() ? QObject::tr("no DICOM file to send")
                      : o.report.cancelled
                          ? QObject::tr("cancelled")
                          : QObject::tr("%1 file(s) not sent").arg(o.report.failed());
        return o;
    });
}

} // namespace veil::ui
