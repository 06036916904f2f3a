// What redactPixels and the decoder refuse or report: syntaxes without a decoder, boxes for
// frames that do not exist, boxes off the image; options left alone by default.
#include "PixelTestFiles.h"
#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "pixel/Redact.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
using namespace veil::test;

class TestRedactErrors : public QObject {
    Q_OBJECT
private slots:
    void undecodableSyntaxIsNamed_data();
    void undecodableSyntaxIsNamed();
    void boxOnAMissingFrameIsRefused();
    void boxOffTheImageIsReported();
    void burnedInAnnotationOnlyWhenAsked();

private:
    std::string file(const char* name) { return m_dir.filePath(name).toStdString(); }
    QTemporaryDir m_dir;
};

void TestRedactErrors::undecodableSyntaxIsNamed_data() {
    QTest::addColumn<QString>("uid");
    QTest::addColumn<QString>("name");
    QTest::newRow("HTJ2K") << "1.2.840.10008.1.2.4.201"
                           << "High-Throughput JPEG 2000";
    QTest::newRow("MPEG-2") << "1.2.840.10008.1.2.4.100"
                            << "MPEG2";
}

void TestRedactErrors::undecodableSyntaxIsNamed() {
    QFETCH(QString, uid);
    QFETCH(QString, name);
    ImageSpec s;
    s.syntax = uid::JpegLsLossless;
    const std::string path = file("relabelled.dcm");
    writeTestImage(path, s);
    editFile(path, [&](DcmDataset&, DcmMetaInfo& meta) {
        meta.putAndInsertString(DCM_TransferSyntaxUID, uid.toLatin1().constData());
    });
    try {
        DicomFile f = DicomFile::open(path);
        f.frame(0);
        QFAIL("decoded");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(name), e.what());
        QVERIFY2(QString(e.what()).contains(uid), e.what());
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), e.what());
    }
}

void TestRedactErrors::boxOnAMissingFrameIsRefused() {
    ImageSpec s;
    s.frames = 2;
    const std::string path = file("two-frames.dcm");
    writeTestImage(path, s);
    DicomFile f = DicomFile::open(path);
    try {
        redactPixels(f, {{2, 0, 0, 5, 5}});
        QFAIL("accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains(
                     "box 0 is for frame 2 (0-based) but the file has 2 frame(s)"),
                 e.what());
    }
}

void TestRedactErrors::boxOffTheImageIsReported() {
    const std::string path = file("small.dcm");
    writeTestImage(path, ImageSpec{});
    DicomFile f = DicomFile::open(path);
    const RedactResult r = redactPixels(f, {{-1, 500, 500, 5, 5}});
    QCOMPARE(r.pixelsChanged, 0L);
    QCOMPARE(r.notes.front(), std::string("box 0 lies outside the 42x37 image: nothing burned"));
}

void TestRedactErrors::burnedInAnnotationOnlyWhenAsked() {
    const std::string path = file("annotation.dcm");
    writeTestImage(path, ImageSpec{});
    editFile(path, [](DcmDataset& ds, DcmMetaInfo&) {
        ds.putAndInsertString(DCM_BurnedInAnnotation, "YES");
    });
    DicomFile f = DicomFile::open(path);
    redactPixels(f, {{0, 1, 1, 5, 5}});
    QCOMPARE(f.string(tags::BurnedInAnnotation), std::string("YES"));
    RedactOptions o;
    o.markBurnedInAnnotationNo = true;
    redactPixels(f, {{0, 1, 1, 5, 5}}, o);
    QCOMPARE(f.string(tags::BurnedInAnnotation), std::string("NO"));
}

QTEST_GUILESS_MAIN(TestRedactErrors)
#include "tst_pixel_redact_errors.moc"
