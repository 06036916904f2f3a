#include "PlanJob.h"

#include "deid/DeidApplier.h"
#include "deid/DeidPlanner.h"
#include "document/ReportRedaction.h"

#include <mutex>

namespace veil::ui {

struct PlanJob::Elements {
    std::mutex lock;
    std::string localPath;
    std::shared_ptr<const std::vector<ElementValue>> values;

    // The file's elements: read once, reused while the file is the same.
    std::shared_ptr<const std::vector<ElementValue>> of(const std::string& path) {
        {
            const std::lock_guard hold(lock);
            if (values && localPath == path)
                return values;
        }
        auto read = std::make_shared<const std::vector<ElementValue>>(
            DicomFile::open(path, DicomFile::Load::Full).elements());
        const std::lock_guard hold(lock);
        localPath = path;
        values = read;
        return read;
    }
};

namespace {

struct Planned {
    DeidPlan plan;
    QString error; // names the file
};

} // namespace

PlanJob::PlanJob(QObject* parent) : QObject(parent), m_elements(std::make_shared<Elements>()) {
    connect(&m_runner, &JobRunner::failed, this, &PlanJob::failed);
}

PlanJob::~PlanJob() = default;

void PlanJob::request(PlanRequest request) {
    // The worker: everything in it runs off the GUI thread, on copies.
    m_runner.run(
        [r = std::move(request), cache = m_elements](ProgressSink&, const CancelToken&) {
            Planned out;
            try {
                const auto elements = cache->of(r.instance.localPath);
                out.plan =
                    DeidPlanner(r.profile, *r.key).planInStudy(*elements, r.study, r.instance.path);
                if (r.instance.report) // an Encapsulated PDF: its document is rebuilt on export
                    previewReportRow(out.plan, r.instance.frames,
                                     r.profile.replaceEncapsulatedDocuments);
            } catch (const std::exception& e) { // veil::Error's what() names the file
                out.error = QString::fromUtf8(e.what());
            }
            return out;
        },
        [this](Planned done, bool) {
            if (done.error.isEmpty())
                emit planned(done.plan);
            else
                emit failed(done.error);
        });
}

} // namespace veil::ui
