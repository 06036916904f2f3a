// C-ECHO, C-FIND at every level with every key, and the association errors, against the
// fixture's real Orthanc. Expected matches come from the seeded files themselves.
#include "OrthancFixture.h"

#include "pacs/PacsClient.h"

#include <QGuiApplication>
#include <QRegularExpression>
#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <set>

using namespace veil;
using namespace veil::pacs;
using Pred = std::function<bool(const InstanceInfo&)>;
Q_DECLARE_METATYPE(Pred)

namespace {

bool dicomWildcard(const std::string& pattern, const std::string& value) {
    const QRegularExpression re(
        QRegularExpression::wildcardToRegularExpression(QString::fromStdString(pattern)));
    return re.match(QString::fromStdString(value)).hasMatch();
}

std::vector<std::string> field(const std::vector<PacsMatch>& matches, std::string PacsMatch::*f) {
    std::vector<std::string> out;
    for (const PacsMatch& m : matches)
        out.push_back(m.*f);
    std::sort(out.begin(), out.end());
    return out;
}

// Expected study UIDs whose studies hold a file with modality `m` (Modalities in Study).
Pred studyHasModality(const test::OrthancFixture& fx, const std::string& m) {
    std::set<std::string> studies;
    for (const InstanceInfo& i : fx.seeded)
        if (i.modality == m)
            studies.insert(i.studyInstanceUid);
    return [studies](const InstanceInfo& i) { return studies.count(i.studyInstanceUid) > 0; };
}

} // namespace

class TestPacsQuery : public QObject {
    Q_OBJECT
    test::OrthancFixture fx;

    PacsClient client() const { return PacsClient(fx.node, fx.settings()); }

    // Rows shared by study and series level: every key, alone.
    void keyRows() {
        QTest::addColumn<PacsQuery>("query");
        QTest::addColumn<Pred>("expected");
        if (!fx.present)
            return;
        const InstanceInfo& smith =
            *std::find_if(fx.seeded.begin(), fx.seeded.end(),
                          [](const InstanceInfo& i) { return i.modality == "CT"; });
        auto row = [](const char* name, PacsQuery q, Pred p) { QTest::newRow(name) << q << p; };
        row("all", {}, [](const InstanceInfo&) { return true; });
        PacsQuery q;
        q.patientId = smith.patientId;
        row("patient-id", q,
            [id = q.patientId](const InstanceInfo& i) { return i.patientId == id; });
        q = {};
        q.patientName = smith.patientName;
        row("patient-name exact", q,
            [n = q.patientName](const InstanceInfo& i) { return i.patientName == n; });
        q = {};
        q.patientName = "J*";
        row("patient-name J*", q,
            [](const InstanceInfo& i) { return dicomWildcard("J*", i.patientName); });
        q = {};
        q.patientName = "*^MARY*";
        row("patient-name *^MARY*", q,
            [](const InstanceInfo& i) { return dicomWildcard("*^MARY*", i.patientName); });
        q = {};
        q.patientName = "MÜLLER*";
        row("patient-name MÜLLER* (UTF-8)", q,
            [](const InstanceInfo& i) { return dicomWildcard("MÜLLER*", i.patientName); });
        q = {};
        q.patientName = "JONES^MAR?^*";
        row("patient-name JONES^MAR?^*", q,
            [](const InstanceInfo& i) { return dicomWildcard("JONES^MAR?^*", i.patientName); });
        q = {};
        q.accession = smith.accessionNumber;
        row("accession", q,
            [a = q.accession](const InstanceInfo& i) { return i.accessionNumber == a; });
        q = {};
        q.studyDate = smith.studyDate;
        row("study-date day", q,
            [d = q.studyDate](const InstanceInfo& i) { return i.studyDate == d; });
        q = {};
        q.studyDate = "20240401-20240430";
        row("study-date range", q, [](const InstanceInfo& i) {
            return i.studyDate >= "20240401" && i.studyDate <= "20240430";
        });
        q = {};
        q.studyDate = "20240410-";
        row("study-date from", q, [](const InstanceInfo& i) { return i.studyDate >= "20240410"; });
        q = {};
        q.studyDate = "-20240331";
        row("study-date to", q, [](const InstanceInfo& i) { return i.studyDate <= "20240331"; });
        q = {};
        q.patientId = smith.patientId;
        q.studyDate = "20240401-";
        row("patient-id and date", q, [id = q.patientId](const InstanceInfo& i) {
            return i.patientId == id && i.studyDate >= "20240401";
        });
        q = {};
        q.patientId = "NO-SUCH-PATIENT";
        row("no match", q, [](const InstanceInfo&) { return false; });
    }

private slots:
    void initTestCase() { fx = test::OrthancFixture::load(); }

