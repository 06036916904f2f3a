// Archives: a zip bomb is refused without being extracted in full, the private temporary
// folder goes on every exit path (normal end, SIGTERM), and what a run killed with kill -9
// left behind is removed by the next run. Every child and every sweep works in a temporary
// folder of this test (TMPDIR), never in the machine's /tmp.
#include "PixelTestFiles.h"

#include "common/Progress.h"
#include "study/InputExpander.h"
#include "study/Scratch.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace veil;

namespace {

// A zip whose entries are `megabytes` MiB of zeros each, deflated (about 1 KiB per MiB).
void writeZerosZip(const QString& path, const QStringList& names, int megabytes, int level,
                   const fs::path& extraFile = {}, int copies = 1) {
    QuaZip zip(path);
    QVERIFY(zip.open(QuaZip::mdCreate));
    const std::vector<char> zeros(1 << 20, 0);
    for (const QString& name : names) {
        QuaZipFile f(&zip);
        QVERIFY(f.open(QIODevice::WriteOnly, QuaZipNewInfo(name), nullptr, 0, Z_DEFLATED, level));
        for (int i = 0; i < megabytes; ++i)
            QCOMPARE(f.write(zeros.data(), qint64(zeros.size())), qint64(zeros.size()));
        f.close();
        QCOMPARE(f.getZipError(), UNZ_OK);
    }
    if (!extraFile.empty()) {
        QFile in(QString::fromStdString(extraFile.string()));
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray bytes = in.readAll();
        for (int i = 0; i < copies; ++i) {
            QuaZipFile f(&zip);
            QVERIFY(f.open(
                QIODevice::WriteOnly,
                QuaZipNewInfo(copies == 1 ? QString("good.dcm") : QString("img/%1.dcm").arg(i))));
            f.write(bytes);
            f.close();
        }
    }
    zip.close();
}

QStringList scratchFolders(const QString& tmp) {
    return QDir(tmp).entryList({"veil-extract-*"}, QDir::Dirs | QDir::NoDotAndDotDot);
}

} // namespace

class TestArchives : public QObject {
    Q_OBJECT
    QTemporaryDir m_files; // inputs
    QTemporaryDir m_tmp;   // TMPDIR of this test and its children

    QProcessEnvironment childEnv() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("TMPDIR", m_tmp.path());
        return env;
    }

    // Starts veil-cli info on `input` and returns once its scratch folder exists.
    void startAndWaitForScratch(QProcess& p, const QString& input) {
        p.setProcessEnvironment(childEnv());
        p.start(VEIL_CLI, {"info", input});
        QVERIFY(p.waitForStarted());
        QElapsedTimer t;
        t.start();
        while (scratchFolders(m_tmp.path()).isEmpty() && t.elapsed() < 60000 &&
               p.state() == QProcess::Running)
            QThread::msleep(5);
        QVERIFY2(!scratchFolders(m_tmp.path()).isEmpty(), "the run made no scratch folder");
        QVERIFY2(p.state() == QProcess::Running, "the run ended before it could be stopped");
    }

