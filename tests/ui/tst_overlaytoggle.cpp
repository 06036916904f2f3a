// The viewer shows overlay planes (OverlayData and the bits kept in Pixel Data) in colour over
// the image, with a toggle (O, on whenever an image with overlays opens); the frame line says
// how many planes the image has; a plane with accepted text is shown blank, as it is written.
#include "../pixel/OverlayTestFiles.h"
#include "../pixel/PixelTestFiles.h"
#include "ReviewKeys.h"
#include "ViewerPanel.h"

#include "dicom/DicomFile.h"

#include <QAction>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

using namespace veil;
using namespace veil::test;
namespace fs = std::filesystem;

namespace {

InstanceInfo infoOf(const fs::path& p) {
    InstanceInfo i = DicomFile::open(p, DicomFile::Load::HeaderOnly).info();
    i.path = i.localPath = p.string();
    return i;
}

// Pixels of the rendered view that show an overlay colour (the grey image has none).
int colouredPixels(const QImage& img) {
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb c = img.pixel(x, y);
            n += qRed(c) != qGreen(c) || qGreen(c) != qBlue(c);
        }
    return n;
}

} // namespace

class TestOverlayToggle : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path path(const std::string& n) const { return fs::path(m_tmp.path().toStdString()) / n; }

private slots:
    void togglingChangesThePixels() {
        const cv::Mat text = textMask(96, 160, "SMITH", 10, 10, 24);
        const cv::Mat bar = cv::Mat::zeros(96, 160, CV_8U);
        bar(cv::Rect(10, 70, 120, 6)).setTo(255);
        ImageSpec s;
        s.rows = 96;
        s.columns = 160;
        s.smooth = true;
        s.edit = [&](DcmDataset& ds, std::vector<std::uint8_t>& raw) {
            putOverlayData(ds, 0x6000, {text});
            putOverlayInPixelData(ds, raw, 0x6002, 15, {bar});
        };
        writeTestImage(path("ovl.dcm"), s);
        writeTestImage(path("plain.dcm"), ImageSpec{});
        const InstanceInfo withOverlays = infoOf(path("ovl.dcm")),
                           plain = infoOf(path("plain.dcm"));

        ui::ViewerPanel viewer;
        viewer.resize(800, 600);
        viewer.show();
        QSignalSpy shown(&viewer, &ui::ViewerPanel::frameShown);
        viewer.showInstance(&withOverlays);
        QVERIFY(shown.wait(10000));
        QAction* toggle = viewer.overlaysAction();
        QCOMPARE(toggle->shortcut(), QKeySequence(Qt::Key_O));
        QVERIFY(toggle->isEnabled() && toggle->isChecked()); // on by default
        QCOMPARE(viewer.overlayPlaneCount(), 2);
        QVERIFY2(viewer.frameText().contains("2 overlay plane"), qPrintable(viewer.frameText()));
        const QImage on = viewer.view()->renderedImage();
        const int expected = cv::countNonZero(text | bar);
        QCOMPARE(colouredPixels(on), expected);

        toggle->trigger(); // off
        const QImage off = viewer.view()->renderedImage();
        QCOMPARE(colouredPixels(off), 0);
        QVERIFY(on != off);
        toggle->trigger(); // on again
        QCOMPARE(viewer.view()->renderedImage(), on);

        // An accepted finding in plane 6000: shown blank, as it will be written; the other stays.
        viewer.setOverlay({}, {{0, 10, 10, 80, 30, 0x6000}});
        QCOMPARE(colouredPixels(viewer.view()->renderedImage()), cv::countNonZero(bar));
        viewer.setOverlay({}, {});

        // Turned off, then a new image with overlays: on again. No overlays: disabled, no count.
        toggle->trigger();
        viewer.showInstance(&plain);
        QVERIFY(shown.wait(10000));
        QVERIFY(!toggle->isEnabled());
        QCOMPARE(viewer.overlayPlaneCount(), 0);
        QVERIFY(!viewer.frameText().contains("overlay"));
        viewer.showInstance(&withOverlays);
        QVERIFY(shown.wait(10000));
        QVERIFY(toggle->isChecked());
        QVERIFY(ui::ReviewKeys::keymapText().contains("O  show / hide the overlay planes"));
    }

    void realSampleShowsItsFourPlanes() {
        const fs::path p = fs::path(VEIL_SAMPLES_DIR) / "dcm4che/ovly_p01.dcm";
        if (!fs::exists(p))
            QSKIP("../shared/samples/dcm4che/ovly_p01.dcm is not here");
        const InstanceInfo info = infoOf(p);
        ui::ViewerPanel viewer;
        viewer.resize(800, 600);
        viewer.show();
        QSignalSpy shown(&viewer, &ui::ViewerPanel::frameShown);
        viewer.showInstance(&info);
        QVERIFY(shown.wait(10000));
        QCOMPARE(viewer.overlayPlaneCount(), 4);
        QVERIFY(colouredPixels(viewer.view()->renderedImage()) > 1000);
    }
};

QTEST_MAIN(TestOverlayToggle)
#include "tst_overlaytoggle.moc"
