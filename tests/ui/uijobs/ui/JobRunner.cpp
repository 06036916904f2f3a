// A planted file for tst_uijobs_refuses: JobRunner itself may use QtConcurrent. Never compiled.
#include <QtConcurrent/QtConcurrentRun>
