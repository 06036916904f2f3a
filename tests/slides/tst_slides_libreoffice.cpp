#include <QtTest>
class TestSlidesLibreoffice : public QObject { Q_OBJECT };
QTEST_MAIN(TestSlidesLibreoffice)
#include "tst_slides_libreoffice.moc"
