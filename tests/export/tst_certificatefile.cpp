// The certificate file and the hashes in it: save() writes the file list entry by entry (a
// release may list hundreds of thousands of outputs) and must give exactly the bytes of the
// whole document as QJsonDocument writes it; the SHA-256 helpers give the standard digests.
#include "common/Error.h"
#include "common/Sha256.h"
#include "export/Archive.h"
#include "export/Certificate.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace veil;
namespace fs = std::filesystem;

class TestCertificateFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    static QByteArray read(const fs::path& p) {
        QFile f(QString::fromStdString(p.string()));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    static Certificate sample(int files) {
        Certificate c;
        c.created = "2026-12-02T10:00:00Z";
        c.veilVersion = "test";
        c.destination = "release \"A\"";
        c.images = files;
        c.addDecision({"batch-release", {}, "unreviewed"});
        c.verification.passed = true;
        c.verification.filesChecked = files;
        c.verification.pixels = "NOT checked";
        c.auditLog = "release.audit.jsonl";
        c.auditHead = "abc";
        c.auditLines = 3;
        // Names that need escaping in JSON, and one that is not ASCII.
        const char* names[] = {"P1/1.2.3/4.5.6/7.8.9.dcm", "P\"2\"/a\\b.dcm", "P3/caf\xc3\xa9.dcm",
                               "P4/tab\there.dcm"};
        for (int i = 0; i < files; ++i)
            c.files.push_back({std::string(names[i % 4]) + std::to_string(i),
                               sha256Hex(std::to_string(i)), 1000LL * i + 7});
        return c;
    }

private slots:
    void savedBytesAreThoseOfTheWholeDocument_data() {
        QTest::addColumn<int>("files");
        for (int n : {0, 1, 2, 5, 300})
            QTest::addRow("%d files", n) << n;
    }
    void savedBytesAreThoseOfTheWholeDocument() {
        QFETCH(int, files);
        const Certificate c = sample(files);
        const fs::path file = path("c" + std::to_string(files) + ".json");
        c.save(file);
        QCOMPARE(read(file), QJsonDocument(c.toJson()).toJson(QJsonDocument::Indented));
        const Certificate back = Certificate::load(file);
        QCOMPARE(int(back.files.size()), files);
        for (int i = 0; i < files; ++i) {
            QCOMPARE(back.files[std::size_t(i)].path, c.files[std::size_t(i)].path);
            QCOMPARE(back.files[std::size_t(i)].sha256, c.files[std::size_t(i)].sha256);
            QCOMPARE(back.files[std::size_t(i)].bytes, c.files[std::size_t(i)].bytes);
        }
    }

    void sha256OfBytesAndFiles() {
        QCOMPARE(sha256Hex(""),
                 std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(sha256Hex("abc"),
                 std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        // A file larger than one read block, against Qt's own SHA-256.
        std::string big(3 * (1 << 20) + 17, '\0');
        for (std::size_t i = 0; i < big.size(); ++i)
            big[i] = char(i * 7 + i / 1000);
        const fs::path file = path("big.bin");
        std::ofstream(file, std::ios::binary).write(big.data(), std::streamsize(big.size()));
        const std::string qt =
            QCryptographicHash::hash(QByteArray::fromStdString(big), QCryptographicHash::Sha256)
                .toHex()
                .toStdString();
        QCOMPARE(fileSha256(file), qt);
        QCOMPARE(sha256Hex(big), qt);
        QVERIFY_THROWS_EXCEPTION(Error, fileSha256(path("missing.bin")));
    }
};

QTEST_GUILESS_MAIN(TestCertificateFile)
#include "tst_certificatefile.moc"
