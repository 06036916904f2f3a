// Every generated syntax × photometric × bit depth decodes to the stored values written
// (exactly for lossless syntaxes, within the codec's tolerance for lossy ones).
#include "PixelTestFiles.h"
#include "dicom/DicomFile.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::test;

class TestPixelDecode : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { m_dir.setAutoRemove(!qEnvironmentVariableIsSet("VEIL_KEEP_TEST_FILES")); }
    void decodes_data();
    void decodes();

private:
    void check();
    QTemporaryDir m_dir;
};

void TestPixelDecode::decodes_data() {
    QTest::addColumn<int>("index");
    const auto all = allCombinations();
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(describe(all[i]).c_str()) << int(i);
}

double meanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat fa, fb;
    a.convertTo(fa, CV_64F);
    b.convertTo(fb, CV_64F);
    return cv::norm(fa, fb, cv::NORM_L1) / double(a.total() * a.channels());
}

void TestPixelDecode::decodes() {
    try {
        check();
    } catch (const std::exception& e) {
        QFAIL(e.what());
    }
}

void TestPixelDecode::check() {
    QFETCH(int, index);
    const ImageSpec spec = allCombinations()[std::size_t(index)];
    const std::string path = m_dir.filePath(QString("img%1.dcm").arg(index)).toStdString();
    const TestImage written = writeTestImage(path, spec);
    const DicomFile file = DicomFile::open(path);
    QCOMPARE(file.frameCount(), spec.frames);
    QCOMPARE(file.info().transferSyntaxUid, spec.syntax);
    for (int k = 0; k < spec.frames; ++k) {
        const Frame f = file.frame(k);
        const cv::Mat& want = written.frames[std::size_t(k)];
        QCOMPARE(f.pixels.size(), want.size());
        QCOMPARE(f.pixels.channels(), want.channels());
        if (isLossy(spec.syntax)) {
            const double range = double((1L << spec.bitsStored) - 1);
            QVERIFY2(meanAbsDiff(f.pixels, want) < 0.02 * range,
                     qPrintable(QString("mean abs diff %1; means %2 vs %3")
                                    .arg(meanAbsDiff(f.pixels, want))
                                    .arg(cv::mean(f.pixels)[0])
                                    .arg(cv::mean(want)[0])));
            continue;
        }
        QCOMPARE(f.pixels.type(), want.type());
        QCOMPARE(f.photometric, spec.photometric);
        QCOMPARE(cv::norm(f.pixels.reshape(1), want.reshape(1), cv::NORM_INF), 0.0);
    }
}

QTEST_GUILESS_MAIN(TestPixelDecode)
#include "tst_pixel_decode.moc"
