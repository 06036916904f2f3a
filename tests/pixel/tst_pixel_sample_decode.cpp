// Every real-world sample in shared/samples decodes, frame by frame, to an image of its size;
// the pathological one fails cleanly with a message naming the file.
#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <QtTest>
#include <filesystem>

using namespace veil;

class TestSampleDecode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!std::filesystem::exists(VEIL_SAMPLES_DIR))
            QSKIP("../shared/samples is not beside this checkout");
    }
    void decodes_data();
    void decodes();
};

void TestSampleDecode::decodes_data() {
    QTest::addColumn<QString>("file");
    namespace fs = std::filesystem;
    for (auto& e : fs::recursive_directory_iterator(VEIL_SAMPLES_DIR))
        if (e.path().extension() == ".dcm")
            QTest::newRow(e.path().filename().string().c_str())
                << QString::fromStdString(e.path().string());
}

void TestSampleDecode::decodes() {
    QFETCH(QString, file);
    const bool pathological = file.contains("Deeply-Nested");
    try {
        const DicomFile f = DicomFile::open(file.toStdString());
        const InstanceInfo i = f.info();
        const RenderParams params = renderParamsFor(f);
        for (int k = 0; k < f.frameCount(); ++k) {
            const Frame fr = f.frame(k);
            QCOMPARE(fr.pixels.rows, i.rows);
            QCOMPARE(fr.pixels.cols, i.columns);
            const cv::Mat shown = renderForDisplay(fr, params);
            QCOMPARE(shown.size(), fr.pixels.size());
        }
        QVERIFY(!pathological);
    } catch (const Error& e) {
        QVERIFY2(pathological, e.what());
        QVERIFY(QString(e.what()).startsWith(file));
    }
}

QTEST_GUILESS_MAIN(TestSampleDecode)
#include "tst_pixel_sample_decode.moc"
