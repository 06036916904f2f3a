#include <QtTest>
class TestSlidesCli : public QObject { Q_OBJECT };
QTEST_MAIN(TestSlidesCli)
#include "tst_slides_cli.moc"
