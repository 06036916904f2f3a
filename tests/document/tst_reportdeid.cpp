// Encapsulated PDF reports through de-identification: a report with a text layer and a
// scanned one, both naming the patient, his birth date, his ID and his referrer. After DeidJob
// (what veil-cli deid and the export run) the document is rebuilt from page images: no text
// layer, the same page count, no identifier in OCR of the pages or in the header (the
// Verifier with the OCR checker), and the findings sentence still reads. The header-only
// fallback puts a one-page notice in its place. The reviewer's decisions on a scanned page (OCR)
// are honoured: a kept finding stays readable, a drawn box is burned.
#include "Fixtures.h"
#include "ReportText.h"

#include "common/Error.h"
#include "deid/DeidJob.h"
#include "document/ReportPages.h"
#include "document/ReportRedaction.h"
#include "export/PixelRedactionStep.h"
#include "review/FindingBoxes.h"
#include "study/StudyIndexer.h"
#include "verify/OcrPixelChecker.h"
#include "verify/Verifier.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using veil::test::ocrText;
using veil::test::upper;
namespace fs = std::filesystem;

namespace {

std::string layerText(const QByteArray& pdf) {
    std::string all;
    for (const RenderedPage& page : renderPdf(pdf, kReportDpi, "test"))
        for (const PageWord& w : page.textLayer)
            all += w.text + " ";
    return all;
}

} // namespace

class TestReportDeid : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fixtures::ReportStudy m_study;
    StudyIndex m_index;
    ProjectKey m_key = ProjectKey::generate();

    QString path(const QString& name) const { return m_tmp.filePath(name); }

    // The identifying strings as a reader would see them in the report.
    std::vector<std::string> identifiers() const {
        const fixtures::PatientKey& k = m_study.key.patients.front();
        return {"SMITH", "JOHN", "MACLEOD", "FIONA", k.patientId, m_study.lines[2].substr(15)};
    }

    // DeidJob over the study; the outputs of the two reports (text, scan).
    std::vector<fs::path> deidentify(const QString& out, const Profile& profile) {
        DeidJobOptions o;
        o.outDir = path(out).toStdString();
        o.threads = 2;
        NullProgress progress;
        CancelToken cancel;
        const DeidJobResult r = DeidJob(profile, m_key, o).run(m_index, progress, cancel);
        std::map<std::string, fs::path> bySource;
        for (const DeidFileOutcome& f : r.files) {
            if (f.status != DeidFileOutcome::Status::Written)
                qWarning("%s: %s", f.source.c_str(), f.message.c_str());
            bySource[f.source] = f.output;
        }
        std::vector<fs::path> reports;
        for (const fs::path& source : m_study.reports)
            reports.push_back(bySource[source.string()]);
        return reports;
    }

    void checkClean(const fs::path& output, const fs::path& source, int pages) {
        QVERIFY(!output.empty());
        const DicomFile out = DicomFile::open(output);
        const QByteArray pdf = QByteArray::fromStdString(out.bytes(Tag{0x0042, 0x0011}));
        QVERIFY(looksLikePdf(pdf));
        QCOMPARE(pdfPageCount(pdf, output.string()), pages);
        QCOMPARE(QString::fromStdString(layerText(pdf)), QString()); // no text layer at all
        QVERIFY(!pdf.contains("/Info") && !pdf.contains("/EmbeddedFile") && !pdf.contains("/Font"));
        const std::string read = upper(ocrText(pdf));
        for (const std::string& id : identifiers())
            QVERIFY2(read.find(upper(id)) == std::string::npos,
                     (id + " is still readable in:\n" + read).c_str());
        for (const char* word : {"NODULE", "RIGHT UPPER LOBE", "UNCHANGED IN SIZE"})
            QVERIFY2(read.find(word) != std::string::npos,
                     (std::string(word) + " was lost; OCR read:\n" + read).c_str());
        // The gate: header, text layer and OCR of every page, against the source's identifiers.
        SourceEvidence evidence;
        evidence.addSource(DicomFile::open(source));
        OcrPixelChecker ocr;
        const FileVerification v = Verifier(evidence, &ocr).verifyFile(output);
        QVERIFY2(v.error.empty(), v.error.c_str());
        for (const VerificationHit& h : v.hits)
            qWarning("hit %s: %s (%s)", h.where.c_str(), h.value.c_str(), h.attribute.c_str());
        QVERIFY(v.hits.empty());
        QCOMPARE(v.frames, pages);
        QCOMPARE(v.framesRead, pages);
        QCOMPARE(out.string(Tag{0x0008, 0x0016}), std::string(kEncapsulatedPdfClass));
        const long length = *out.integer(Tag{0x0042, 0x0015}); // the value, even-padded
        QVERIFY(length == long(pdf.size()) || length + 1 == long(pdf.size()));
    }

