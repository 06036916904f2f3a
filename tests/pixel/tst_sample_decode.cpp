// Every real-world sample in shared/samples decodes, frame by frame.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QtTest>
#include <filesystem>

using namespace veil;

class TestSampleDecode : public QObject {
    Q_OBJECT
private slots:
    void decodes_data();
    void decodes();
};

void TestSampleDecode::decodes_data() {
    QTest::addColumn<QString>("file");
    namespace fs = std::filesystem;
    for (auto& e : fs::recursive_directory_iterator(VEIL_SAMPLES_DIR))
        if (e.path().extension() == ".dcm")
            QTest::newRow(e.path().filename().string().c_str()) << QString::fromStdString(e.path().string());
}

void TestSampleDecode::decodes() {
    QFETCH(QString, file);
    try {
        DicomFile f = DicomFile::open(file.toStdString());
        const InstanceInfo i = f.info();
        for (int k = 0; k < f.frameCount(); ++k) {
            Frame fr = f.frame(k);
            if (k == 0)
                qDebug() << i.transferSyntaxUid.c_str() << i.photometric.c_str() << i.bitsAllocated << i.bitsStored
                         << i.pixelRepresentation << "planar" << i.planarConfiguration << i.rows << i.columns << i.frames
                         << "->" << fr.photometric.c_str() << fr.pixels.channels() << fr.pixels.depth();
            if (k == 0 && qEnvironmentVariableIsSet("DUMP")) {
                cv::Mat shown = renderForDisplay(fr, renderParamsFor(f));
                if (shown.channels() == 3) cv::cvtColor(shown, shown, cv::COLOR_RGB2BGR);
                cv::imwrite("/tmp/dump/" + std::filesystem::path(file.toStdString()).stem().string() + ".png", shown);
            }
            QCOMPARE(fr.pixels.rows, i.rows);
            QCOMPARE(fr.pixels.cols, i.columns);
        }
    } catch (const std::exception& e) {
        qDebug() << "ERROR" << e.what();
    }
}

QTEST_GUILESS_MAIN(TestSampleDecode)
#include "tst_sample_decode.moc"
