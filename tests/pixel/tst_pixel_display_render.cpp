// Display rendering: window presets with explanations, MONOCHROME1, modality and VOI LUTs,
// palettes (plain and segmented).
#include "PixelTestFiles.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::test;

class TestDisplayRender : public QObject {
    Q_OBJECT
private slots:
    void windowPresetsComeWithTheirExplanations();
    void monochrome1IsInverted();
    void paletteIsExpanded();
    void segmentedPaletteIsExpanded();
    void modalityLutAndVoiLutAreApplied();

private:
    std::string file(const char* name) { return m_dir.filePath(name).toStdString(); }
    QTemporaryDir m_dir;
};

void TestDisplayRender::windowPresetsComeWithTheirExplanations() {
    const std::string path = file("presets.dcm");
    writeTestImage(path, ImageSpec{});
    editFile(path, [](DcmDataset& ds, DcmMetaInfo&) {
        ds.putAndInsertString(DCM_WindowCenter, "40\\500");
        ds.putAndInsertString(DCM_WindowWidth, "400\\2000");
        ds.putAndInsertString(DCM_WindowCenterWidthExplanation, "SOFT\\BONE");
        ds.putAndInsertString(DCM_RescaleIntercept, "-1024");
    });
    const RenderParams p = renderParamsFor(DicomFile::open(path));
    QCOMPARE(p.presets.size(), std::size_t(2));
    QCOMPARE(p.presets[1].explanation, std::string("BONE"));
    QCOMPARE(p.window->center, 40.0);
    QCOMPARE(p.intercept, -1024.0);
    const auto labels = presetLabels(p);
    QCOMPARE(labels[0], std::string("SOFT (W 400 / L 40)"));
    QCOMPARE(labels[1], std::string("BONE (W 2000 / L 500)"));
}

void TestDisplayRender::monochrome1IsInverted() {
    ImageSpec s;
    s.photometric = "MONOCHROME1";
    const std::string path = file("mono1.dcm");
    const TestImage img = writeTestImage(path, s);
    const DicomFile f = DicomFile::open(path);
    const cv::Mat shown = renderForDisplay(f.frame(0), renderParamsFor(f));
    cv::Point lo, hi;
    cv::minMaxLoc(img.frames[0], nullptr, nullptr, &lo, &hi);
    QCOMPARE(int(shown.at<uchar>(lo)), 255); // lowest stored value is white in MONOCHROME1
    QCOMPARE(int(shown.at<uchar>(hi)), 0);
}

void TestDisplayRender::paletteIsExpanded() {
    ImageSpec s;
    s.photometric = "PALETTE COLOR";
    s.bitsAllocated = s.bitsStored = 8;
    const std::string path = file("palette.dcm");
    const TestImage img = writeTestImage(path, s);
    const DicomFile f = DicomFile::open(path);
    const RenderParams p = renderParamsFor(f);
    QVERIFY(p.palette);
    QCOMPARE(p.palette->darkestIndex(), img.darkestPaletteIndex);
    const Frame frame = f.frame(0);
    const cv::Mat shown = renderForDisplay(frame, p);
    QCOMPARE(shown.type(), CV_8UC3);
    const int v = frame.pixels.at<uchar>(5, 7);
    const cv::Vec3b rgb = shown.at<cv::Vec3b>(5, 7);
    QCOMPARE(int(rgb[0]), p.palette->red.data[std::size_t(v)] >> 8);
    QCOMPARE(int(rgb[1]), p.palette->green.data[std::size_t(v)] >> 8);
    QCOMPARE(int(rgb[2]), p.palette->blue.data[std::size_t(v)] >> 8);
}

void TestDisplayRender::segmentedPaletteIsExpanded() {
    ImageSpec s;
    s.photometric = "PALETTE COLOR";
    s.bitsAllocated = s.bitsStored = 8;
    const std::string path = file("segmented.dcm");
    writeTestImage(path, s);
    editFile(path, [](DcmDataset& ds, DcmMetaInfo&) {
        const Uint16 desc[3] = {256, 0, 16};
        // discrete: 0, 1000; linear over 254 entries up to 65535
        const Uint16 seg[] = {0, 2, 0, 1000, 1, 254, 65535};
        for (auto [d, data, segmented] :
             {std::tuple{DCM_RedPaletteColorLookupTableDescriptor,
                         DCM_RedPaletteColorLookupTableData,
                         DCM_SegmentedRedPaletteColorLookupTableData},
              std::tuple{DCM_GreenPaletteColorLookupTableDescriptor,
                         DCM_GreenPaletteColorLookupTableData,
                         DCM_SegmentedGreenPaletteColorLookupTableData},
              std::tuple{DCM_BluePaletteColorLookupTableDescriptor,
                         DCM_BluePaletteColorLookupTableData,
                         DCM_SegmentedBluePaletteColorLookupTableData}}) {
            ds.findAndDeleteElement(data);
            ds.putAndInsertUint16Array(d, desc, 3);
            ds.putAndInsertUint16Array(segmented, seg, 7);
        }
    });
    const PixelDescription d = describePixels(DicomFile::open(path));
    QVERIFY(d.palette);
    QCOMPARE(d.palette->red.data.size(), std::size_t(256));
    QCOMPARE(d.palette->red.data[1], 1000);
    QCOMPARE(d.palette->red.data[255], 65535);
    QVERIFY(d.palette->red.data[128] > 30000 && d.palette->red.data[128] < 35000);
    QCOMPARE(d.palette->darkestIndex(), 0);
}

void TestDisplayRender::modalityLutAndVoiLutAreApplied() {
    const std::string path = file("luts.dcm");
    writeTestImage(path, ImageSpec{}); // 16 bits allocated, 12 stored
    editFile(path, [](DcmDataset& ds, DcmMetaInfo&) {
        std::vector<Uint16> inverse(4096), voi(8192);
        for (int i = 0; i < 4096; ++i)
            inverse[std::size_t(i)] = Uint16(4095 - i);
        for (int i = 0; i < 8192; ++i)
            voi[std::size_t(i)] = Uint16(i < 4096 ? i / 16 : 255);
        DcmItem* item = nullptr;
        ds.findOrCreateSequenceItem(DCM_ModalityLUTSequence, item, 0);
        const Uint16 desc[3] = {4096, 0, 12};
        item->putAndInsertUint16Array(DCM_LUTDescriptor, desc, 3);
        item->putAndInsertUint16Array(DCM_LUTData, inverse.data(), 4096);
        ds.findOrCreateSequenceItem(DCM_VOILUTSequence, item, 0);
        const Uint16 vdesc[3] = {8192, 0, 8};
        item->putAndInsertUint16Array(DCM_LUTDescriptor, vdesc, 3);
        item->putAndInsertUint16Array(DCM_LUTData, voi.data(), 8192);
    });
    const DicomFile f = DicomFile::open(path);
    const RenderParams p = renderParamsFor(f);
    QVERIFY(p.modalityLut && p.voiLut && !p.window);
    const Frame frame = f.frame(0);
    const cv::Mat shown = renderForDisplay(frame, p);
    const int stored = frame.pixels.at<ushort>(3, 3);
    QCOMPARE(int(shown.at<uchar>(3, 3)),
             cv::saturate_cast<uchar>(255.0 * ((4095 - stored) / 16) / 255.0));
}

QTEST_GUILESS_MAIN(TestDisplayRender)
#include "tst_pixel_display_render.moc"
