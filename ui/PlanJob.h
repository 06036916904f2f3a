#pragma once
// Plans one instance on a worker thread with core's DeidPlanner: the file's elements, the
// identifiers of the instance and its study, the profile and a key in; a DeidPlan out, as a
// value, through the GUI's JobRunner. The newest request wins: requests made while one runs
// replace each other, and a result overtaken by a newer request is dropped. The GUI thread
// never waits. The file's elements are kept while the file stays the same (profile edits).
#include "deid/DeidPlan.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "dicom/DicomFile.h"
#include "dicom/InstanceInfo.h"
#include "identity/IdentifierSet.h"

#include "JobRunner.h"

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
    bool isRunning() const { return m_runner.isRunning(); }

signals:
    void planned(const veil::DeidPlan& plan);
    void failed(const QString& message);

private:
    struct Elements; // the last file's elements, shared with the worker
    std::shared_ptr<Elements> m_elements;
    JobRunner m_runner; // last: goes first, while the work can still reach m_elements
};

} // namespace veil::ui
