// Every kind of input the indexer accepts, and every kind of bad file it must survive.
#include "Fixtures.h"
#include "study/StudyIndexer.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcddirif.h>

#include <atomic>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace veil;

namespace {

class CountingProgress final : public ProgressSink {
public:
    void progress(long done, long total, const std::string&) override {
        calls++;
        lastDone = done;
        lastTotal = total;
    }
    std::atomic<int> calls{0};
    std::atomic<long> lastDone{0}, lastTotal{0};
};

StudyIndex indexOf(const std::vector<std::string>& inputs) {
    NullProgress progress;
    CancelToken cancel;
    return StudyIndexer().run(inputs, progress, cancel);
}

void addToZip(QuaZip& zip, const QString& name, const QByteArray& bytes) {
    QuaZipFile f(&zip);
    QVERIFY(f.open(QIODevice::WriteOnly, QuaZipNewInfo(name)));
    f.write(bytes);
    f.close();
}

QByteArray readAll(const fs::path& p) {
    QFile f(QString::fromStdString(p.string()));
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

const LoadProblem* problemFor(const StudyIndex& index, const std::string& suffix) {
    for (const LoadProblem& p : index.problems)
        if (p.path.size() >= suffix.size() &&
            p.path.compare(p.path.size() - suffix.size(), suffix.size(), suffix) == 0)
            return &p;
    return nullptr;
}

} // namespace

class TestStudyIndexer : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_corpus;
    fixtures::CorpusKey m_key;

private slots:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_corpus = fs::path(m_tmp.path().toStdString()) / "corpus";
        m_key = fixtures::writeCorpus(m_corpus);
        QVERIFY(m_key.files.size() > 10);
    }

    void folderFindsEveryInstance() {
        CountingProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run({m_corpus.string()}, progress, cancel);
        QCOMPARE(index.instanceCount(), int(m_key.files.size()));
        QCOMPARE(index.errorCount(), 0);
        QCOMPARE(index.skippedCount(), 1); // key.json
        QVERIFY(progress.calls > 0);
        QCOMPARE(progress.lastDone.load(), progress.lastTotal.load());
        QCOMPARE(int(index.patients.size()), int(m_key.patients.size()));
        for (const fixtures::FileEntry& f : m_key.files) {
            const InstanceInfo* i = index.findInstance(f.sopInstanceUid);
            QVERIFY2(i, f.relativePath.c_str());
            QCOMPARE(i->path, (m_corpus / f.relativePath).generic_string());
            QCOMPARE(i->rows, f.rows);
            QCOMPARE(i->columns, f.columns);
            QCOMPARE(i->frames, f.rows ? f.frames : 0);
            QCOMPARE(i->transferSyntaxUid, f.transferSyntaxUid);
        }
    }

    void everyEncodingKindIsIndexed_data() {
        QTest::addColumn<QString>("kind");
        for (const char* k : {"ct-no-meta", "ct-implicit-le", "ct-explicit-be", "ct-rle",
                              "ct-jpeg-ls", "ct-j2k-lossless", "us-jpeg-baseline"})
            QTest::newRow(k) << k;
    }
    void everyEncodingKindIsIndexed() {
        QFETCH(QString, kind);
        const fixtures::FileEntry* entry = nullptr;
        for (const auto& f : m_key.files)
            if (f.kind == kind.toStdString())
                entry = &f;
        if (!entry)
            QSKIP("the fixtures generator has no file of this kind");
        const StudyIndex index = indexOf({(m_corpus / entry->relativePath).string()});
        QCOMPARE(index.instanceCount(), 1);
        QCOMPARE(index.instances().front()->sopInstanceUid, entry->sopInstanceUid);
    }

    void singleFile() {
        const auto& f = m_key.files.front();
        const StudyIndex index = indexOf({(m_corpus / f.relativePath).string()});
        QCOMPARE(index.instanceCount(), 1);
        QVERIFY(index.problems.empty());
    }

    void zipWithNestedFolders() {
        const QString zipPath = m_tmp.filePath("study.zip");
        {
            QuaZip zip(zipPath);
            QVERIFY(zip.open(QuaZip::mdCreate));
            for (const auto& f : m_key.files)
                addToZip(zip, QString::fromStdString("nested/deeper/" + f.relativePath),
                         readAll(m_corpus / f.relativePath));
            zip.close();
        }
        const StudyIndex index = indexOf({zipPath.toStdString()});
        QCOMPARE(index.instanceCount(), int(m_key.files.size()));
        QCOMPARE(index.errorCount(), 0);
        const InstanceInfo* i = index.findInstance(m_key.files.front().sopInstanceUid);
        QVERIFY(i);
        QCOMPARE(i->path,
                 zipPath.toStdString() + "/nested/deeper/" + m_key.files.front().relativePath);
        QVERIFY(fs::exists(i->localPath)); // extracted for lazy pixel loading
    }

    void badFilesAreReportedAndTheRestLoads() {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "mixed";
        fs::create_directories(dir);
        const auto& ct = m_key.files.front();
        fs::copy_file(m_corpus / ct.relativePath, dir / "good.dcm");
        const QByteArray bytes = readAll(m_corpus / ct.relativePath);
        {
            std::ofstream t(dir / "truncated.dcm", std::ios::binary);
            t.write(bytes.constData(), bytes.size() / 2);
            std::ofstream h(dir / "header-cut.dcm", std::ios::binary);
            h.write(bytes.constData(), 300);
            std::ofstream txt(dir / "notes.txt");
            txt << "These are not images.\n";
        }
        const QString zipPath = QString::fromStdString((dir / "both.zip").string());
        {
            QuaZip zip(zipPath);
            QVERIFY(zip.open(QuaZip::mdCreate));
            addToZip(zip, "inner/truncated.dcm", bytes.left(bytes.size() / 2));
            addToZip(zip, "inner/readme.txt", "hello");
            addToZip(zip, "inner/good.dcm", bytes);
            zip.close();
        }
        const StudyIndex index = indexOf({dir.string()});
        QCOMPARE(index.instanceCount(), 1); // good.dcm and the zip's copy are the same instance UID
        QCOMPARE(int(index.instances().size()), 1);
        const LoadProblem* truncated = problemFor(index, "mixed/truncated.dcm");
        QVERIFY(truncated);
        QCOMPARE(truncated->kind, LoadProblem::Kind::Error);
        QVERIFY2(QString::fromStdString(truncated->message).contains("truncated"),
                 truncated->message.c_str());
        QVERIFY(problemFor(index, "header-cut.dcm"));
        const LoadProblem* text = problemFor(index, "notes.txt");
        QVERIFY(text);
        QCOMPARE(text->kind, LoadProblem::Kind::Skipped);
        QVERIFY(QString::fromStdString(text->message).contains("not a DICOM file"));
        QVERIFY(problemFor(index, "both.zip/inner/truncated.dcm"));
        QVERIFY(problemFor(index, "both.zip/inner/readme.txt"));
    }

    void duplicateInstancesAreKeptOnce() {
        const StudyIndex index = indexOf({m_corpus.string(), m_corpus.string()});
        QCOMPARE(index.instanceCount(), int(m_key.files.size()));
    }

    void dicomdirIsFollowed() {
        // DICOMDIR needs ISO 9660 names: copy a few files under such names and build one.
        const fs::path media = fs::path(m_tmp.path().toStdString()) / "media";
        fs::create_directories(media / "DIR1");
        int n = 0;
        for (const auto& f : m_key.files) {
            if (f.kind != "ct")
                continue;
            char name[16];
            std::snprintf(name, sizeof name, "IM%06d", ++n);
            fs::copy_file(m_corpus / f.relativePath, media / "DIR1" / name);
        }
        QVERIFY(n > 2);
        const fs::path cwd = fs::current_path();
        fs::current_path(media);
        DicomDirInterface ddir;
        ddir.disableConsistencyCheck(true);
        QVERIFY(ddir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, "DICOMDIR").good());
        for (int i = 1; i <= n; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "DIR1/IM%06d", i);
            QVERIFY(ddir.addDicomFile(name).good());
        }
        QVERIFY(ddir.writeDicomDir().good());
        fs::current_path(cwd);
        // Given the DICOMDIR alone, Veil reads what it lists.
        const StudyIndex index = indexOf({(media / "DICOMDIR").string()});
        QCOMPARE(index.instanceCount(), n);
        // Given the folder, the DICOMDIR is not counted as an image and nothing is doubled.
        const StudyIndex folder = indexOf({media.string()});
        QCOMPARE(folder.instanceCount(), n);
        QVERIFY(folder.errorCount() == 0);
        // A record whose file is gone is reported.
        fs::remove(media / "DIR1" / "IM000001");
        const StudyIndex missing = indexOf({(media / "DICOMDIR").string()});
        QCOMPARE(missing.instanceCount(), n - 1);
        QVERIFY(problemFor(missing, "IM000001"));
    }

    void missingInputIsReported() {
        const StudyIndex index = indexOf({"/nonexistent/veil-test"});
        QCOMPARE(index.instanceCount(), 0);
        QCOMPARE(index.errorCount(), 1);
        QVERIFY(QString::fromStdString(index.problems[0].message).contains("does not exist"));
    }

    void cancelStopsEarly() {
        NullProgress progress;
        CancelToken cancel;
        cancel.cancel();
        const StudyIndex index = StudyIndexer().run({m_corpus.string()}, progress, cancel);
        QCOMPARE(index.instanceCount(), 0);
    }

    void realSamplesNeverCrash() {
        const fs::path samples = VEIL_SAMPLES_DIR;
        if (!fs::exists(samples))
            QSKIP("shared samples not present");
        const StudyIndex index = indexOf({samples.string()});
        QVERIFY(index.instanceCount() >= 18);
        const LoadProblem* nested = problemFor(index, "2026-05-06-Deeply-Nested-Sequence.dcm");
        QVERIFY(nested);
        QCOMPARE(nested->kind, LoadProblem::Kind::Error);
        QVERIFY(QString::fromStdString(nested->message).contains("nested"));
        QVERIFY(index.findInstance("1.2.840.113619.2.176.2025.1499492.7040.1171286242.109") ||
                index.instanceCount() > 0);
        // The other errors are conflicts: the samples hold variants of one image (another
        // transfer syntax, frames) under one SOP Instance UID, which Veil will not choose between.
        for (const LoadProblem& p : index.problems)
            if (p.kind == LoadProblem::Kind::Error && &p != nested)
                QVERIFY2(QString::fromStdString(p.message).startsWith(
                             "conflict: a different file with the same SOP Instance UID"),
                         p.message.c_str());
        QVERIFY(index.errorCount() >= 1);
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv); // the fixtures draw text with Qt fonts
    TestStudyIndexer t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_studyindexer.moc"