private slots:
    void initTestCase() {
        m_study = fixtures::writeReportStudy(path("in").toStdString());
        NullProgress progress;
        CancelToken cancel;
        m_index = StudyIndexer().run({path("in").toStdString()}, progress, cancel);
        QCOMPARE(m_index.errorCount(), 0);
        QCOMPARE(m_index.instanceCount(), 4);
    }

    // The sources really carry what must go (else the checks below prove nothing).
    void sourcesNameThePatient() {
        const DicomFile text = DicomFile::open(m_study.reports[0]);
        const QByteArray pdf = QByteArray::fromStdString(text.bytes(Tag{0x0042, 0x0011}));
        QCOMPARE(pdfPageCount(pdf, "text"), 2);
        QVERIFY(upper(layerText(pdf)).find("SMITH") != std::string::npos);
        QVERIFY(upper(layerText(pdf)).find("MACLEOD") != std::string::npos);
        const DicomFile scan = DicomFile::open(m_study.reports[1]);
        const QByteArray scanned = QByteArray::fromStdString(scan.bytes(Tag{0x0042, 0x0011}));
        QCOMPARE(QString::fromStdString(layerText(scanned)), QString());
        const std::string read = upper(ocrText(scanned));
        QVERIFY2(read.find("SMITH") != std::string::npos, read.c_str());
        QVERIFY2(read.find(upper(m_study.key.patients.front().patientId)) != std::string::npos,
                 read.c_str());
        SourceEvidence evidence;
        evidence.addSource(scan);
        OcrPixelChecker ocr;
        QVERIFY(!Verifier(evidence, &ocr).verifyFile(m_study.reports[1]).hits.empty());
    }

    void reportsComeOutCleanWithFindingsKept() {
        const std::vector<fs::path> out =
            deidentify("out", Profile::standard(ReleaseLevel::Publication));
        checkClean(out[0], m_study.reports[0], 2);
        checkClean(out[1], m_study.reports[1], 1);
    }

    // The scanned report (words by OCR): the finding "Smith" kept, the others accepted, a box
    // drawn over "Stable". The rebuilt page keeps "Smith" readable, loses the rest and the
    // word under the box; the plan's row says so.
    void reviewDecisionsOnAScannedPage() {
        const InstanceInfo* scan = nullptr;
        for (const InstanceInfo* i : m_index.instances())
            if (i->path == m_study.reports[1].string())
                scan = i;
        QVERIFY(scan);
        const PatientNode& patient = m_index.patients.front();
        const std::vector<Finding> found =
            scanReport(*scan, IdentifierSet::fromStudy(patient, patient.studies.front()));
        ReviewSession session;
        int kept = 0;
        for (const Finding& f : found) {
            const ReviewBox b = reviewBoxOf(scan->sopInstanceUid, f);
            session.putBox(b);
            const bool keep = upper(f.text).find("SMITH") != std::string::npos;
            kept += keep;
            session.setDecision(b.findingId, keep ? Decision::Rejected : Decision::Accepted);
        }
        QCOMPARE(kept, 1);
        const QByteArray source = reportDocument(*scan);
        RenderedPage page = renderPdfPage(source, 0, kReportDpi, "scan");
        page.textLayer.clear();
        QRect stable;
        for (const PageWord& w : pageWords(page))
            if (upper(w.text).rfind("STABLE", 0) == 0)
                stable = w.box.toAlignedRect();
        QVERIFY(!stable.isEmpty());
        ReviewBox drawn;
        drawn.id = session.newBoxId();
        drawn.sopInstanceUid = scan->sopInstanceUid;
        drawn.frame = 0;
        drawn.x = stable.x() - 4;
        drawn.y = stable.y() - 4;
        drawn.w = stable.width() + 8;
        drawn.h = stable.height() + 8;
        session.putBox(drawn);

        DeidJobOptions o;
        o.outDir = path("reviewed").toStdString();
        o.threads = 2;
        o.reportReview = reportReviewFrom(regionsFromSession(session, {}), session);
        std::string row;
        o.onPlanned = [&](const DeidPlan& plan, const DeidFileOutcome& out) {
            for (const ElementChange& c : plan.changes)
                if (out.source == scan->path && c.path.steps.size() == 1 &&
                    c.path.leaf() == Tag{0x0042, 0x0011})
                    row = c.after;
        };
        NullProgress progress;
        CancelToken cancel;
        const DeidJobResult r = DeidJob(Profile::standard(ReleaseLevel::Publication), m_key, o)
                                    .run(m_index, progress, cancel);
        QCOMPARE(r.failed(), 0);
        fs::path output;
        for (const DeidFileOutcome& f : r.files)
            if (f.source == scan->path)
                output = f.output;
        QVERIFY(!output.empty());
        const QByteArray pdf =
            QByteArray::fromStdString(DicomFile::open(output).bytes(Tag{0x0042, 0x0011}));
        const std::string read = upper(ocrText(pdf));
        QVERIFY2(read.find("SMITH") != std::string::npos, read.c_str()); // kept
        QVERIFY2(read.find(upper(m_study.key.patients.front().patientId)) == std::string::npos,
                 read.c_str());                                           // accepted
        QVERIFY2(read.find("STABLE") == std::string::npos, read.c_str()); // under the box
        QVERIFY2(read.find("NODULE") != std::string::npos, read.c_str());
        const QImage before = page.image.convertToFormat(QImage::Format_Grayscale8);
        const QImage after = renderPdfPage(pdf, 0, kReportDpi, "out")
                                 .image.convertToFormat(QImage::Format_Grayscale8);
        int lightBefore = 0, lightAfter = 0;
        for (int y = stable.top(); y <= stable.bottom(); ++y)
            for (int x = stable.left(); x <= stable.right(); ++x) {
                lightBefore += qGray(before.pixel(x, y)) > 40;
                lightAfter += qGray(after.pixel(x, y)) > 40;
            }
        QVERIFY(lightBefore > 0);
        QCOMPARE(lightAfter, 0);
        QVERIFY2(row.find("1 kept by the reviewer") != std::string::npos, row.c_str());
        QVERIFY2(row.find("box(es) of the review") != std::string::npos, row.c_str());
    }

    void headerOnlyFallbackIsANotice() {
        Profile p = Profile::standard(ReleaseLevel::Publication);
        p.replaceEncapsulatedDocuments = true;
        const std::vector<fs::path> out = deidentify("notice", p);
        for (const fs::path& f : out) {
            QVERIFY(!f.empty());
            const QByteArray pdf =
                QByteArray::fromStdString(DicomFile::open(f).bytes(Tag{0x0042, 0x0011}));
            QCOMPARE(pdfPageCount(pdf, f.string()), 1);
            const std::string text = layerText(pdf);
            QVERIFY2(text.find("removed") != std::string::npos, text.c_str());
            QVERIFY(upper(text).find("SMITH") == std::string::npos);
        }
    }

    // A damaged report fails alone, with its file and the reason; the rest of the batch goes on.
    void damagedReportFailsAlone() {
        fs::create_directories(path("bad").toStdString());
        for (const fs::path& f : m_study.reports)
            fs::copy_file(f, path("bad").toStdString() + "/" + f.parent_path().filename().string() +
                                 ".dcm");
        const fs::path broken = path("bad").toStdString() + "/" +
                                m_study.reports[0].parent_path().filename().string() + ".dcm";
        {
            DicomFile f = DicomFile::open(broken);
            f.setBytes(Tag{0x0042, 0x0011}, "%PDF-1.4 cut short");
            f.save(broken);
        }
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run({path("bad").toStdString()}, progress, cancel);
        QCOMPARE(index.instanceCount(), 2);
        DeidJobOptions o;
        o.outDir = path("bad-out").toStdString();
        const DeidJobResult r = DeidJob(Profile::standard(ReleaseLevel::Publication), m_key, o)
                                    .run(index, progress, cancel);
        QCOMPARE(r.written(), 1);
        QCOMPARE(r.failed(), 1);
        for (const DeidFileOutcome& f : r.files)
            if (f.status == DeidFileOutcome::Status::Failed) {
                QCOMPARE(QString::fromStdString(f.source), QString::fromStdString(broken.string()));
                QVERIFY2(f.message.find("PDF") != std::string::npos, f.message.c_str());
            }
    }

    void notAPdfIsTheFilesError() {
        QVERIFY_THROWS_EXCEPTION(Error, renderPdf("not a pdf at all", 72, "x.dcm"));
        try {
            renderPdf(QByteArray("%PDF-1.4 broken"), 72, "x.dcm");
            QFAIL("a broken PDF rendered");
        } catch (const Error& e) {
            QCOMPARE(QString::fromStdString(e.file()), QString("x.dcm"));
        }
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestReportDeid t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_reportdeid.moc"
