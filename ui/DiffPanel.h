#pragma once
// The metadata diff: for the selected instance, every element at every depth as the engine
// plans it (before, after, action, rule), with filters, a text search, a colour legend and the
// selected row in full. The plan is made by core's DeidPlanner on a worker thread (PlanJob);
// this panel only shows it. Values are shown as plain text, never interpreted.
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "dicom/InstanceInfo.h"
#include "identity/IdentifierSet.h"

#include <QWidget>
#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTreeView;

namespace veil {
struct DeidPlan;
}

namespace veil::ui {

class PlanFilterModel;
class PlanItemModel;
class PlanJob;

class DiffPanel : public QWidget {
    Q_OBJECT
public:
    explicit DiffPanel(QWidget* parent = nullptr);
    ~DiffPanel() override;

    // What to plan: the instance (copied) and its study's identifiers; nullptr clears.
    void setInstance(const InstanceInfo* instance, const IdentifierSet& study = {});
    void setProfile(const Profile& profile);
    // The key pseudonyms, UIDs and date shifts are previewed with. Until one is given, a random
    // key made for this session is used, and the panel says so.
    void setProjectKey(const ProjectKey& key);
    bool usesSessionKey() const { return m_sessionKey; }
    const ProjectKey& projectKey() const { return *m_key; }
    const Profile& profile() const { return m_profile; }

    PlanItemModel* model() const { return m_model; }
    PlanFilterModel* filterModel() const { return m_filter; }
    QTreeView* view() const { return m_view; }
    QCheckBox* changedOnlyBox() const { return m_changedOnly; }
    QCheckBox* identifyingOnlyBox() const { return m_identifyingOnly; }
    QLineEdit* searchField() const { return m_search; }
    QLabel* keyNote() const { return m_keyNote; }
    QLabel* statusLabel() const { return m_status; }
    QPlainTextEdit* details() const { return m_details; }
    bool isPlanning() const;

signals:
    void planned(); // the model shows a new plan
    void planFailed(const QString& message);

private:
    QWidget* buildFilters();
    QWidget* buildLegend();
    void replan();
    void onPlanned(const DeidPlan& plan);
    void onFailed(const QString& message);
    void showDetails();
    void onFilterChanged();
    void updateKeyNote();
    QStringList expandedPaths() const;
    void restoreView(const QStringList& expanded, const QString& current);

    PlanItemModel* m_model;
    PlanFilterModel* m_filter;
    PlanJob* m_job;
    QTreeView* m_view = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_keyNote = nullptr;
    QCheckBox* m_changedOnly = nullptr;
    QCheckBox* m_identifyingOnly = nullptr;
    QLineEdit* m_search = nullptr;
    QPlainTextEdit* m_details = nullptr;
    std::optional<InstanceInfo> m_instance;
    IdentifierSet m_study;
    Profile m_profile;
    std::shared_ptr<const ProjectKey> m_key;
    bool m_sessionKey = true;
};

} // namespace veil::ui
