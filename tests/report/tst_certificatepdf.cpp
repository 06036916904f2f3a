// The certificate PDF: made from a real export of the fixtures corpus, rendered back with
// pdftoppm (page 1 becomes docs/certificate-page.png when VEIL_CERTIFICATE_PNG names a path);
// a long file list runs onto more pages; the JSON round-trips.
#include "../e2e/E2eData.h"

#include "CertificatePdf.h"
#include "common/Error.h"
#include "export/ExportJob.h"
#include "study/AccessionCheck.h"

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
    e2e::Corpus m_corpus;
    std::string m_listSha;

    QString pdfText(const QString& pdf) {
        QProcess p;
        p.start("pdftotext", {"-layout", pdf, "-"});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    }

    QString path(const QString& name) const { return m_tmp.filePath(name); }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable("pdftoppm").isEmpty())
            QSKIP("pdftoppm (poppler-utils) is not installed");
        m_corpus = e2e::makeCorpus(path("corpus").toStdString(), 4, 3);
        const e2e::Corpus& corpus = m_corpus;
        ExportRequest r;
        std::string list = "AccessionNumber\n";
        for (const PatientNode& p : corpus.index.patients)
            for (const StudyNode& st : p.studies)
                list += st.accessionNumber + "\n";
        r.expectedAccessions = parseAccessionList(list, "approved.csv");
        m_listSha = r.expectedAccessions->sha256;
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

    void completeAccessionListIsCertified() {
        QVERIFY(m_certificate.accessions);
        QCOMPARE(m_certificate.accessions->listSha256, m_listSha);
        QCOMPARE(m_certificate.accessions->expected, m_corpus.index.studyCount());
        QCOMPARE(m_certificate.accessions->found, m_corpus.index.studyCount());
        QVERIFY(m_certificate.accessions->complete());
        writeCertificatePdf(m_certificate, path("complete.pdf"));
        const QString text = pdfText(path("complete.pdf"));
        QVERIFY2(text.contains("complete: all") && text.contains(QString::fromStdString(m_listSha)),
                 qPrintable(text));
        // pdftotext writes "fl" as a ligature: the words after "flagged" are looked for.
        QVERIFY2(text.contains("able to show a face"), qPrintable(text));
    }

    // One study in scope, a list naming another accession: one missing, one not on the list.
    void accessionMismatchRefusesUntilAccepted() {
        const InstanceInfo* one = nullptr;
        for (const InstanceInfo* i : m_corpus.index.instances())
            if (i->modality == "CT" && i->rows == 256)
                one = i;
        QVERIFY(one);
        ExportRequest r;
        r.destination = path("one-study").toStdString();
        r.scope = {one->sopInstanceUid};
        r.profile = Profile::standard(ReleaseLevel::Publication);
        r.signOffs = e2e::signOffs(ReleaseLevel::Publication);
        r.redact = RedactPolicy::None;
        r.person = "test";
        r.expectedAccessions = parseAccessionList("\xEF\xBB\xBF"
                                                  "ACC-NOT-IN-SCOPE\n",
                                                  "list.txt");
        const ExportJob job(r, e2e::testKey());
        const Problems p = job.preflight(m_corpus.index);
        QCOMPARE(int(p.items.size()), 2);
        QVERIFY(p.items[0].find("ACC-NOT-IN-SCOPE") != std::string::npos);
        QVERIFY(p.items[0].find("missing") != std::string::npos);
        QVERIFY(p.items[1].find(one->studyInstanceUid) != std::string::npos);
        QVERIFY(p.items[1].find("not on the list") != std::string::npos);
        NullProgress progress;
        CancelToken cancel;
        QCOMPARE(job.run(m_corpus.index, progress, cancel).status, ExportStatus::Refused);
        QVERIFY(!fs::exists(r.destination));

        r.acceptAccessionMismatch = true;
        const ExportResult result =
            ExportJob(r, e2e::testKey()).run(m_corpus.index, progress, cancel);
        QVERIFY2(result.ok(), result.message.c_str());
        const auto& a = result.certificate->accessions;
        QVERIFY(a);
        QCOMPARE(a->expected, 1);
        QCOMPARE(a->found, 0);
        QCOMPARE(a->missing, 1);
        QCOMPARE(a->studiesNotOnList, 1);
        QVERIFY(a->mismatchAccepted);
        const Certificate back = Certificate::load(result.certificateFile);
        QVERIFY(back.accessions && back.accessions->mismatchAccepted);
        QCOMPARE(back.accessions->listSha256, r.expectedAccessions->sha256);
        // The certificate carries counts, never an accession number of the source.
        QVERIFY(e2e::slurp(result.certificateFile).find(one->accessionNumber) == std::string::npos);
        writeCertificatePdf(*result.certificate, path("mismatch.pdf"));
        QVERIFY(pdfText(path("mismatch.pdf")).contains("MISMATCH accepted by the sender"));
    }

    void unwritablePathThrows() {
        QVERIFY_THROWS_EXCEPTION(Error,
                                 writeCertificatePdf(m_certificate, path("no/such/dir/c.pdf")));
    }
};

QTEST_MAIN(TestCertificatePdf)
#include "tst_certificatepdf.moc"
