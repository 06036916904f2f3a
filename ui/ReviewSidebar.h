#pragma once
// The right-hand dock: tabs for the metadata diff and the profile (and, later, findings).
// It wires the panels to the review controller: profile edits go through the undo stack, and
// whatever the session's profile becomes (edit, undo, redo, reopen) is shown and re-planned.
#include "review/ReviewSession.h"

#include <QDockWidget>
#include <optional>

class QTabWidget;

namespace veil {
struct InstanceInfo;
struct StudyIndex;
} // namespace veil

namespace veil::ui {

class DiffPanel;
class ProfilePanel;
class ReviewController;

class ReviewSidebar : public QDockWidget {
    Q_OBJECT
public:
    explicit ReviewSidebar(ReviewController* review, QWidget* parent = nullptr);

    // Adds a page ("Findings", ...); returns its tab index.
    int addTab(QWidget* page, const QString& title);
    QTabWidget* tabs() const { return m_tabs; }
    DiffPanel* diff() const { return m_diff; }
    ProfilePanel* profile() const { return m_profile; }

    // The instance the viewer shows (nullptr: none), with the index it belongs to: the diff
    // cleans with its study's identifiers as the export does.
    void showInstance(const InstanceInfo* instance, const StudyIndex& index);

private:
    void onReviewChanged();

    ReviewController* m_review;
    QTabWidget* m_tabs;
    DiffPanel* m_diff;
    ProfilePanel* m_profile;
    std::optional<ProfileChoice> m_shown;
};

} // namespace veil::ui
