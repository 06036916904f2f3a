#include "ReviewSidebar.h"

#include "DiffPanel.h"
#include "ProfilePanel.h"
#include "ReviewController.h"
#include "common/Error.h"
#include "deid/DeidJob.h"
#include "review/ReviewProfile.h"
#include "study/StudyIndex.h"

#include <QTabWidget>

namespace veil::ui {

namespace {

IdentifierSet studyIdentifiersOf(const InstanceInfo& instance, const StudyIndex& index) {
    for (const PatientNode& p : index.patients)
        for (const StudyNode& s : p.studies)
            for (const SeriesNode& series : s.series)
                for (const InstanceInfo& i : series.instances)
                    if (&i == &instance || i.sopInstanceUid == instance.sopInstanceUid)
                        return IdentifierSet::fromStudy(p, s);
    return {};
}

} // namespace

ReviewSidebar::ReviewSidebar(ReviewController* review, QWidget* parent)
    : QDockWidget(tr("De-identification"), parent), m_review(review), m_tabs(new QTabWidget),
      m_diff(new DiffPanel), m_profile(new ProfilePanel) {
    setObjectName("deidentification");
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_diff, tr("Metadata"));
    m_tabs->addTab(m_profile, tr("Profile"));
    setWidget(m_tabs);
    connect(m_profile, &ProfilePanel::choiceEdited, m_review, &ReviewController::setProfile);
    connect(m_review, &ReviewController::changed, this, &ReviewSidebar::onReviewChanged);
    onReviewChanged();
}

int ReviewSidebar::addTab(QWidget* page, const QString& title) {
    return m_tabs->addTab(page, title);
}

void ReviewSidebar::showInstance(const InstanceInfo* instance, const StudyIndex& index) {
    m_diff->setInstance(instance,
                        instance ? studyIdentifiersOf(*instance, index) : IdentifierSet());
}

void ReviewSidebar::onReviewChanged() {
    const ProfileChoice& choice = m_review->session().profile();
    if (m_shown && *m_shown == choice)
        return; // boxes, decisions, reviewed marks: nothing to re-plan
    m_shown = choice;
    m_profile->setChoice(choice);
    try {
        m_diff->setProfile(profileFromChoice(choice));
    } catch (const Error& e) {
        // A review file edited by hand: say so, and show what the level alone would do.
        m_profile->showProblem(
            tr("The review's profile cannot be used (%1); the diff shows the %2 level's "
               "defaults.")
                .arg(QString::fromStdString(e.detail()),
                     QString::fromLatin1(levelName(choice.level))));
        m_diff->setProfile(Profile::standard(settingsFromChoice(choice).level));
    }
}

} // namespace veil::ui
