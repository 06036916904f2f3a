#include <QtTest>
class TestSlidesClean : public QObject { Q_OBJECT };
QTEST_MAIN(TestSlidesClean)
#include "tst_slides_clean.moc"
