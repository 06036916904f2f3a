// Detection and reading on drawn text: fonts, sizes, polarities, backgrounds and pixel
// formats the way scanners burn them in.
#include "OcrTestUtil.h"
#include "TextDrawing.h"

#include "ocr/LineRecogniser.h"
#include "ocr/TextDetector.h"

#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <thread>

using namespace veil;
using namespace veil::test;

namespace {

enum class Scene { Dark, Anatomy, Ct16, Monochrome1, Colour };

struct Drawn {
    Frame frame;
    RenderParams params;
    std::vector<DrawnText> lines;
};

enum class WithText { Yes, No };

Drawn drawScene(Scene scene, const TextStyle& base, bool darkOnLight,
                WithText withText = WithText::Yes) {
    Drawn d;
    const bool sixteen = scene == Scene::Ct16 || scene == Scene::Monochrome1;
    cv::Mat img;
    TextStyle s = base;
    switch (scene) {
    case Scene::Dark:
        img = noisyBackground(480, 640, CV_8U, 12, 4, 1);
        break;
    case Scene::Anatomy:
        img = anatomy8(480, 640, 2);
        break;
    case Scene::Ct16:
        img = noisyBackground(512, 512, CV_16U, 1000, 15, 3);
        break;
    case Scene::Monochrome1:
        img = noisyBackground(512, 512, CV_16U, 3000, 15, 4);
        break;
    case Scene::Colour: {
        cv::Mat grey = anatomy8(480, 640, 5);
        cv::cvtColor(grey, img, cv::COLOR_GRAY2RGB);
        break;
    }
    }
    if (sixteen) {
        cv::ellipse(img, {256, 256}, {200, 170}, 0, 0, 360, cv::Scalar(1100), cv::FILLED);
        cv::ellipse(img, {200, 300}, {30, 20}, 0, 0, 360, cv::Scalar(2500), cv::FILLED); // bone
    }
    // MONOCHROME1: low stored values are white, so white text is stored as 0.
    const double white = scene == Scene::Monochrome1 ? 0 : sixteen ? 4095 : 255;
    const double black = scene == Scene::Monochrome1 ? 4095 : 0;
    s.ink = darkOnLight ? black : white;
    s.plate = darkOnLight ? white : -1;
    const int step = base.sizePx * 2;
    if (withText == WithText::Yes) {
        d.lines.push_back(drawText(img, "SMITH, JOHN", 12, 10, s));
        d.lines.push_back(drawText(img, "ID 4821932", 12, 10 + step, s));
        d.lines.push_back(drawText(img, "13/07/2013 10:42", img.cols / 2, img.rows - 10 - step, s));
        d.lines.push_back(
            drawText(img, "DOB 02.03.1961", img.cols / 4, img.rows / 2, s)); // over anatomy
    }
    d.frame.pixels = img;
    d.frame.photometric = scene == Scene::Colour        ? "RGB"
                          : scene == Scene::Monochrome1 ? "MONOCHROME1"
                                                        : "MONOCHROME2";
    d.params.invert = scene == Scene::Monochrome1;
    return d;
}

// VEIL_OCR_DUMP=DIR: the detection views with what was found, for looking at failures.
void dump(const Drawn& d, const std::vector<TextLine>& found, const char* tag) {
    const std::string dir = qEnvironmentVariable("VEIL_OCR_DUMP").toStdString();
    const auto views = detectionViews(d.frame, d.params);
    for (std::size_t v = 0; v < views.size(); ++v) {
        cv::imwrite(dir + "/" + tag + "-" + viewName(views[v].kind) + "-raw.png", views[v].grey);
        cv::Mat bgr;
        cv::cvtColor(views[v].grey, bgr, cv::COLOR_GRAY2BGR);
        for (const TextLine& l : found)
            cv::rectangle(bgr, rectOf(l.box), cv::Scalar(0, 0, 255));
        for (const DrawnText& t : d.lines)
            cv::rectangle(bgr, t.ink, cv::Scalar(0, 255, 0));
        cv::imwrite(dir + "/" + tag + "-" + viewName(views[v].kind) + ".png", bgr);
    }
    for (std::size_t v = 0; v < views.size(); ++v)
        for (bool light : {true, false})
            for (const auto& c : findTextLines(views[v].grey, light))
                qInfo("line v%zu %d,%d %dx%d %s glyphs %d h %d contrast %.0f sep %.2f uniform %.2f",
                      v, c.box.x, c.box.y, c.box.width, c.box.height, light ? "L" : "D", c.glyphs,
                      c.charHeight, c.measures.contrast, c.measures.separation,
                      c.measures.uniformity);
    int n = 0;
    for (const auto& c : findTextCandidates(views)) {
        const LineCrop crop = prepareLineCrop(views[c.view].grey, c.box, c.lightOnDark);
        cv::imwrite(dir + "/" + tag + "-crop" + std::to_string(n++) + ".png", crop.image);
        const RecognisedLine r = recogniseLine(crop.image);
        qInfo("read %.2f '%s'", r.confidence, r.text.c_str());
    }
    for (const auto& c : findTextCandidates(views))
        qInfo("candidate v%zu %d,%d %dx%d %s glyphs %d h %d score %.1f", c.view, c.box.x, c.box.y,
              c.box.width, c.box.height, c.lightOnDark ? "L" : "D", c.glyphs, c.charHeight,
              c.score);
    for (const DrawnText& t : d.lines)
        qInfo("drawn %d,%d %dx%d '%s'", t.ink.x, t.ink.y, t.ink.width, t.ink.height,
              t.text.c_str());
    for (const TextLine& l : found)
        qInfo("found %d,%d %dx%d %.2f '%s'", l.box.x, l.box.y, l.box.w, l.box.h, l.confidence,
              l.text.c_str());
}

std::string foldZero(std::string s) {
    for (char& c : s)
        if (c == '6' || c == '8')
            c = '0';
    return s;
}

} // namespace

