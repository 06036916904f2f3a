// Retrieve by C-GET and by C-MOVE (Orthanc moves to Veil's own storage SCP, registered in its
// DicomModalities by the fixture) into a folder, the cache, and the failures.
#include "OrthancFixture.h"

#include "dicom/DicomFile.h"
#include "pacs/PacsClient.h"
#include "study/StudyIndexer.h"

#include <QDirIterator>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>

#include <atomic>
#include <map>

using namespace veil;
using namespace veil::pacs;
namespace fs = std::filesystem;

namespace {

class CountingProgress final : public ProgressSink {
public:
    void progress(long done, long total, const std::string&) override {
        last = done;
        lastTotal = total;
        calls++;
        if (cancelAfter > 0 && done >= cancelAfter)
            token.cancel();
    }
    std::atomic<long> last{0}, lastTotal{0}, calls{0};
    long cancelAfter = 0;
    CancelToken token;
};

std::vector<std::string> sopUidsIn(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out.push_back(
                DicomFile::open(e.path(), DicomFile::Load::HeaderOnly).info().sopInstanceUid);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> namesIn(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestPacsRetrieve : public QObject {
    Q_OBJECT
    test::OrthancFixture fx;
    std::string biggest; // the study with most instances (the CT study)

    std::vector<std::string> seededSops(const std::string& study) const {
        return fx.distinct(&InstanceInfo::sopInstanceUid,
                           [&](const InstanceInfo& i) { return i.studyInstanceUid == study; });
    }

    // The retrieved study is complete, the same instances and pixels as seeded, and opens
    // like any folder.
    void checkStudy(const RetrievedStudy& got, const fs::path& root) {
        QCOMPARE(got.folder, root / got.studyUid);
        QCOMPARE(sopUidsIn(got.folder), seededSops(got.studyUid));
        QCOMPARE(got.files, int(seededSops(got.studyUid).size()));
        for (const InstanceInfo& seeded : fx.seeded) {
            if (seeded.studyInstanceUid != got.studyUid || seeded.modality != "CT")
                continue;
            const auto a = DicomFile::open(seeded.localPath).frame(0).pixels;
            fs::path mine;
            for (const auto& e : fs::directory_iterator(got.folder))
                if (DicomFile::open(e.path(), DicomFile::Load::HeaderOnly).info().sopInstanceUid ==
                    seeded.sopInstanceUid)
                    mine = e.path();
            const auto b = DicomFile::open(mine).frame(0).pixels;
            QCOMPARE(cv::norm(a, b, cv::NORM_INF), 0.0);
            break;
        }
        NullProgress none;
        const StudyIndex index = StudyIndexer().run({got.folder.string()}, none, {});
        QCOMPARE(index.studyCount(), 1);
        QCOMPARE(index.patients.front().studies.front().uid, got.studyUid);
        QVERIFY(index.problems.empty());
    }

private slots:
    void initTestCase() {
        fx = test::OrthancFixture::load();
        std::map<std::string, int> counts;
        for (const InstanceInfo& i : fx.seeded)
            counts[i.studyInstanceUid]++;
        for (const auto& [uid, n] : counts)
            if (biggest.empty() || n > counts[biggest])
                biggest = uid;
    }

    void getStudy() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir out;
        CountingProgress progress;
        const auto got = PacsClient(fx.node, fx.settings())
                             .retrieve({biggest}, out.path().toStdString(), RetrieveMethod::Get,
                                       PacsClient::Existing::Refuse, progress);
        QCOMPARE(got.size(), std::size_t(1));
        checkStudy(got.front(), out.path().toStdString());
        QCOMPARE(progress.last.load(), long(seededSops(biggest).size()));
        QCOMPARE(progress.lastTotal.load(), long(seededSops(biggest).size()));
        QCOMPARE(namesIn(out.path().toStdString()),
                 std::vector<std::string>{biggest}); // no partial
    }

    void moveStudies() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir out;
        std::vector<std::string> studies;
        for (const auto& uid :
             fx.distinct(&InstanceInfo::studyInstanceUid, [](const InstanceInfo&) { return true; }))
            studies.push_back(uid);
        CountingProgress progress;
        const auto got = PacsClient(fx.node, fx.settings())
                             .retrieve(studies, out.path().toStdString(), RetrieveMethod::Move,
                                       PacsClient::Existing::Refuse, progress);
        QCOMPARE(got.size(), studies.size());
        for (const RetrievedStudy& s : got)
            checkStudy(s, out.path().toStdString());
        QCOMPARE(progress.last.load(), long(fx.seeded.size()));
        std::vector<std::string> sorted = studies;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(namesIn(out.path().toStdString()), sorted);
    }

    void cacheReplaces() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir cache;
        qputenv("VEIL_PACS_CACHE", cache.path().toUtf8());
        const fs::path root = pacsCacheRoot();
        QCOMPARE(root, fs::path(cache.path().toStdString()));
        const PacsClient client(fx.node, fx.settings());
        NullProgress none;
        for (int round = 0; round < 2; ++round) {
            const auto got =
                client.retrieve({biggest}, root, round ? RetrieveMethod::Move : RetrieveMethod::Get,
                                PacsClient::Existing::Replace, none);
            checkStudy(got.front(), root);
            QCOMPARE(namesIn(root),
                     std::vector<std::string>{biggest}); // nothing old, nothing partial
        }
        qunsetenv("VEIL_PACS_CACHE");
    }