    void parseNode() {
        const PacsNode n = PacsNode::parse("ORTHANC@pacs.example.org:4242");
        QCOMPARE(n.aet, std::string("ORTHANC"));
        QCOMPARE(n.host, std::string("pacs.example.org"));
        QCOMPARE(n.port, 4242);
        QCOMPARE(n.toString(), std::string("ORTHANC@pacs.example.org:4242"));
        const PacsNode v6 = PacsNode::parse("A@[::1]:104");
        QCOMPARE(v6.host, std::string("::1"));
        QCOMPARE(v6.toString(), std::string("A@[::1]:104"));
        for (const char* bad : {"ORTHANC", "@h:1", "A@:1", "A@h", "A@h:", "A@h:0", "A@h:70000",
                                "A@h:12x", "ABCDEFGHIJKLMNOPQ@h:1", "A\\B@h:1", "   @h:1"}) {
            try {
                PacsNode::parse(bad);
                QFAIL(qPrintable(QString("accepted '%1'").arg(bad)));
            } catch (const PacsError& e) {
                QCOMPARE(e.kind(), PacsError::Kind::BadInput);
                QVERIFY2(std::string(e.what()).find(bad) != std::string::npos, e.what());
            }
        }
    }

    void checkQueryKeys() {
        PacsQuery q;
        q.level = QueryLevel::Patient;
        q.accession = "A1";
        QVERIFY_THROWS_EXCEPTION(PacsError, checkQuery(q));
        for (const char* bad : {"2024", "20241301", "20240101-20231231", "-", "2024-01-01"}) {
            PacsQuery d;
            d.studyDate = bad;
            QVERIFY_THROWS_EXCEPTION(PacsError, checkQuery(d));
        }
        PacsQuery ok;
        ok.studyDate = "20240101-20241231";
        checkQuery(ok);
    }

    void echo() {
        VEIL_REQUIRE_ORTHANC(fx);
        client().echo();
    }

