// The partial folder: made beside the destination, named as unfinished, removed on failure,
// moved into place with one rename; stale ones (their process gone) cleaned, live ones kept.
#include "common/Error.h"
#include "export/ExportJob.h"
#include "export/Staging.h"

#include <QFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

class TestExportStaging : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    void makeStale(const fs::path& dir) {
        fs::create_directories(dir / "export");
        QFile lock(QString::fromStdString((dir / ".lock").string()));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write("999999\nveil-cli\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    }

private slots:
    void madeBesideAndRemovedOnFailure() {
        fs::path root;
        {
            StagingArea s(path("out"));
            root = s.root();
            QCOMPARE(root.parent_path(), fs::path(m_tmp.path().toStdString()));
            QVERIFY(root.filename().string().rfind("out.veil-partial-", 0) == 0);
            QVERIFY(fs::is_directory(s.tree()));
        }
        QVERIFY(!fs::exists(root));
        QVERIFY(!fs::exists(path("out")));
    }

    void commitIsOneRename() {
        StagingArea s(path("done/"));
        std::ofstream(s.tree() / "a.dcm") << "x";
        s.commit(s.tree());
        QVERIFY(fs::is_regular_file(path("done") / "a.dcm"));
        QVERIFY(!fs::exists(s.root()));
    }

    void refusesAnExistingDestination() {
        fs::create_directories(path("exists"));
        QVERIFY_THROWS_EXCEPTION(Error, StagingArea(path("exists")));
        QVERIFY_THROWS_EXCEPTION(Error, StagingArea(path("no-such-folder/out")));
    }

    void staleFoldersAreCleanedLiveOnesKept() {
        makeStale(path("old.veil-partial-Qx12ab"));
        fs::create_directories(path("unlocked.veil-partial-Zz99zz"));
        fs::last_write_time(path("unlocked.veil-partial-Zz99zz"),
                            fs::file_time_type::clock::now() - std::chrono::hours(1));
        fs::create_directories(path("fresh.veil-partial-Yy88yy")); // being created right now
        StagingArea live(path("live"));
        const std::vector<fs::path> removed = StagingArea::cleanStale(path(""));
        QCOMPARE(int(removed.size()), 2);
        QVERIFY(!fs::exists(path("old.veil-partial-Qx12ab")));
        QVERIFY(!fs::exists(path("unlocked.veil-partial-Zz99zz")));
        QVERIFY(fs::exists(path("fresh.veil-partial-Yy88yy")));
        QVERIFY(fs::exists(live.root()));
    }

    void insideMeansInside_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("dir");
        QTest::addColumn<bool>("inside");
        QTest::newRow("child") << "a/b/m.veilmap"
                               << "a/b" << true;
        QTest::newRow("trailing slash") << "a/b/m.veilmap"
                                        << "a/b/" << true;
        QTest::newRow("dot-dot") << "a/b/../b/m"
                                 << "a/b" << true;
        QTest::newRow("sibling prefix") << "a/bc/m"
                                        << "a/b" << false;
        QTest::newRow("beside") << "a/m"
                                << "a/b" << false;
    }
    void insideMeansInside() {
        QFETCH(QString, file);
        QFETCH(QString, dir);
        QFETCH(bool, inside);
        QCOMPARE(isInside(path(file.toStdString()), path(dir.toStdString())), inside);
    }
};

QTEST_GUILESS_MAIN(TestExportStaging)
#include "tst_exportstaging.moc"
