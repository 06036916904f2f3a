#pragma once
// A keyboard-only review of an open, scanned study, as a reviewer who reads each finding
// would do it: A on identifying text, R on the rest (D, "as suggested", on an image with more
// than three undecided findings), Shift+Enter (and Enter in the reason
// dialog) on a CT series of three or more images before anything else in it, Enter on every
// other image. Keys go to whichever widget has focus (the findings table first, as in the
// reported bug). After each press it waits until the image or frame asked for is on screen,
// and counts a press as "did nothing" when neither the review, the image, the frame, the
// current finding, the window nor an open dialog changed. Shared by tst_keyboardreview and
// bench_gui.
#include "FindingsController.h"
#include "MainWindow.h"
#include "ReviewController.h"
#include "ViewerPanel.h"
#include "study/StudyItemModel.h"

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QInputDialog>
#include <QJsonDocument>
#include <QTableView>
#include <QTest>

#include <set>

namespace veil::testing {

struct ReplayResult {
    int presses = 0, didNothing = 0;
    bool finished = false; // every image reviewed
    QStringList log;       // "A", "Enter", ... with "(nothing)" marks
};

inline QInputDialog* openReasonDialog(ui::MainWindow& w) {
    for (QInputDialog* d : w.findChildren<QInputDialog*>())
        if (d->isVisible())
            return d;
    return nullptr;
}

inline bool settled(ui::MainWindow& w) {
    const InstanceInfo* i = w.viewer()->instance();
    if (!i || !i->hasPixelData)
        return true;
    return w.review()
               ->session()
               .instance(i->sopInstanceUid)
               .framesSeen.count(w.viewer()->currentFrame()) > 0;
}

inline void waitSettled(ui::MainWindow& w, int ms = 20000) {
    const QDeadlineTimer deadline(ms);
    while (!settled(w) && !deadline.hasExpired())
        QTest::qWait(5);
    QTest::qWait(1);
}

inline QByteArray snapshot(ui::MainWindow& w) {
    QByteArray s = QJsonDocument(w.review()->session().toJson()).toJson(QJsonDocument::Compact);
    const InstanceInfo* i = w.viewer()->instance();
    s +=
        '|' + QByteArray(i ? i->sopInstanceUid.c_str() : "") + '|' +
        QByteArray::number(w.viewer()->currentFrame()) + '|' +
        QByteArray::number(w.findings()->panel()->table()->currentIndex().row()) + '|' +
        QByteArray::number(w.viewer()->view()->window() ? w.viewer()->view()->window()->width : 0) +
        '|' + QByteArray::number(openReasonDialog(w) != nullptr);
    return s;
}

inline bool everythingReviewed(ui::MainWindow& w) {
    return checkScopeReviewed(w.review()->session(), w.studyModel()->index(), {},
                              w.findings()->findingsByInstance())
        .complete();
}

inline ReplayResult replayKeyboardReview(ui::MainWindow& w, int maxPresses = 200) {
    ReplayResult r;
    std::set<std::string> approvedSeries;
    auto press = [&](QWidget* to, Qt::Key key, Qt::KeyboardModifiers mods, const QString& name) {
        const QByteArray before = snapshot(w);
        QTest::keyClick(to, key, mods);
        waitSettled(w);
        ++r.presses;
        const bool nothing = snapshot(w) == before;
        r.didNothing += nothing;
        r.log << (nothing ? name + " (nothing)" : name);
    };
    w.findings()->panel()->table()->setFocus();
    while (r.presses < maxPresses) {
        waitSettled(w);
        if (everythingReviewed(w)) {
            r.finished = true;
            break;
        }
        if (QInputDialog* d = openReasonDialog(w)) {
            press(d->findChild<QComboBox*>() ? static_cast<QWidget*>(d->findChild<QComboBox*>())
                                             : d,
                  Qt::Key_Return, {}, "Enter (reason)");
            continue;
        }
        QWidget* focus = QApplication::focusWidget() ? QApplication::focusWidget()
                                                     : w.findings()->panel()->table();
        if (focus->window() != &w)
            focus = w.findings()->panel()->table();
        ui::FindingsPanel* panel = w.findings()->panel();
        const InstanceInfo* cur = w.viewer()->instance();
        const int row = panel->table()->currentIndex().row();
        if (panel->undecided() > 3) { // many lines of text: confirm what the outlines say
            press(focus, Qt::Key_D, {}, "D");
            continue;
        }
        if (panel->undecided() > 0 && row >= 0 &&
            panel->model()->decisionAt(row) == Decision::Pending) {
            const bool phi = panel->model()->findingAt(row)->phi;
            press(focus, phi ? Qt::Key_A : Qt::Key_R, {}, phi ? "A" : "R");
            continue;
        }
        int seriesSize = 0;
        if (cur)
            for (const InstanceInfo* i : w.studyModel()->index().instances())
                seriesSize += i->seriesInstanceUid == cur->seriesInstanceUid;
        if (cur && cur->modality == "CT" && seriesSize >= 3 &&
            approvedSeries.insert(cur->seriesInstanceUid).second) {
            press(focus, Qt::Key_Return, Qt::ShiftModifier, "Shift+Enter");
            continue;
        }
        press(focus, Qt::Key_Return, {}, "Enter");
    }
    return r;
}

} // namespace veil::testing
