// The window a reviewer opens an image with: the header's when it fits the data, an automatic
// one from the histogram when it does not (a CT stored as 8-bit values with rescale -1024 under
// W 400 / L 40 would open black), on synthetic frames and on real samples; the viewer offers
// Auto and Full range, keeps the window per series, and a width drag never gets stuck.
#include "ViewerPanel.h"

#include "Fixtures.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <QMouseEvent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>

#include <filesystem>

using namespace veil;

namespace {

// 8-bit stored values 0..255 in a gradient with a bright square: rescale -1024 puts them at
// -1024..-769 HU, all below a soft-tissue window.
Frame eightBitCt() {
    Frame f;
    f.photometric = "MONOCHROME2";
    f.pixels = cv::Mat(64, 64, CV_8U);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            f.pixels.at<uchar>(y, x) = uchar((x * 3 + y) % 200);
    f.pixels(cv::Rect(20, 20, 10, 10)).setTo(255);
    return f;
}

double oneLevel(const cv::Mat& shown) {
    int counts[256] = {};
    for (int y = 0; y < shown.rows; ++y)
        for (int x = 0; x < shown.cols; ++x)
            ++counts[shown.at<uchar>(y, x)];
    return *std::max_element(std::begin(counts), std::end(counts)) / double(shown.total());
}

std::string sample(const char* name) {
    return std::string(VEIL_SAMPLES_DIR) + "/pydicom-data/" + name;
}

} // namespace

class TestDisplayWindow : public QObject {
    Q_OBJECT

private slots:
    void headerWindowThatDoesNotFitIsReplaced() {
        const Frame f = eightBitCt();
        RenderParams p;
        p.intercept = -1024;
        p.window = Window{40, 400};
        QVERIFY(oneLevelShare(f, p, *p.window) > kWindowMisfit);
        QVERIFY(!windowFits(f, p, *p.window));
        QVERIFY(oneLevel(renderForDisplay(f, p)) > 0.95); // what the header window shows: black
        bool automatic = false;
        const RenderParams opened = openingParams(f, p, &automatic);
        QVERIFY(automatic);
        QVERIFY(opened.window->center > -1024 && opened.window->center < -769);
        QVERIFY(oneLevel(renderForDisplay(f, opened)) < 0.5);
    }

    void headerWindowThatFitsIsKept() {
        Frame f;
        f.photometric = "MONOCHROME2";
        f.pixels = cv::Mat(64, 64, CV_16S);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x)
                f.pixels.at<short>(y, x) = short(-1000 + x * 30 + y);
        RenderParams p;
        p.window = Window{40, 400};
        bool automatic = true;
        const RenderParams opened = openingParams(f, p, &automatic);
        QVERIFY(!automatic);
        QCOMPARE(opened.window->center, 40.0);
        QCOMPARE(opened.window->width, 400.0);
    }

    void fullRangeAndAutoCoverTheData() {
        const Frame f = eightBitCt();
        RenderParams p;
        p.intercept = -1024;
        const Window full = fullRangeWindow(f, p);
        QCOMPARE(full.center, (-1024 + -769) / 2.0);
        QCOMPARE(full.width, 255.0);
        const Window a = autoWindow(f, p);
        QVERIFY(a.width > 100 && a.width <= 255);
    }

    void realSamplesOpenVisible_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"693_J2KR.dcm", "MR2_J2KR.dcm", "RG1_J2KI.dcm", "mlut_18.dcm"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void realSamplesOpenVisible() {
        QFETCH(QString, file);
        const std::string path = sample(file.toLatin1().constData());
        if (!std::filesystem::exists(path))
            QSKIP("the pydicom sample is not under VEIL_SAMPLES_DIR");
        const DicomFile dicom = DicomFile::open(path);
        const Frame f = dicom.frame(0);
        bool automatic = false;
        const RenderParams opened = openingParams(f, renderParamsFor(dicom), &automatic);
        const double share = oneLevel(renderForDisplay(f, opened));
        qInfo("%s: %s window, %.1f%% of the pixels at the commonest level", qPrintable(file),
              automatic ? "automatic" : "header", share * 100);
        QVERIFY2(share <= kWindowMisfit, qPrintable(QString::number(share)));
    }

    void viewerKeepsTheWindowPerSeriesAndDragsNeverStick() {
        QTemporaryDir dir;
        const fixtures::CorpusKey key = fixtures::writeCtSeries(dir.path().toStdString(), 3);
        std::vector<InstanceInfo> infos;
        for (const fixtures::FileEntry& e : key.files) {
            const std::string path =
                dir.filePath(QString::fromStdString(e.relativePath)).toStdString();
            InstanceInfo i = DicomFile::open(path, DicomFile::Load::HeaderOnly).info();
            i.path = i.localPath = path;
            infos.push_back(i);
        }
        ui::ViewerPanel viewer;
        viewer.resize(800, 600);
        viewer.show();
        QSignalSpy shown(&viewer, &ui::ViewerPanel::frameShown);
        viewer.showInstance(&infos[0]);
        QVERIFY(shown.wait(10000));
        QVERIFY(viewer.presetNames().size() >= 2);
        QVERIFY(viewer.presetNames().at(0).startsWith("Auto"));
        QVERIFY(viewer.presetNames().at(1).startsWith("Full range"));
        viewer.choosePreset(1);
        const Window chosen = *viewer.view()->window();
        viewer.showInstance(&infos[1]);
        QVERIFY(shown.wait(10000));
        QCOMPARE(viewer.view()->window()->center, chosen.center);
        QCOMPARE(viewer.view()->window()->width, chosen.width);
        // W steps to the next preset.
        const int before = viewer.currentPreset(), n = int(viewer.presetNames().size());
        viewer.nextPresetAction()->trigger();
        QCOMPARE(viewer.currentPreset(), before < 0 ? 0 : (before + 1) % n);

        // Drag the width down to its narrowest, then back up: it grows again.
        ui::SliceView* v = viewer.view();
        const QPoint c = v->rect().center();
        QTest::mousePress(v, Qt::LeftButton, {}, c);
        QMouseEvent left(QEvent::MouseMove, QPointF(c - QPoint(400, 0)),
                         v->mapToGlobal(QPointF(c - QPoint(400, 0))), Qt::NoButton, Qt::LeftButton,
                         {});
        QCoreApplication::sendEvent(v, &left);
        QTest::mouseRelease(v, Qt::LeftButton, {}, c - QPoint(400, 0));
        const double narrow = v->window()->width;
        QTest::mousePress(v, Qt::LeftButton, {}, c);
        QMouseEvent wider(QEvent::MouseMove, QPointF(c + QPoint(100, 0)),
                          v->mapToGlobal(QPointF(c + QPoint(100, 0))), Qt::NoButton, Qt::LeftButton,
                          {});
        QCoreApplication::sendEvent(v, &wider);
        QTest::mouseRelease(v, Qt::LeftButton, {}, c + QPoint(100, 0));
        QVERIFY2(v->window()->width > narrow + 100,
                 qPrintable(QString("%1 -> %2").arg(narrow).arg(v->window()->width)));
    }
};

QTEST_MAIN(TestDisplayWindow)
#include "tst_displaywindow.moc"