    void refusesExisting() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir out;
        const fs::path mine = fs::path(out.path().toStdString()) / biggest;
        fs::create_directory(mine);
        NullProgress none;
        try {
            PacsClient(fx.node, fx.settings())
                .retrieve({biggest}, out.path().toStdString(), RetrieveMethod::Get,
                          PacsClient::Existing::Refuse, none);
            QFAIL("an existing folder was replaced");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::Local);
            QVERIFY2(std::string(e.what()).find("already exists") != std::string::npos, e.what());
        }
        QVERIFY(fs::is_empty(mine));
    }

    void noSuchStudy() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir out;
        NullProgress none;
        for (const RetrieveMethod how : {RetrieveMethod::Get, RetrieveMethod::Move}) {
            try {
                PacsClient(fx.node, fx.settings())
                    .retrieve({"1.2.3.4.5.6.7"}, out.path().toStdString(), how,
                              PacsClient::Existing::Refuse, none);
                QFAIL("retrieved a study Orthanc does not have");
            } catch (const PacsError& e) {
                const std::string what = e.what();
                QCOMPARE(e.kind(), PacsError::Kind::NoSuchStudy);
                QVERIFY2(what.find("no such study") != std::string::npos, e.what());
                QVERIFY2(what.find("1.2.3.4.5.6.7") != std::string::npos, e.what());
                QVERIFY2(what.find(fx.node.toString()) != std::string::npos, e.what());
            }
        }
        QVERIFY(namesIn(out.path().toStdString()).empty());
    }

    void moveToUnregisteredAe() {
        VEIL_REQUIRE_ORTHANC(fx);
        // Orthanc does not know this destination: it answers the C-MOVE with a failure.
        PacsSettings s = fx.settings();
        s.moveAet = "NOTREGISTERED";
        QTemporaryDir out;
        NullProgress none;
        try {
            PacsClient(fx.node, s)
                .retrieve({biggest}, out.path().toStdString(), RetrieveMethod::Move,
                          PacsClient::Existing::Refuse, none);
            QFAIL("Orthanc moved to an AE title it does not know");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::Failed);
            QVERIFY2(std::string(e.what()).find(fx.node.toString()) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("C-MOVE") != std::string::npos, e.what());
        }
        QVERIFY(namesIn(out.path().toStdString()).empty());
    }

    void moveToBusyPort() {
        VEIL_REQUIRE_ORTHANC(fx);
        // Our storage SCP cannot listen where something else does (Orthanc's own port).
        PacsSettings s = fx.settings();
        s.movePort = fx.node.port;
        QTemporaryDir out;
        NullProgress none;
        try {
            PacsClient(fx.node, s)
                .retrieve({biggest}, out.path().toStdString(), RetrieveMethod::Move,
                          PacsClient::Existing::Refuse, none);
            QFAIL("listened on a port in use");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::Local);
            QVERIFY2(std::string(e.what()).find(std::to_string(fx.node.port)) != std::string::npos,
                     e.what());
        }
    }

    void cancelMidway_data() {
        QTest::addColumn<int>("how");
        QTest::newRow("C-GET") << int(RetrieveMethod::Get);
        QTest::newRow("C-MOVE") << int(RetrieveMethod::Move);
    }
    void cancelMidway() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(int, how);
        QTemporaryDir out;
        CountingProgress progress;
        progress.cancelAfter = 2;
        try {
            PacsClient(fx.node, fx.settings())
                .retrieve({biggest}, out.path().toStdString(), RetrieveMethod(how),
                          PacsClient::Existing::Refuse, progress, progress.token);
            QFAIL("a cancelled retrieve completed");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::Cancelled);
        }
        QVERIFY(progress.last >= 2);
        QVERIFY(namesIn(out.path().toStdString()).empty()); // no study, no partial folder
    }
};

QTEST_MAIN(TestPacsRetrieve)
#include "tst_pacs_retrieve.moc"
