// C-STORE to the fixture's Orthanc, checked over its REST API: every file of a corpus with
// all its transfer-syntax copies. The fixture's Orthanc refuses JPEG-LS, so those files must
// arrive decompressed; a bad file is reported and the rest still sent.
#include "OrthancFixture.h"

#include "pacs/PacsClient.h"

#include <Fixtures.h>

#include <QFile>
#include <QGuiApplication>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace veil;
using namespace veil::pacs;

namespace {
const std::string kJpegLsLossless = "1.2.840.10008.1.2.4.80";
const std::string kJpegLsNear = "1.2.840.10008.1.2.4.81";
const std::string kExplicitLe = "1.2.840.10008.1.2.1";
} // namespace

class TestPacsSend : public QObject {
    Q_OBJECT
    test::OrthancFixture fx;
    QTemporaryDir dir;
    fixtures::CorpusKey key;

    void deleteSentStudies() {
        std::set<std::string> studies;
        for (const auto& f : key.files)
            studies.insert(f.studyInstanceUid);
        for (const std::string& uid : studies) {
            const QString id = fx.orthancId(uid, "Study");
            if (!id.isEmpty())
                QVERIFY(fx.restDelete("/studies/" + id));
        }
    }

private slots:
    void initTestCase() {
        fx = test::OrthancFixture::load();
        if (!fx.present)
            return;
        // Other UIDs (seed 41) than the seeded corpus (seed 14), every transfer syntax.
        key = fixtures::writeCorpus(dir.filePath("corpus").toStdString(), {41, 4, 3, true});
        deleteSentStudies(); // left by a killed run
    }
    void cleanupTestCase() {
        if (fx.present)
            deleteSentStudies(); // the other tests compare Orthanc's content with the seed
    }

    void sendCorpus() {
        VEIL_REQUIRE_ORTHANC(fx);
        // A file that claims to be DICOM and is not, given by name: reported, never fatal.
        const QString bogus = dir.filePath("bogus.dcm");
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a DICOM file at all, only text that is long enough to sniff");
        f.close();
        NullProgress none;
        const SendReport report =
            PacsClient(fx.node, fx.settings())
                .send({dir.filePath("corpus").toStdString(), bogus.toStdString()}, none);
        QCOMPARE(report.node, fx.node.toString());
        QCOMPARE(int(report.files.size()), int(key.files.size()) + 1);
        QCOMPARE(report.failed(), 1);
        int decompressed = 0;
        for (const SendFileResult& r : report.files) {
            if (r.path == bogus.toStdString()) {
                QVERIFY(!r.ok);
                QVERIFY2(!r.message.empty(), r.path.c_str());
                continue;
            }
            QVERIFY2(r.ok, (r.path + ": " + r.message).c_str());
            QCOMPARE(r.status, 0);
            QCOMPARE(r.attempts, 1);
            const auto entry = std::find_if(key.files.begin(), key.files.end(), [&](const auto& e) {
                return e.sopInstanceUid == r.sopInstanceUid;
            });
            QVERIFY2(entry != key.files.end(), r.path.c_str());
            const QString id = fx.orthancId(r.sopInstanceUid, "Instance");
            QVERIFY2(!id.isEmpty(), ("Orthanc does not have " + r.path).c_str());
            const QString stored =
                QString::fromUtf8(fx.rest("/instances/" + id + "/metadata/TransferSyntax"));
            if (entry->transferSyntaxUid == kJpegLsLossless ||
                entry->transferSyntaxUid == kJpegLsNear) {
                ++decompressed;
                QCOMPARE(r.transferSyntaxUid, kExplicitLe);
                QVERIFY2(r.message.find("decompressed") != std::string::npos, r.message.c_str());
                QCOMPARE(stored.toStdString(), kExplicitLe);
            } else if (!entry->transferSyntaxUid.empty() &&
                       entry->transferSyntaxUid != "1.2.840.10008.1.2") {
                QCOMPARE(r.transferSyntaxUid, entry->transferSyntaxUid); // kept as it was
                QCOMPARE(stored.toStdString(), entry->transferSyntaxUid);
            }
        }
        QVERIFY2(decompressed >= 2, "the corpus has JPEG-LS copies; none was decompressed");
    }

    void sendToWrongAe() {
        VEIL_REQUIRE_ORTHANC(fx);
        PacsNode wrong = fx.node;
        wrong.aet = "WRONGAE";
        NullProgress none;
        try {
            PacsClient(wrong, fx.settings()).send({dir.filePath("corpus").toStdString()}, none);
            QFAIL("sent to a wrong called AE title");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::UnknownCalledAe);
            QVERIFY2(std::string(e.what()).find(wrong.toString()) != std::string::npos, e.what());
        }
    }

    void cancelStopsBetweenFiles() {
        VEIL_REQUIRE_ORTHANC(fx);
        struct CancelAfterTwo final : ProgressSink {
            CancelToken token;
            void progress(long done, long, const std::string&) override {
                if (done >= 2)
                    token.cancel();
            }
        } progress;
        const SendReport report =
            PacsClient(fx.node, fx.settings())
                .send({dir.filePath("corpus").toStdString()}, progress, progress.token);
        QVERIFY(report.cancelled);
        QCOMPARE(report.sent(), 2);
        QCOMPARE(int(report.files.size()), int(key.files.size()));
        for (const auto& r : report.files)
            if (!r.ok)
                QVERIFY2(r.message.find("cancelled") != std::string::npos, r.message.c_str());
    }
};

QTEST_MAIN(TestPacsSend)
#include "tst_pacs_send.moc"
