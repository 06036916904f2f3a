// The certificate PDF: made from a real export of the fixtures corpus, rendered back with
// pdftoppm (page 1 becomes docs/certificate-page.png when VEIL_CERTIFICATE_PNG names a path);
// a long file list runs onto more pages; the JSON round-trips.
#include "../e2e/E2eData.h"

#include "CertificatePdf.h"
#include "common/Error.h"
#include "export/ExportJob.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
namespace fs = std::filesystem;

namespace {

int pdfPages(const QString& pdf) {
    QProcess p;
    p.start("pdfinfo", {pdf});
    p.waitForFinished(30000);
    for (const QString& line : QString::fromUtf8(p.readAllStandardOutput()).split('\n'))
        if (line.startsWith("Pages:"))
            return line.mid(6).trimmed().toInt();
    return -1;
}

} // namespace

class TestCertificatePdf : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    Certificate m_certificate;

    QString path(const QString& name) const { return m_tmp.filePath(name); }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable("pdftoppm").isEmpty())
            QSKIP("pdftoppm (poppler-utils) is not installed");
        const e2e::Corpus corpus = e2e::makeCorpus(path("corpus").toStdString(), 4, 3);
        ExportRequest r;
        r.destination = path("case-42").toStdString();
        r.profile = Profile::standard(ReleaseLevel::Publication);
        r.signOffs = e2e::signOffs(ReleaseLevel::Publication);
        r.review = e2e::acceptedReview(corpus);
        r.findings = findingsFromBoxes(*r.review);
        r.veilVersion = "0.1.0";
        r.person = "test";
        NullProgress progress;
        CancelToken cancel;
        const ExportResult result =
            ExportJob(r, e2e::testKey()).run(corpus.index, progress, cancel);
        QVERIFY2(result.ok(), result.message.c_str());
        m_certificate = *result.certificate;
    }

    void rendersAndReadsBack() {
        writeCertificatePdf(m_certificate, path("certificate.pdf"));
        QFile pdf(path("certificate.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QProcess p;
        p.start("pdftoppm", {"-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                             path("certificate.pdf"), path("page")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QFileInfo(path("page.png")).size() > 10000); // a page with text, not a blank one
        QVERIFY(pdfPages(path("certificate.pdf")) >= 1);
        const QString doc = qEnvironmentVariable("VEIL_CERTIFICATE_PNG");
        if (!doc.isEmpty()) {
            QFile::remove(doc);
            QVERIFY(QFile::copy(path("page.png"), doc));
        }
    }

    void longFileListsTakeMorePages() {
        Certificate c = m_certificate;
        for (int i = 0; i < 400; ++i)
            c.files.push_back({"PAT00001/STU00001/SER00002/IMG" + std::to_string(10000 + i),
                               std::string(64, 'a'), 1});
        writeCertificatePdf(c, path("long.pdf"));
        QVERIFY(pdfPages(path("long.pdf")) >= pdfPages(path("certificate.pdf")) + 4);
    }

    void jsonRoundTrips() {
        const Certificate back = Certificate::fromJson(m_certificate.toJson());
        QVERIFY(back.toJson() == m_certificate.toJson());
        QCOMPARE(int(back.reviewers().size()), 1);
        QVERIFY(back.approver());
    }

    void unwritablePathThrows() {
        QVERIFY_THROWS_EXCEPTION(Error,
                                 writeCertificatePdf(m_certificate, path("no/such/dir/c.pdf")));
    }
};

QTEST_MAIN(TestCertificatePdf)
#include "tst_certificatepdf.moc"
