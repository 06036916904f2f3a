// A planted file for tst_uijobs_refuses: background work outside JobRunner, which
// cmake/CheckUiJobs.cmake must refuse. Never compiled.
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

void planted(QFutureWatcher<int>& watcher) {
    watcher.waitForFinished();
}