class TestTextDetector : public QObject {
    Q_OBJECT

private slots:
    void readsDrawnLines_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("darkOnLight");
        QTest::addColumn<int>("scene");
        const QStringList families{"DejaVu Sans",     "DejaVu Sans Mono", "DejaVu Serif",
                                   "Liberation Sans", "Liberation Serif", "Liberation Mono",
                                   "Noto Sans"};
        const int sizes[] = {10, 12, 16, 20, 24};
        int row = 0;
        for (const QString& f : families)
            for (int size : sizes)
                for (bool dark : {false, true}) {
                    const int scene = row++ % 5;
                    QTest::addRow("%s %dpx %s scene%d", qPrintable(f), size,
                                  dark ? "dark" : "light", scene)
                        << f << size << dark << scene;
                }
    }
    void readsDrawnLines() {
        QFETCH(QString, family);
        QFETCH(int, size);
        QFETCH(bool, darkOnLight);
        QFETCH(int, scene);
        TextStyle style;
        style.family = family;
        style.sizePx = size;
        const Drawn d = drawScene(Scene(scene), style, darkOnLight);
        const std::vector<TextLine> found = TextDetector().detect(d.frame, d.params);
        if (qEnvironmentVariableIsSet("VEIL_OCR_DUMP"))
            dump(d, found, QTest::currentDataTag());
        for (const DrawnText& t : d.lines) {
            const TextLine* best = nullptr;
            for (const TextLine& l : found)
                if (coverage(t.ink, rectOf(l.box)) >= 0.5 && (!best || readsAs(l.text, t.text)))
                    best = &l;
            QVERIFY2(best,
                     qPrintable(QString("not found: %1").arg(QString::fromStdString(t.text))));
            // Known limit: at 10 px the dotted or slashed zero of monospaced fonts reads as 6 or 8.
            const bool zeroBlurs = size <= 10 && family.contains("Mono");
            const std::string read = zeroBlurs ? foldZero(best->text) : best->text;
            QVERIFY2(readsAs(read, zeroBlurs ? foldZero(t.text) : t.text),
                     qPrintable(QString("'%1' read as '%2'")
                                    .arg(QString::fromStdString(t.text),
                                         QString::fromStdString(best->text))));
            // Whole glyphs with a small margin.
            QVERIFY2(coverage(t.ink, rectOf(best->box)) >= 0.95,
                     qPrintable(QString("'%1' ink %2,%3 %4x%5 box %6,%7 %8x%9")
                                    .arg(QString::fromStdString(t.text))
                                    .arg(t.ink.x)
                                    .arg(t.ink.y)
                                    .arg(t.ink.width)
                                    .arg(t.ink.height)
                                    .arg(best->box.x)
                                    .arg(best->box.y)
                                    .arg(best->box.w)
                                    .arg(best->box.h)));
        }
    }

    void enginesOutliveTheirThreads() {
        // Each scan reads on new worker threads; the engine a finished thread used is the next
        // thread's, not a second start of the model.
        TextStyle style;
        style.sizePx = 16;
        const Drawn d = drawScene(Scene::Dark, style, false);
        const auto readOnNewThread = [&] {
            std::vector<TextLine> found;
            std::thread([&] { found = TextDetector().detect(d.frame, d.params); }).join();
            QVERIFY(!found.empty());
        };
        readOnNewThread();
        const int started = ocrEnginesStarted();
        QVERIFY(started >= 1);
        for (int i = 0; i < 3; ++i)
            readOnNewThread();
        QCOMPARE(ocrEnginesStarted(), started);
    }

    void blankFramesHaveNoCandidates_data() {
        QTest::addColumn<int>("scene");
        for (int s = 0; s < 5; ++s)
            QTest::addRow("scene%d", s) << s;
    }
    void blankFramesHaveNoCandidates() {
        QFETCH(int, scene);
        // The scenes without any text: the prefilter must not send them to the engine.
        const Drawn blank = drawScene(Scene(scene), TextStyle{}, false, WithText::No);
        const auto candidates = findTextCandidates(detectionViews(blank.frame, blank.params));
        QVERIFY2(candidates.empty(), qPrintable(QString::number(candidates.size())));
    }
};

QTEST_MAIN(TestTextDetector)
#include "tst_ocr_textdetector.moc"
