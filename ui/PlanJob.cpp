#include "PlanJob.h"

#include "deid/DeidApplier.h"
#include "deid/DeidPlanner.h"
#include "document/ReportRedaction.h"

#include <QtConcurrent/QtConcurrentRun>

namespace veil::ui {

namespace {

// The worker: everything here runs off the GUI thread, on copies.
PlanJob::Result plan(const PlanRequest& r,
                     std::shared_ptr<const std::vector<ElementValue>> cached) {
    PlanJob::Result out;
    out.localPath = r.instance.localPath;
    try {
        if (!cached)
            cached = std::make_shared<const std::vector<ElementValue>>(
                DicomFile::open(r.instance.localPath, DicomFile::Load::Full).elements());
        out.elements = cached;
        out.plan = DeidPlanner(r.profile, *r.key).planInStudy(*cached, r.study, r.instance.path);
        if (r.instance.report) // an Encapsulated PDF: its document is rebuilt on export
            previewReportRow(out.plan, r.instance.frames, r.profile.replaceEncapsulatedDocuments);
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

} // namespace

PlanJob::PlanJob(QObject* parent) : QObject(parent) {
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &PlanJob::onFinished);
}

PlanJob::~PlanJob() {
    m_pending.reset();
    m_watcher.waitForFinished();
}

void PlanJob::request(PlanRequest request) {
    m_waiting = true;
    if (m_watcher.isRunning()) {
        m_pending = std::move(request);
        return;
    }
    start(std::move(request));
}

void PlanJob::start(PlanRequest request) {
    auto cached = request.instance.localPath == m_cachedPath ? m_cached : nullptr;
    m_watcher.setFuture(
        QtConcurrent::run([r = std::move(request), cached] { return plan(r, cached); }));
}

void PlanJob::onFinished() {
    Result result = m_watcher.result();
    if (result.elements) {
        m_cachedPath = result.localPath;
        m_cached = result.elements;
    }
    if (m_pending) { // overtaken: the newest request wins
        PlanRequest next = std::move(*m_pending);
        m_pending.reset();
        start(std::move(next));
        return;
    }
    m_waiting = false;
    if (result.error.isEmpty())
        emit planned(result.plan);
    else
        emit failed(result.error);
}

} // namespace veil::ui
