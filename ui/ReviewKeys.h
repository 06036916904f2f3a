#pragma once
// The keyboard review: every review action as a window-wide menu action with one key, so it
// works whichever widget of the main window has focus (the findings table's type-ahead never
// sees the letter). The keymap (docs/user-guide.md):
//   A redact the current finding      R keep it           N next undecided finding
//   D decide this image's undecided findings as suggested (identifying → redact, other → keep)
//   Enter  this image looks clean: mark it and go to the next image to review (on a
//          multi-frame image, first show each frame not seen yet)
//   Shift+Enter  approve the series in bulk (a reason is asked for)
//   Up/Down, PgUp/PgDn  previous/next image (PgUp/PgDn step frames first)
//   Left/Right  previous/next frame      B draw a box      W/Shift+W window presets
//   O overlay planes shown/hidden (the viewer's toolbar action)
// After each action a finding is current whenever the image has one.
#include "review/ReviewSession.h"

#include <QObject>
#include <functional>
#include <string>
#include <vector>

class QAction;
class QInputDialog;
class QMenu;
class QWidget;

namespace veil {
struct InstanceInfo;
class StudyItemModel;
} // namespace veil

namespace veil::ui {

class FindingsController;
class ReviewController;
class ViewerPanel;

struct ReviewKeysContext {
    QWidget* window = nullptr;
    ReviewController* review = nullptr;
    FindingsController* findings = nullptr;
    const StudyItemModel* study = nullptr;
    ViewerPanel* viewer = nullptr;
    std::function<void(const std::string& sopInstanceUid)> select; // in the browser
    std::function<QString()> person;                               // who marks
};

class ReviewKeys : public QObject {
    Q_OBJECT
public:
    explicit ReviewKeys(const ReviewKeysContext& context, QObject* parent = nullptr);

    // Review: Redact, Keep, Next Undecided, Looks Clean, Approve Series; View: images and frames.
    void addToMenus(QMenu* review, QMenu* view);
    QAction* redactAction() const { return m_redact; }
    QAction* keepAction() const { return m_keep; }
    QAction* nextUndecidedAction() const { return m_next; }
    QAction* asSuggestedAction() const { return m_suggested; }
    QAction* looksCleanAction() const { return m_clean; }
    QAction* approveSeriesAction() const { return m_series; }

    void redact() { decide(Decision::Accepted); }
    void keep() { decide(Decision::Rejected); }
    void nextUndecided();
    void decideAsSuggested();
    void looksClean();
    // Opens the reason dialog (non-modal); it approves the current series when accepted.
    QInputDialog* approveSeries();
    void stepImage(int delta);        // previous/next image in browser order
    void stepFrameOrImage(int delta); // frames first, then images
    void stepFrame(int delta);

    // The standard reasons offered for a bulk approval (the first is preselected).
    static QStringList bulkReasons();
    // The keymap as shown in Help › Keyboard.
    static QString keymapText();

signals:
    void message(const QString& text);

private:
    void decide(Decision d);
    const InstanceInfo* current() const;
    std::vector<const InstanceInfo*> order() const;
    // The next image (after the current, wrapping) that is not reviewed yet; null when none.
    const InstanceInfo* nextPending() const;
    void goTo(const InstanceInfo* info);
    int firstUnseenFrame(const InstanceInfo& info) const;

    ReviewKeysContext m_ctx;
    QAction* m_redact;
    QAction* m_keep;
    QAction* m_next;
    QAction* m_suggested;
    QAction* m_clean;
    QAction* m_series;
    std::vector<QAction*> m_view;
};

} // namespace veil::ui
