// The scan job on real equipment output (public test files, by path): the patient's burned-in
// name, dates and IDs flagged with the attribute they match, templates proposed, bad files
// reported without stopping the job, nothing read twice, the JSON report's shape.
#include "ocr/ScanJob.h"
#include "ocr/ScanReport.h"
#include "study/StudyIndexer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

const std::string kSamples = VEIL_SAMPLES_DIR;
const std::string kAcuson = kSamples + "/dcm4che/YBR_FULL-RLE.dcm"; // "DOE, JOHN", hospital, date
const std::string kMindray =
    kSamples + "/orthanc-tests/2023-04-21-RLEPlanarConfigurationYBR_FULL.dcm";

StudyIndex indexOf(const std::vector<std::string>& paths) {
    NullProgress progress;
    CancelToken cancel;
    return StudyIndexer().run(paths, progress, cancel);
}

const InstanceFindings& resultFor(const ScanResult& r, const std::string& path) {
    for (const InstanceFindings& i : r.instances)
        if (i.file == path)
            return i;
    throw std::runtime_error("no result for " + path);
}

const Finding* findText(const InstanceFindings& i, const QString& needle) {
    for (const Finding& f : i.findings)
        if (QString::fromStdString(f.text).contains(needle, Qt::CaseInsensitive))
            return &f;
    return nullptr;
}

} // namespace

class TestScanJob : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::string m_truncated; // a copy cut short in its pixel data: indexes, cannot be decoded
    ScanResult m_result;
    std::shared_ptr<OcrCache> m_cache = std::make_shared<OcrCache>();

private slots:
    void initTestCase() {
        if (!QFileInfo::exists(QString::fromStdString(kAcuson)))
            QSKIP("public samples not available");
        QFile source(QString::fromStdString(kAcuson));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray bytes = source.read(source.size() * 2 / 3);
        // A different SOP Instance UID, same length, so that it is not taken for the original.
        const QByteArray uid =
            QByteArray::fromStdString(indexOf({kAcuson}).instances().front()->sopInstanceUid);
        bytes.replace(uid, uid.chopped(1) + (uid.endsWith('1') ? "2" : "1"));
        m_truncated = m_tmp.filePath("truncated.dcm").toStdString();
        QFile cut(QString::fromStdString(m_truncated));
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(bytes);
        cut.close();
        NullProgress progress;
        CancelToken cancel;
        ScanOptions options;
        options.threads = 2;
        m_result = ScanJob(options, m_cache)
                       .run(indexOf({kAcuson, kMindray, m_truncated}), progress, cancel);
    }

    void headerValuesFlaggedWithTheirAttribute() {
        const InstanceFindings& acuson = resultFor(m_result, kAcuson);
        QVERIFY(acuson.error.empty());
        QCOMPARE(acuson.frames, 1);
        const Finding* name = findText(acuson, "DOE, JOHN");
        QVERIFY(name);
        QVERIFY(name->phi);
        QCOMPARE(QString::fromStdString(name->matched), QString("PatientName"));
        QCOMPARE(name->source, FindingSource::Ocr);
        QVERIFY(name->box.x <= 33 && name->box.y <= 3 && name->box.x + name->box.w >= 110);
        const Finding* site = findText(acuson, "GENERAL HOSPITAL");
        QVERIFY(site && site->phi);
        QCOMPARE(QString::fromStdString(site->matched), QString("InstitutionName"));
        const Finding* date = findText(acuson, "17 Oct 16");
        QVERIFY(date && date->phi);
        QCOMPARE(QString::fromStdString(date->matched), QString("StudyDate"));
    }

    void harmlessScreenTextStaysText() {
        const InstanceFindings& acuson = resultFor(m_result, kAcuson);
        for (const char* harmless : {"35mm", "Thyroid", "6.0MHz"}) {
            const Finding* f = findText(acuson, harmless);
            QVERIFY2(f, harmless);
            QVERIFY2(!f->phi, harmless);
        }
    }

    void identifiersFoundWhereTheHeaderWasCleaned() {
        // The Mindray file's header was anonymised, its pixels were not.
        const InstanceFindings& mindray = resultFor(m_result, kMindray);
        for (const char* text : {"Test,Belle", "01/01/1988", "CL-285BT-1811492", "20-04-2023"}) {
            const Finding* f = findText(mindray, text);
            QVERIFY2(f, text);
            QVERIFY2(f->phi, text);
        }
        QVERIFY(!findText(mindray, "0.76 cm")->phi);
    }

    void templatesProposed() {
        const InstanceFindings& acuson = resultFor(m_result, kAcuson);
        QVERIFY(std::any_of(acuson.findings.begin(), acuson.findings.end(), [](const Finding& f) {
            return f.source == FindingSource::Template && f.frame == -1 &&
                   f.box == PixelBox{0, 0, 640, 36};
        }));
    }

    void oneBadFileDoesNotStopTheJob() {
        const InstanceFindings& bad = resultFor(m_result, m_truncated);
        QVERIFY(!bad.error.empty());
        QCOMPARE(int(m_result.instances.size()), 3);
        QVERIFY(!m_result.cancelled);
    }

    void nothingIsReadTwice() {
        const long before = m_cache->stats().frameHits;
        NullProgress progress;
        CancelToken cancel;
        const ScanResult again = ScanJob({}, m_cache).run(indexOf({kAcuson}), progress, cancel);
        QCOMPARE(m_cache->stats().frameHits, before + 1);
        QCOMPARE(resultFor(again, kAcuson).findings.size(),
                 resultFor(m_result, kAcuson).findings.size());
    }

    void cancelStopsEarly() {
        NullProgress progress;
        CancelToken cancel;
        cancel.cancel();
        const ScanResult r = ScanJob().run(indexOf({kAcuson}), progress, cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.framesScanned, 0L);
    }

    void templatesCanBeSwitchedOff() {
        ScanOptions options;
        options.useTemplates = false;
        const StudyIndex index = indexOf({kAcuson});
        const auto findings = ScanJob(options, m_cache).scanInstance(*index.instances().front());
        QVERIFY(std::none_of(findings.begin(), findings.end(),
                             [](const Finding& f) { return f.source == FindingSource::Template; }));
        QVERIFY(!findings.empty());
    }

    void jsonReport() {
        const QJsonDocument doc =
            QJsonDocument::fromJson(QByteArray::fromStdString(scanReportJson(m_result)));
        const QJsonArray instances = doc["instances"].toArray();
        QCOMPARE(instances.size(), 3);
        bool sawMatched = false, sawNull = false, sawTemplate = false;
        for (const auto i : instances) {
            const QJsonObject o = i.toObject();
            QVERIFY(o.contains("file") && o.contains("sopInstanceUid") && o.contains("findings"));
            for (const auto f : o["findings"].toArray()) {
                const QJsonObject g = f.toObject();
                for (const char* key : {"frame", "x", "y", "w", "h", "text", "confidence", "phi",
                                        "matched", "source"})
                    QVERIFY2(g.contains(key), key);
                QVERIFY(g["phi"].isBool());
                sawMatched |= g["matched"].isString();
                sawNull |= g["matched"].isNull();
                sawTemplate |= g["source"].toString() == "template";
                QVERIFY(g["source"].toString() == "ocr" || g["source"].toString() == "template");
            }
        }
        QVERIFY(sawMatched && sawNull && sawTemplate);
        QVERIFY(QString::fromStdString(scanReportText(m_result)).contains("DOE, JOHN"));
    }
};

QTEST_APPLESS_MAIN(TestScanJob)
#include "tst_ocr_scanjob.moc"