    void findStudies_data() { keyRows(); }
    void findStudies() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(PacsQuery, query);
        QFETCH(Pred, expected);
        query.level = QueryLevel::Study;
        const auto matches = client().find(query);
        QCOMPARE(field(matches, &PacsMatch::studyUid),
                 fx.distinct(&InstanceInfo::studyInstanceUid, expected));
        for (const PacsMatch& m : matches) {
            QCOMPARE(m.level, QueryLevel::Study);
            const auto files =
                fx.distinct(&InstanceInfo::sopInstanceUid, [&](const InstanceInfo& i) {
                    return i.studyInstanceUid == m.studyUid;
                });
            QCOMPARE(m.relatedInstances, int(files.size()));
            const auto ids = fx.distinct(&InstanceInfo::patientId, [&](const InstanceInfo& i) {
                return i.studyInstanceUid == m.studyUid;
            });
            QCOMPARE(std::vector<std::string>{m.patientId}, ids);
        }
    }

    void findStudiesByModality_data() {
        QTest::addColumn<QString>("modality");
        QTest::newRow("CT") << "CT";
        QTest::newRow("DX") << "DX";
        QTest::newRow("US") << "US";
        QTest::newRow("SR") << "SR";
        QTest::newRow("MR (none)") << "MR";
    }
    void findStudiesByModality() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(QString, modality);
        PacsQuery q;
        q.modality = modality.toStdString();
        const auto matches = client().find(q);
        QCOMPARE(field(matches, &PacsMatch::studyUid),
                 fx.distinct(&InstanceInfo::studyInstanceUid, studyHasModality(fx, q.modality)));
    }

    void findSeries_data() { keyRows(); }
    void findSeries() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(PacsQuery, query);
        QFETCH(Pred, expected);
        query.level = QueryLevel::Series;
        const auto matches = client().find(query);
        QCOMPARE(field(matches, &PacsMatch::seriesUid),
                 fx.distinct(&InstanceInfo::seriesInstanceUid, expected));
        for (const PacsMatch& m : matches) {
            const auto study =
                fx.distinct(&InstanceInfo::studyInstanceUid, [&](const InstanceInfo& i) {
                    return i.seriesInstanceUid == m.seriesUid;
                });
            QCOMPARE(std::vector<std::string>{m.studyUid}, study);
            QVERIFY(!m.patientId.empty());
            QVERIFY(!m.modality.empty());
        }
    }

    void findSeriesByModality() {
        VEIL_REQUIRE_ORTHANC(fx);
        for (const std::string modality : {"CT", "US", "DX", "SR"}) {
            PacsQuery q;
            q.level = QueryLevel::Series;
            q.modality = modality;
            const auto matches = client().find(q);
            const auto series =
                fx.distinct(&InstanceInfo::seriesInstanceUid,
                            [&](const InstanceInfo& i) { return i.modality == modality; });
            QCOMPARE(field(matches, &PacsMatch::seriesUid), series);
            for (const PacsMatch& m : matches)
                QCOMPARE(m.modality, modality);
        }
    }

    void findPatients_data() {
        QTest::addColumn<PacsQuery>("query");
        QTest::addColumn<Pred>("expected");
        if (!fx.present)
            return;
        const std::string id = fx.seeded.front().patientId, name = fx.seeded.front().patientName;
        PacsQuery q;
        q.level = QueryLevel::Patient;
        QTest::newRow("all") << q << Pred([](const InstanceInfo&) { return true; });
        q.patientId = id;
        QTest::newRow("patient-id")
            << q << Pred([id](const InstanceInfo& i) { return i.patientId == id; });
        q.patientId.clear();
        q.patientName = name;
        QTest::newRow("patient-name")
            << q << Pred([name](const InstanceInfo& i) { return i.patientName == name; });
        q.patientName = "*O*";
        QTest::newRow("patient-name *O*")
            << q << Pred([](const InstanceInfo& i) { return dicomWildcard("*O*", i.patientName); });
    }
    void findPatients() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(PacsQuery, query);
        QFETCH(Pred, expected);
        const auto matches = client().find(query);
        QCOMPARE(field(matches, &PacsMatch::patientId),
                 fx.distinct(&InstanceInfo::patientId, expected));
        for (const PacsMatch& m : matches) {
            const auto studies =
                fx.distinct(&InstanceInfo::studyInstanceUid,
                            [&](const InstanceInfo& i) { return i.patientId == m.patientId; });
            QCOMPARE(m.relatedStudies, int(studies.size()));
            QVERIFY(m.studyUid.empty());
        }
    }

    void wrongCalledAe() {
        VEIL_REQUIRE_ORTHANC(fx);
        PacsNode wrong = fx.node;
        wrong.aet = "NOTORTHANC";
        try {
            PacsClient(wrong, fx.settings()).echo();
            QFAIL("an association with the wrong called AE title was accepted");
        } catch (const PacsError& e) {
            const std::string what = e.what();
            QCOMPARE(e.kind(), PacsError::Kind::UnknownCalledAe);
            QVERIFY2(what.find(wrong.toString()) != std::string::npos, e.what());
            QVERIFY2(what.find("rejected") != std::string::npos, e.what());
            QVERIFY2(what.find("called AE title 'NOTORTHANC'") != std::string::npos, e.what());
        }
    }

    void unknownCallingAe() {
        VEIL_REQUIRE_ORTHANC(fx);
        // Orthanc answers a C-FIND from an AE title not in DicomModalities by aborting.
        PacsSettings s = fx.settings();
        s.callingAet = "STRANGER";
        try {
            PacsClient(fx.node, s).find({});
            QFAIL("Orthanc answered a C-FIND from an unknown AE title");
        } catch (const PacsError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(fx.node.toString()) != std::string::npos, e.what());
            QVERIFY2(what.find("STRANGER") != std::string::npos, e.what());
        }
    }

    void closedPort() {
        // A port nothing listens on: bind one, then close it.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        ::close(fd);
        const PacsNode node{"ORTHANC", "127.0.0.1", ntohs(a.sin_port)};
        try {
            PacsClient(node, {}).echo();
            QFAIL("connected to a closed port");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::ConnectionRefused);
            QVERIFY2(std::string(e.what()).find(node.toString()) != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("connection refused") != std::string::npos,
                     e.what());
        }
    }

    void silentNodeTimesOut() {
        // A socket that listens but never speaks DICOM: the association request times out.
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
        QCOMPARE(::listen(fd, 4), 0);
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        const PacsNode node{"SILENT", "127.0.0.1", ntohs(a.sin_port)};
        PacsSettings s;
        s.connectTimeoutSeconds = 2;
        QElapsedTimer t;
        t.start();
        try {
            PacsClient(node, s).echo();
            QFAIL("a silent node answered");
        } catch (const PacsError& e) {
            QCOMPARE(e.kind(), PacsError::Kind::Timeout);
            QVERIFY2(std::string(e.what()).find(node.toString()) != std::string::npos, e.what());
        }
        ::close(fd);
        QVERIFY2(t.elapsed() < 30000, "the timeout was not applied");
    }
};

QTEST_MAIN(TestPacsQuery)
#include "tst_pacs_query.moc"
