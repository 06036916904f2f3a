// Slides from the viewer: frame lists as a person types them, file names, and a slide written
// with the review's boxes burned in and the viewer's window, as PNG with no metadata.
#include "FindingsController.h"
#include "Fixtures.h"
#include "ReviewController.h"
#include "SlideExporter.h"

#include "study/StudyIndexer.h"

#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestSlideExporter : public QObject {
    Q_OBJECT

private slots:
    void parseFrames_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QList<int>>("expected"); // empty: refused
        QTest::newRow("one") << "3" << 6 << QList<int>{2};
        QTest::newRow("range and one") << "1-3, 6" << 6 << QList<int>{0, 1, 2, 5};
        QTest::newRow("overlap sorted") << "4,2-4" << 6 << QList<int>{1, 2, 3};
        QTest::newRow("all") << "ALL" << 3 << QList<int>{0, 1, 2};
        QTest::newRow("beyond") << "7" << 6 << QList<int>{};
        QTest::newRow("zero") << "0" << 6 << QList<int>{};
        QTest::newRow("backwards") << "5-2" << 6 << QList<int>{};
        QTest::newRow("words") << "first" << 6 << QList<int>{};
        QTest::newRow("empty") << "" << 6 << QList<int>{};
    }

    void parseFrames() {
        QFETCH(QString, text);
        QFETCH(int, frames);
        QFETCH(QList<int>, expected);
        const auto got = ui::SlideExporter::parseFrames(text, frames);
        if (expected.isEmpty()) {
            QVERIFY(!got);
            return;
        }
        QVERIFY(got);
        QCOMPARE(QList<int>(got->begin(), got->end()), expected);
    }

    void formatFromName() {
        QCOMPARE(ui::SlideExporter::formatFor("a/b.JPG"), SlideFormat::Jpeg);
        QCOMPARE(ui::SlideExporter::formatFor("a/b.jpeg"), SlideFormat::Jpeg);
        QCOMPARE(ui::SlideExporter::formatFor("a/b.png"), SlideFormat::Png);
    }

    void slideHasTheBoxBurnedIn() {
        QTemporaryDir tmp;
        fixtures::writeCtSeries(tmp.filePath("ct").toStdString(), 2);
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index =
            StudyIndexer().run({tmp.filePath("ct").toStdString()}, progress, cancel);
        QCOMPARE(index.instanceCount(), 2);
        const InstanceInfo& ct = *index.instances().front();

        ui::ReviewController review;
        review.open({tmp.filePath("ct")});
        ReviewBox box;
        box.id = review.newBoxId();
        box.sopInstanceUid = ct.sopInstanceUid;
        box.x = 100;
        box.y = 120;
        box.w = 60;
        box.h = 30;
        review.addBox(box, "Draw box");
        ui::FindingsController findings(&review);
        ui::SlideExporter slides(&findings);

        ui::SlideChoice choice;
        choice.frames = {0};
        choice.window = Window{40, 400};
        choice.output = tmp.filePath("slides/slide.png");
        QDir().mkpath(tmp.filePath("slides"));
        std::vector<SlideRequest> requests = slides.requests(ct, choice);
        QCOMPARE(int(requests.size()), 1);
        QCOMPARE(QString::fromStdString(requests[0].output.string()), choice.output);
        QCOMPARE(int(requests[0].regions.size()), 1);

        QSignalSpy done(&slides, &ui::SlideExporter::finished);
        QVERIFY(slides.start(requests, {}));
        QVERIFY(done.wait(30000));
        const SlideExportResult r = done.first().first().value<SlideExportResult>();
        QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        const QImage img(choice.output);
        QVERIFY(!img.isNull());
        QCOMPARE(img.size(), QSize(ct.columns, ct.rows));
        for (int y = box.y; y < box.y + box.h; y += 5)
            for (int x = box.x; x < box.x + box.w; x += 5)
                QCOMPARE(qGray(img.pixel(x, y)), 0);
        // The PNG holds pixels only: no text chunks.
        QFile f(choice.output);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        for (const char* chunk : {"tEXt", "iTXt", "zTXt", "eXIf"})
            QVERIFY(!bytes.contains(chunk));

        choice.frames = {0, 1}; // several: numbered
        requests = slides.requests(ct, choice);
        QVERIFY(QString::fromStdString(requests[1].output.string()).endsWith("slide-002.png"));
    }
};

QTEST_MAIN(TestSlideExporter)
#include "tst_slideexporter.moc"