private slots:
    void initTestCase() {
        qputenv("TMPDIR", m_tmp.path().toUtf8()); // QDir::tempPath() of this process too
        QCOMPARE(QDir::tempPath(), QDir(m_tmp.path()).canonicalPath());
        test::ImageSpec s;
        test::writeTestImage(m_files.filePath("good.dcm").toStdString(), s);
        // Slow to extract and index, harmless: 40 entries of 6 MiB zeros (under the ratio
        // check) and 400 copies of one image (whose headers are read one by one).
        QStringList names;
        for (int i = 0; i < 40; ++i)
            names << QString("part%1.bin").arg(i);
        writeZerosZip(m_files.filePath("slow.zip"), names, 6, 1,
                      m_files.filePath("good.dcm").toStdString(), 400);
    }

    void zipBombIsRefusedWithoutFullExtraction() {
        const QString bomb = m_files.filePath("bomb.zip");
        writeZerosZip(bomb, {"zeros.dcm"}, 1024, Z_BEST_COMPRESSION,
                      m_files.filePath("good.dcm").toStdString());
        qInfo("bomb.zip: %lld bytes holding 1 GiB of zeros", QFileInfo(bomb).size());
        QElapsedTimer t;
        t.start();
        {
            CancelToken cancel;
            const Expansion ex = expandInputs({bomb.toStdString()}, cancel);
            qInfo("expanded in %lld ms", t.elapsed());
            bool refused = false;
            for (const LoadProblem& p : ex.problems)
                if (p.path == bomb.toStdString() + "/zeros.dcm" &&
                    p.message.find("zip bomb") != std::string::npos)
                    refused = true;
            QVERIFY(refused);
            QCOMPARE(ex.candidates.size(), std::size_t(1)); // good.dcm, next to the bomb
            QVERIFY(ex.candidates[0].path.ends_with("bomb.zip/good.dcm"));
            // What the bomb left on disk: nothing (its partial copy is removed).
            const QStringList dirs = scratchFolders(m_tmp.path());
            QCOMPARE(dirs.size(), 1);
            qint64 onDisk = 0;
            for (const auto& e :
                 fs::recursive_directory_iterator((m_tmp.path() + "/" + dirs[0]).toStdString()))
                if (e.is_regular_file())
                    onDisk += qint64(e.file_size());
            QVERIFY2(onDisk < (1 << 20), qPrintable(QString::number(onDisk)));
            struct stat st {};
            QCOMPARE(stat((m_tmp.path() + "/" + dirs[0]).toUtf8().constData(), &st), 0);
            QCOMPARE(int(st.st_mode & 0777), 0700); // private
        }
        QVERIFY(scratchFolders(m_tmp.path()).isEmpty()); // gone with the last reference
    }

    // A DICOMDIR names files relative to its folder: a record reaching outside it (..\) is
    // refused, never read; the others are followed.
    void dicomdirRecordOutsideItsFolderIsRefused() {
        const fs::path media = m_files.filePath("media").toStdString();
        fs::create_directories(media / "IMAGES");
        fs::copy_file(m_files.filePath("good.dcm").toStdString(), media / "IMAGES" / "IM1");
        test::ImageSpec s;
        s.seed = 7;
        test::writeTestImage(media.parent_path() / "outside.dcm", s);
        DcmFileFormat ff;
        DcmDataset& ds = *ff.getDataset();
        ds.putAndInsertString(DCM_SOPClassUID, UID_MediaStorageDirectoryStorage);
        auto* records = new DcmSequenceOfItems(DCM_DirectoryRecordSequence);
        for (const char* ref : {"IMAGES\\IM1", "..\\outside.dcm"}) {
            auto* item = new DcmItem;
            item->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
            item->putAndInsertString(DCM_ReferencedFileID, ref);
            records->insert(item);
        }
        ds.insert(records);
        QVERIFY(ff.saveFile((media / "DICOMDIR").c_str(), EXS_LittleEndianExplicit).good());
        CancelToken cancel;
        const Expansion ex = expandInputs({(media / "DICOMDIR").string()}, cancel);
        QCOMPARE(ex.candidates.size(), std::size_t(1));
        QVERIFY(ex.candidates[0].localPath.ends_with("IM1"));
        bool refused = false;
        for (const LoadProblem& p : ex.problems)
            refused |= p.message.find("outside the DICOMDIR's folder") != std::string::npos;
        QVERIFY(refused);
    }

    void sigtermRemovesTheScratchFolder() {
        QProcess p;
        startAndWaitForScratch(p, m_files.filePath("slow.zip"));
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit); // died of the signal, as it should
        QVERIFY2(scratchFolders(m_tmp.path()).isEmpty(),
                 qPrintable(scratchFolders(m_tmp.path()).join(", ")));
    }

    void killedRunLeftOversGoWithTheNextRun() {
        QProcess p;
        startAndWaitForScratch(p, m_files.filePath("slow.zip"));
        p.kill(); // SIGKILL: nothing of the process runs any more
        QVERIFY(p.waitForFinished(60000));
        const QStringList left = scratchFolders(m_tmp.path());
        QCOMPARE(left.size(), 1); // the extracted copies are still there...
        QProcess next;
        next.setProcessEnvironment(childEnv());
        next.start(VEIL_CLI, {"info", m_files.filePath("good.dcm")});
        QVERIFY(next.waitForFinished(60000));
        QCOMPARE(next.exitCode(), 0);
        QVERIFY2(scratchFolders(m_tmp.path()).isEmpty(), // ...until the next run
                 qPrintable(scratchFolders(m_tmp.path()).join(", ")));
    }

    void aLiveRunsFolderIsNotSwept() {
        QProcess p;
        startAndWaitForScratch(p, m_files.filePath("slow.zip"));
        QCOMPARE(sweepStaleScratch(), 0); // its lock is held
        QCOMPARE(scratchFolders(m_tmp.path()).size(), 1);
        QVERIFY(p.waitForFinished(600000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY(scratchFolders(m_tmp.path()).isEmpty()); // and it went at the end of that run
    }
};

QTEST_GUILESS_MAIN(TestArchives)
#include "tst_archives.moc"
