// ISO 9660 names for a DICOMDIR export, and the zip container read back.
#include "common/Error.h"
#include "export/Archive.h"
#include "export/IsoLayout.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

class TestExportLayout : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    void touch(const fs::path& p, const std::string& text) {
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
    }

private slots:
    void isoNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("ok");
        QTest::newRow("four levels") << "PAT00001/STU00001/SER00001/IMG00001" << true;
        QTest::newRow("lower case") << "pat00001" << false;
        QTest::newRow("nine characters") << "IMG000001" << false;
        QTest::newRow("extension") << "IMG1.DCM" << false;
        QTest::newRow("nine levels") << "A/B/C/D/E/F/G/H/I" << false;
        QTest::newRow("empty part") << "A//B" << false;
    }
    void isoNames() {
        QFETCH(QString, name);
        QFETCH(bool, ok);
        QCOMPARE(isIsoName(name.toStdString()), ok);
    }

    void relayoutNumbersEachLevel() {
        const fs::path tree = path("tree");
        touch(tree / "VEIL-A/2.25.1/2.25.11/2.25.111.dcm", "a1");
        touch(tree / "VEIL-A/2.25.1/2.25.11/2.25.112.dcm", "a2");
        touch(tree / "VEIL-A/2.25.1/2.25.12/2.25.121.dcm", "a3");
        touch(tree / "VEIL-B/2.25.2/2.25.21/2.25.211.dcm", "b1");
        const std::map<std::string, std::string> renames = relayoutIso(tree);
        QCOMPARE(QString::fromStdString(renames.at("VEIL-A/2.25.1/2.25.11/2.25.112.dcm")),
                 QString("PAT00001/STU00001/SER00001/IMG00002"));
        QCOMPARE(QString::fromStdString(renames.at("VEIL-A/2.25.1/2.25.12/2.25.121.dcm")),
                 QString("PAT00001/STU00001/SER00002/IMG00001"));
        QCOMPARE(QString::fromStdString(renames.at("VEIL-B/2.25.2/2.25.21/2.25.211.dcm")),
                 QString("PAT00002/STU00001/SER00001/IMG00001"));
        std::ifstream in(tree / "PAT00002/STU00001/SER00001/IMG00001");
        std::string text;
        in >> text;
        QCOMPARE(QString::fromStdString(text), QString("b1"));
        QVERIFY(!fs::exists(tree / "VEIL-A"));
    }

    void zipReadsBackWhatWasPut() {
        touch(path("z/a/one"), "1");
        touch(path("z/two"), "22");
        zipFolder(path("z"), path("z.zip"));
        const std::map<std::string, std::string> entries = zipEntrySha256(path("z.zip"));
        QCOMPARE(int(entries.size()), 2);
        QCOMPARE(QString::fromStdString(entries.at("a/one")),
                 QString::fromStdString(fileSha256(path("z/a/one"))));
        extractZip(path("z.zip"), path("back"));
        QCOMPARE(QString::fromStdString(fileSha256(path("back/two"))),
                 QString::fromStdString(fileSha256(path("z/two"))));
        QVERIFY_THROWS_EXCEPTION(Error, fileSha256(path("missing")));
    }
};

QTEST_GUILESS_MAIN(TestExportLayout)
#include "tst_exportlayout.moc"
