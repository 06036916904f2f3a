#include "PacsRunner.h"

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

PacsRunner::PacsRunner(QObject* parent)
    : QObject(parent), m_runner(JobRunner::Overtaken::Cancel, &m_pool) {
    // Its own thread: a retrieve never waits behind the scan's OCR in the global pool.
    m_pool.setMaxThreadCount(1);
    connect(&m_runner, &JobRunner::progressed, this, &PacsRunner::progressed);
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        PacsOutcome o;
        o.error = message;
        done(std::move(o));
    });
}

PacsRunner::~PacsRunner() = default;

bool PacsRunner::isRunning() const {
    return m_runner.isRunning();
}

void PacsRunner::cancel() {
    m_runner.cancel();
}

void PacsRunner::done(PacsOutcome outcome) {
    m_outcome = std::move(outcome);
    emit finished();
}

bool PacsRunner::start(std::function<PacsOutcome(ProgressSink&, const CancelToken&)> work) {
    if (isRunning())
        return false;
    m_runner.run(
        [work = std::move(work)](ProgressSink& sink, const CancelToken& cancel) {
            try {
                return work(sink, cancel);
            } catch (const PacsError& e) { // names the node
                PacsOutcome o;
                o.error = QString::fromStdString(e.what());
                o.kind = e.kind();
                return o;
            } catch (const std::exception& e) {
                PacsOutcome o;
                o.error = QString::fromStdString(e.what());
                return o;
            }
        },
        [this](PacsOutcome o, bool) { done(std::move(o)); });
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
