// The leak test: the fixtures generator's full corpus (CT, US cine, dose SC, DX, SR, private
// tags, nested sequences, overlays, curves, icons, descriptors with names, every transfer
// syntax) de-identified at each release level. No planted identifying value and no original
// UID may be left anywhere in any output: not in any element at any depth (private and file
// meta included), not in the raw bytes.
#include "Fixtures.h"

#include "deid/DeidJob.h"
#include "dicom/DicomFile.h"
#include "study/StudyIndexer.h"
#include "verify/Verifier.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string upper(std::string s) {
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// HHMMSS: the limited level keeps times of day on purpose (its dates move by whole days).
bool isTimeOfDay(const std::string& v) {
    if (v.size() != 6 || !std::all_of(v.begin(), v.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        return false;
    return std::stoi(v.substr(0, 2)) < 24 && std::stoi(v.substr(2, 2)) < 60 &&
           std::stoi(v.substr(4, 2)) < 60;
}

ProjectKey key() {
    ProjectKey::Bytes b{};
    b.fill(42);
    return ProjectKey::fromBytes(b);
}

} // namespace

class TestDeidLeak : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fixtures::CorpusKey m_key;
    StudyIndex m_index;
    fs::path m_in;
    SourceEvidence m_evidence;

    void deidentifyAndSearch(ReleaseLevel level) {
        const fs::path out = fs::path(m_tmp.path().toStdString()) / levelName(level);
        DeidJobOptions options;
        options.outDir = out;
        NullProgress progress;
        CancelToken cancel;
        const DeidJobResult result =
            DeidJob(Profile::standard(level), key(), options).run(m_index, progress, cancel);
        for (const DeidFileOutcome& f : result.files)
            QVERIFY2(f.status != DeidFileOutcome::Status::Failed,
                     (f.source + ": " + f.message).c_str());
        QCOMPARE(result.written(), int(m_key.files.size()));

        std::vector<std::string> phi;
        for (const std::string& v : m_key.phiValues())
            if (level == ReleaseLevel::Publication || !isTimeOfDay(v))
                phi.push_back(v);
        std::vector<std::string> phiUpper;
        for (const std::string& v : phi)
            phiUpper.push_back(upper(v));
        int files = 0, elements = 0;
        for (const auto& entry : fs::recursive_directory_iterator(out)) {
            if (!entry.is_regular_file())
                continue;
            ++files;
            const std::string raw = slurp(entry.path());
            const std::string name = fs::relative(entry.path(), out).string();
            for (const std::string& v : phi)
                QVERIFY2(raw.find(v) == std::string::npos,
                         (name + ": raw bytes hold '" + v + "'").c_str());
            for (const std::string& u : m_key.originalUids)
                QVERIFY2(raw.find(u) == std::string::npos,
                         (name + ": raw bytes hold UID " + u).c_str());
            const DicomFile file = DicomFile::open(entry.path());
            for (const ElementValue& e : file.elements()) {
                ++elements;
                const std::string where = name + " " + e.path.toString() + " " + e.keyword;
                QVERIFY2(!e.path.leaf().isPrivate(), ("private element left: " + where).c_str());
                const std::string value = upper(e.value);
                for (const std::string& v : phiUpper)
                    QVERIFY2(value.find(v) == std::string::npos,
                             (where + " holds '" + v + "': " + e.value).c_str());
                for (const std::string& u : m_key.originalUids)
                    QVERIFY2(e.value.find(u) == std::string::npos,
                             (where + " holds UID " + u).c_str());
            }
            QCOMPARE(QString::fromStdString(file.string(Tag(0x0012, 0x0062))), QString("YES"));
            if (level ==
                ReleaseLevel::Publication) { // a second opinion: the export gate's verifier
                const FileVerification v = Verifier(m_evidence).verifyFile(entry.path());
                QVERIFY2(v.error.empty(), v.error.c_str());
                for (const VerificationHit& h : v.hits) {
                    QFAIL(("verifier [" + file.info().transferSyntaxUid + "]: " + name + " " +
                           h.where + " '" + h.value + "' (" + h.attribute + ")")
                              .c_str());
                }
            }
        }
        QCOMPARE(files, int(m_key.files.size()));
        qInfo("%s: %d files, %d elements searched for %d identifying values and %d UIDs",
              levelName(level), files, elements, int(phi.size()), int(m_key.originalUids.size()));
    }

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_in = fs::path(m_tmp.path().toStdString()) / "corpus";
        m_key = fixtures::writeCorpus(m_in);
        QVERIFY(m_key.files.size() > 20);
        QVERIFY(m_key.phiValues().size() > 50);
        NullProgress progress;
        CancelToken cancel;
        m_index = StudyIndexer().run({m_in.string()}, progress, cancel);
        QCOMPARE(m_index.instanceCount(), int(m_key.files.size()));
        for (const InstanceInfo* i : m_index.instances()) {
            const DicomFile source = DicomFile::open(i->localPath, DicomFile::Load::HeaderOnly);
            m_evidence.addSource(source);
        }
    }

    void publicationLeaksNothing() { deidentifyAndSearch(ReleaseLevel::Publication); }
    // Limited: pseudonyms, shifted dates; only times of day are kept (by design, see docs).
    void limitedLeaksNothingButTimes() { deidentifyAndSearch(ReleaseLevel::Limited); }
};

QTEST_MAIN(TestDeidLeak)
#include "tst_deidleak.moc"
