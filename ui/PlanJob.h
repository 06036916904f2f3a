#pragma once
// Plans one instance on a worker thread with core's DeidPlanner: the file's elements, the
// identifiers of the instance and its study, the profile and a key in; a DeidPlan out, as a
// value. The newest request wins: requests made while one runs replace each other, and a
// result overtaken by a newer request is dropped. The GUI thread never waits.
#include "deid/DeidPlan.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "dicom/DicomFile.h"
#include "dicom/InstanceInfo.h"
#include "identity/IdentifierSet.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>
#include <optional>

namespace veil::ui {

struct PlanRequest {
    InstanceInfo instance;
    IdentifierSet study; // the study's identifiers as indexed (IdentifierSet::fromStudy)
    Profile profile;
    std::shared_ptr<const ProjectKey> key;
};

class PlanJob : public QObject {
    Q_OBJECT
public:
    explicit PlanJob(QObject* parent = nullptr);
    ~PlanJob() override;

    void request(PlanRequest request);
    // A plan is on its way: true from a request until its result (or failure) is delivered.
    bool isRunning() const { return m_waiting; }

    struct Result {
        DeidPlan plan;
        QString error;
        std::string localPath;
        std::shared_ptr<const std::vector<ElementValue>>
            elements; // reused while the file is the same
    };

signals:
    void planned(const veil::DeidPlan& plan);
    void failed(const QString& message);

private:
    void start(PlanRequest request);
    void onFinished();

    QFutureWatcher<Result> m_watcher;
    std::optional<PlanRequest> m_pending;
    std::string m_cachedPath;
    std::shared_ptr<const std::vector<ElementValue>> m_cached;
    bool m_waiting = false;
};

} // namespace veil::ui
