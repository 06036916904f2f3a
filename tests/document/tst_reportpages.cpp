// Reports as pages the reviewer sees, and PDF reports beside the study. The report study
// (two CT slices and two Encapsulated PDFs naming SMITH^JOHN^A) gets two PDF files in its
// folder: a letter with a text layer (two pages, written by QPdfWriter) and a scanned one
// (image-only). Indexing opens them with the study (same patient and study, their pages as
// frames); the scan finds the identifiers on every page with the rule the export blacks out
// (text layer, and real Tesseract OCR for the scan), for the Encapsulated PDFs too; a PDF
// beside no study is skipped, saying why. De-identification writes each PDF beside the
// study's images, rebuilt from redacted page images: same page count, no text layer, no
// metadata, nothing identifying in OCR of its pages, the findings sentence still readable, and
// the Verifier (with OCR) finds nothing in it. With a DICOMDIR the PDF keeps its study's
// folder and stays out of the DICOMDIR. The reviewer's decisions on report pages are honoured
// as on image frames: a finding kept stays readable, the others are blacked out, a box drawn
// on a page is burned into that page.
#include "../e2e/E2eData.h"
#include "Fixtures.h"
#include "ReportText.h"

#include "deid/DeidJob.h"
#include "document/ReportPages.h"
#include "export/ExportJob.h"
#include "export/IsoLayout.h"
#include "ocr/ScanJob.h"
#include "review/FindingBoxes.h"
#include "study/StudyIndexer.h"
#include "verify/OcrPixelChecker.h"
#include "verify/VerificationGate.h"
#include "verify/Verifier.h"

#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using veil::test::ocrPages;
using veil::test::ocrText;
using veil::test::upper;
namespace fs = std::filesystem;

namespace {

QByteArray slurp(const fs::path& p) {
    QFile f(QString::fromStdString(p.string()));
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

} // namespace

class TestReportPages : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fixtures::ReportStudy m_study;
    StudyIndex m_index;
    fs::path m_letter, m_scan;
    ProjectKey m_key = ProjectKey::generate();
    std::vector<Finding> m_letterFindings; // the scan's, on the letter beside the study

    fs::path path(const char* name) const { return fs::path(m_tmp.path().toStdString()) / name; }

    std::vector<std::string> identifiers() const {
        const fixtures::PatientKey& k = m_study.key.patients.front();
        return {"SMITH", "JOHN", k.patientId, m_study.lines[2].substr(15)};
    }

    const InstanceInfo* instanceAt(const fs::path& file) const {
        for (const InstanceInfo* i : m_index.instances())
            if (i->path == file.string())
                return i;
        return nullptr;
    }

private slots:
    void initTestCase() {
        m_study = fixtures::writeReportStudy(path("in"));
        fs::remove(path("in") / "key.json");
        std::vector<std::string> letter = m_study.lines;
        letter.push_back("\f");
        letter.push_back("Page two: copy to the patient, John Smith.");
        m_letter = fixtures::writeReportFile(path("in") / "letter.pdf", letter, false);
        m_scan = fixtures::writeReportFile(path("in") / "scanned report.pdf", m_study.lines, true);
        fixtures::writeReportFile(path("stray") / "orphan.pdf", m_study.lines, false);
        NullProgress progress;
        CancelToken cancel;
        m_index = StudyIndexer().run({path("in").string()}, progress, cancel);
        QCOMPARE(m_index.errorCount(), 0);
        QCOMPARE(m_index.instanceCount(), 6);
    }

    // Opened with the study: its patient and study, its pages as frames.
    void pdfBesideTheStudyIsOpenedWithIt() {
        const InstanceInfo* letter = instanceAt(m_letter);
        const InstanceInfo* scan = instanceAt(m_scan);
        QVERIFY(letter && scan);
        const InstanceInfo* ct = nullptr;
        for (const InstanceInfo* i : m_index.instances())
            if (i->modality == "CT")
                ct = i;
        QVERIFY(ct);
        for (const InstanceInfo* r : {letter, scan}) {
            QVERIFY(r->report && r->reportFile && !r->hasPixelData);
            QCOMPARE(QString::fromStdString(r->studyInstanceUid),
                     QString::fromStdString(ct->studyInstanceUid));
            QCOMPARE(QString::fromStdString(r->patientName),
                     QString::fromStdString(ct->patientName));
            QVERIFY(r->sopInstanceUid.rfind("2.25.", 0) == 0);
        }
        QCOMPARE(letter->frames, 2);
        QCOMPARE(scan->frames, 1);
        // The Encapsulated PDFs are reports too, their pages their frames.
        int encapsulated = 0;
        for (const InstanceInfo* i : m_index.instances())
            if (i->report && !i->reportFile) {
                ++encapsulated;
                QVERIFY(i->frames >= 1);
            }
        QCOMPARE(encapsulated, 2);
        // A page is a frame the viewer shows: RGB at the report resolution.
        const Frame page = reportPage(*letter, 1);
        QCOMPARE(page.pixels.type(), CV_8UC3);
        QVERIFY(page.pixels.cols > 1500); // A4 at 200 dpi: 1654 wide

        // A PDF beside no study is not opened, and says why.
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex stray = StudyIndexer().run({path("stray").string()}, progress, cancel);
        QCOMPARE(stray.instanceCount(), 0);
        QCOMPARE(stray.skippedCount(), 1);
        QVERIFY(stray.problems.front().message.find("beside no study") != std::string::npos);
    }

    // The viewer's page cache: flipping back to a page does not render it again; another
    // resolution is another page; the bound holds (the least recently used page goes).
    void pageCacheRendersEachPageOnce() {
        const InstanceInfo& letter = *instanceAt(m_letter);
        const Frame direct = reportPage(letter, 1);
        const std::size_t pageBytes = direct.pixels.total() * direct.pixels.elemSize();
        ReportPageCache cache(2 * pageBytes + 1);
        for (const int page : {0, 1, 0, 1, 1, 0})
            QCOMPARE(cache.page(letter, page).pixels.rows, direct.pixels.rows);
        QCOMPARE(cache.rendered(), 2LL);
        QCOMPARE(cache.pages(), std::size_t(2));
        Frame cached = cache.page(letter, 1);
        QCOMPARE(cached.photometric, std::string("RGB"));
        QCOMPARE(cv::norm(cached.pixels, direct.pixels, cv::NORM_INF), 0.0); // the same page
        cached.pixels.setTo(0); // the caller's own copy: the cache keeps the page as rendered
        QCOMPARE(cv::norm(cache.page(letter, 1).pixels, direct.pixels, cv::NORM_INF), 0.0);
        QCOMPARE(cache.rendered(), 2LL);
        // 72 dpi is another entry; with it in, the bound pushes out the least recent (page 0).
        QVERIFY(cache.page(letter, 0, 72).pixels.cols < direct.pixels.cols);
        QCOMPARE(cache.rendered(), 3LL);
        QVERIFY(cache.bytes() <= cache.maxBytes());
        cache.page(letter, 1);
        QCOMPARE(cache.rendered(), 3LL); // page 1 was used more recently: still kept
        cache.page(letter, 0);
        QCOMPARE(cache.rendered(), 4LL); // page 0 had gone
        QVERIFY(cache.bytes() <= cache.maxBytes());
        // A page larger than the whole bound is rendered every time, never kept.
        ReportPageCache tiny(1024);
        tiny.page(letter, 0);
        tiny.page(letter, 0);
        QCOMPARE(tiny.rendered(), 2LL);
        QCOMPARE(tiny.bytes(), std::size_t(0));
    }

    // The scan reads every page of every report with the export's rule.
    void scanFindsIdentifiersOnEveryPage() {
        NullProgress progress;
        CancelToken cancel;
        ScanOptions options;
        options.readReport = scanReport;
        const ScanResult r = ScanJob(options).run(m_index, progress, cancel);
        std::map<std::string, const InstanceFindings*> byFile;
        for (const InstanceFindings& f : r.instances)
            byFile[f.file] = &f;
        for (const fs::path& file : {m_letter, m_scan, m_study.reports[0], m_study.reports[1]}) {
            const InstanceFindings* f = byFile[file.string()];
            QVERIFY2(f && f->error.empty(), f ? f->error.c_str() : file.c_str());
            std::set<int> pages;
            std::string texts;
            for (const Finding& x : f->findings) {
                QVERIFY(x.phi && !x.box.empty());
                pages.insert(x.frame);
                texts += upper(x.text) + " ";
            }
            QVERIFY2(texts.find("SMITH") != std::string::npos,
                     (file.string() + ": " + texts).c_str());
            QVERIFY2(texts.find(upper(m_study.key.patients.front().patientId)) != std::string::npos,
                     texts.c_str());
            // The findings sentence is no identifier.
            QVERIFY2(texts.find("NODULE") == std::string::npos, texts.c_str());
            if (file == m_letter)
                QVERIFY(pages.count(1)); // the second page's "John Smith"
        }
        m_letterFindings = byFile[m_letter.string()]->findings;
        const InstanceFindings* scan = byFile[m_scan.string()];
        QVERIFY(std::any_of(scan->findings.begin(), scan->findings.end(),
                            [](const Finding& f) { return f.reason == "report (OCR)"; }));
    }

    // A scan given no report reader (ocr sits below document) does not pass reports over in
    // silence: each is an error of its file, with no findings, and the images are read.
    void scanWithoutAReportReaderSaysSo() {
        NullProgress progress;
        CancelToken cancel;
        const ScanResult r = ScanJob().run(m_index, progress, cancel);
        int reports = 0, images = 0;
        for (const InstanceFindings& f : r.instances) {
            const InstanceInfo* info = m_index.findInstance(f.sopInstanceUid);
            QVERIFY(info);
            if (info->report) {
                ++reports;
                QVERIFY2(f.error.find("pages were not read") != std::string::npos, f.error.c_str());
                QCOMPARE(f.file, info->path); // the report's error is listed with its file
                QVERIFY(f.findings.empty());
            } else {
                ++images;
                QVERIFY2(f.error.empty(), f.error.c_str());
            }
        }
        QCOMPARE(reports, 4);
        QVERIFY(images > 0);
    }

    void exportedBesideTheImagesRebuiltAndClean() {
        DeidJobOptions o;
        o.outDir = path("out");
        o.threads = 2;
        NullProgress progress;
        CancelToken cancel;
        const DeidJobResult r = DeidJob(Profile::standard(ReleaseLevel::Publication), m_key, o)
                                    .run(m_index, progress, cancel);
        QCOMPARE(r.failed(), 0);
        std::map<std::string, fs::path> out;
        for (const DeidFileOutcome& f : r.files)
            out[f.source] = f.output;
        SourceEvidence evidence =
            evidenceFromIndex(m_index, {}, Profile::standard(ReleaseLevel::Publication), cancel);
        OcrPixelChecker checker;
        const Verifier verifier(evidence, &checker);
        for (const auto& [file, pages] : {std::pair{m_letter, 2}, std::pair{m_scan, 1}}) {
            const fs::path written = out[file.string()];
            QVERIFY2(!written.empty(), file.c_str());
            QCOMPARE(written.extension().string(), std::string(".pdf"));
            // Beside the study's images: the same patient and study folder as the CT slices.
            const fs::path study = written.parent_path();
            bool besideImages = false;
            for (const auto& e : fs::recursive_directory_iterator(study))
                besideImages = besideImages || e.path().extension() == ".dcm";
            QVERIFY2(besideImages, written.c_str());
            const QByteArray pdf = slurp(written);
            QCOMPARE(pdfPageCount(pdf, written.string()), pages);
            for (const RenderedPage& p : renderPdf(pdf, 72, "out"))
                QVERIFY(p.textLayer.empty()); // no text layer left
            QVERIFY(!pdf.contains("/Info") && !pdf.contains("/EmbeddedFile") &&
                    !pdf.contains("/Font") && !pdf.contains("/Metadata"));
            const std::string read = upper(ocrText(pdf));
            for (const std::string& id : identifiers())
                QVERIFY2(read.find(upper(id)) == std::string::npos,
                         (id + " is still readable in:\n" + read).c_str());
            for (const char* word : {"NODULE", "RIGHT UPPER LOBE", "UNCHANGED IN SIZE", "STABLE"})
                QVERIFY2(read.find(word) != std::string::npos,
                         (std::string(word) + " was lost; OCR read:\n" + read).c_str());
            const FileVerification v = verifier.verifyFile(
                written, m_index.findInstance(instanceAt(file)->sopInstanceUid)->studyInstanceUid);
            QVERIFY2(v.error.empty(), v.error.c_str());
            for (const VerificationHit& h : v.hits)
                qWarning("hit %s: %s (%s)", h.where.c_str(), h.value.c_str(), h.attribute.c_str());
            QVERIFY(v.hits.empty());
            QCOMPARE(v.framesRead, pages);
        }
        // The Verifier does find the identifiers in the source PDF (the check can fail).
        const FileVerification source =
            verifier.verifyFile(m_letter, instanceAt(m_letter)->studyInstanceUid);
        QVERIFY(!source.hits.empty());
    }

    // The GUI's export path (ExportJob) with a DICOMDIR: the report beside the images in its
    // study's folder, passed by the gate (OCR of every page), not in the DICOMDIR, certified.
    void exportJobWritesTheReportBesideTheImages() {
        ReviewSession review;
        for (const InstanceInfo* i : m_index.instances()) {
            for (int f = 0; f < std::max(1, i->frames); ++f)
                review.markFrameSeen(i->sopInstanceUid, f);
            review.setReviewed(i->sopInstanceUid, true, e2e::kReviewer);
        }
        ExportRequest r;
        r.destination = path("release");
        r.dicomdir = true;
        r.profile = Profile::standard(ReleaseLevel::Publication);
        r.signOffs = e2e::signOffs(ReleaseLevel::Publication);
        r.review = review;
        r.redact = RedactPolicy::None;
        r.person = "test";
        r.threads = 2;
        OcrPixelChecker checker;
        r.pixelChecker = &checker;
        NullProgress progress;
        CancelToken cancel;
        QVERIFY2(ExportJob(r, e2e::testKey()).preflight(m_index).ok(),
                 ExportJob(r, e2e::testKey()).preflight(m_index).message().c_str());
        const ExportResult result = ExportJob(r, e2e::testKey()).run(m_index, progress, cancel);
        QVERIFY2(result.ok(), result.message.c_str());
        QVERIFY(result.verification.pixelsChecked);
        std::vector<std::string> reports;
        for (const auto& e : fs::recursive_directory_iterator(path("release")))
            if (e.is_regular_file() && e.path().filename().string().rfind("RPT", 0) == 0) {
                reports.push_back(fs::relative(e.path(), path("release")).generic_string());
                QVERIFY(looksLikePdf(slurp(e.path())));
            }
        QCOMPARE(int(reports.size()), 2);
        for (const std::string& rel : reports) {
            QVERIFY2(rel.rfind("PAT00001/STU00001/RPT", 0) == 0, rel.c_str());
            bool certified = false;
            for (const CertificateFile& f : result.certificate->files)
                certified = certified || f.path == rel;
            QVERIFY2(certified, rel.c_str());
        }
        const QByteArray dicomdir = slurp(path("release") / "DICOMDIR");
        QVERIFY(!dicomdir.isEmpty());
        QVERIFY(!dicomdir.contains("RPT0")); // only DICOM files are listed
        QVERIFY(dicomdir.contains("IMG0"));
    }

    // The review's decisions on a report's pages, through the GUI's export path: the letter's
    // findings on page 1 accepted, those on page 2 ("John Smith") kept, and a box drawn over
    // "Stable" on page 1. The kept name stays readable, the rest is blacked out, the drawn box
    // is black in the output page image.
    void reviewDecisionsOnReportPagesAreHonoured() {
        QVERIFY(!m_letterFindings.empty());
        const std::string uid = instanceAt(m_letter)->sopInstanceUid;
        ReviewSession review;
        for (const InstanceInfo* i : m_index.instances()) {
            for (int f = 0; f < std::max(1, i->frames); ++f)
                review.markFrameSeen(i->sopInstanceUid, f);
            review.setReviewed(i->sopInstanceUid, true, e2e::kReviewer);
        }
        FindingsByInstance findings;
        int kept = 0;
        for (const Finding& f : m_letterFindings) {
            const ReviewBox b = reviewBoxOf(uid, f);
            review.putBox(b);
            const bool keep = f.frame == 1;
            kept += keep;
            review.setDecision(b.findingId, keep ? Decision::Rejected : Decision::Accepted);
            findings[uid].push_back(b.findingId);
        }
        QVERIFY(kept >= 2); // "John" and "Smith" on page 2
        const QByteArray source = slurp(m_letter);
        QRect stable;
        for (const PageWord& w : renderPdfPage(source, 0, kReportDpi, "letter").textLayer)
            if (w.text.rfind("Stable", 0) == 0)
                stable = w.box.toAlignedRect();
        QVERIFY(!stable.isEmpty());
        ReviewBox drawn;
        drawn.id = review.newBoxId();
        drawn.sopInstanceUid = uid;
        drawn.frame = 0;
        drawn.x = stable.x() - 4;
        drawn.y = stable.y() - 4;
        drawn.w = stable.width() + 8;
        drawn.h = stable.height() + 8;
        drawn.origin = ReviewBox::Origin::Drawn;
        review.putBox(drawn);

        ExportRequest r;
        r.destination = path("reviewed");
        r.profile = Profile::standard(ReleaseLevel::Publication);
        r.signOffs = e2e::signOffs(ReleaseLevel::Publication);
        r.review = review;
        r.findings = findings;
        r.redact = RedactPolicy::None;
        r.person = "test";
        r.threads = 2;
        // No pixel checker: a gate reading the pages would (rightly) stop on the kept name,
        // and only an approver could let it through. The pages are read below instead.
        const Problems problems = ExportJob(r, e2e::testKey()).preflight(m_index);
        QVERIFY2(problems.ok(), problems.message().c_str()); // a drawn box is no problem now
        NullProgress progress;
        CancelToken cancel;
        const ExportResult result = ExportJob(r, e2e::testKey()).run(m_index, progress, cancel);
        QVERIFY2(result.ok(), result.message.c_str());
        QByteArray out;
        for (const auto& e : fs::recursive_directory_iterator(path("reviewed")))
            if (e.path().extension() == ".pdf")
                if (const QByteArray pdf = slurp(e.path()); pdfPageCount(pdf, "out") == 2)
                    out = pdf;
        QVERIFY(!out.isEmpty());

        const std::vector<std::string> before = ocrPages(source), after = ocrPages(out);
        QCOMPARE(int(after.size()), 2);
        QVERIFY2(upper(before[0]).find("STABLE") != std::string::npos, before[0].c_str());
        QVERIFY2(upper(before[1]).find("SMITH") != std::string::npos, before[1].c_str());
        const std::string page1 = upper(after[0]), page2 = upper(after[1]);
        // Accepted: gone. Kept: still there. Drawn: gone. The findings: still there.
        QVERIFY2(page1.find("SMITH") == std::string::npos, page1.c_str());
        QVERIFY2(page1.find("STABLE") == std::string::npos, page1.c_str());
        QVERIFY2(page1.find("NODULE") != std::string::npos, page1.c_str());
        QVERIFY2(page2.find("SMITH") != std::string::npos, page2.c_str());
        QVERIFY2(page2.find("JOHN") != std::string::npos, page2.c_str());
        // The drawn box is black in the output page image, over the whole word.
        const QImage page = renderPdfPage(out, 0, kReportDpi, "out")
                                .image.convertToFormat(QImage::Format_Grayscale8);
        int light = 0;
        for (int y = stable.top(); y <= stable.bottom(); ++y)
            for (int x = stable.left(); x <= stable.right(); ++x)
                light += page.pixelColor(x, y).value() > 40;
        QCOMPARE(light, 0);
    }

    // ISO names for a DICOMDIR: the PDF stays in its study's folder as RPTnnnnn.
    void isoLayoutKeepsTheReportInItsStudy() {
        fs::create_directories(path("iso/P/S/SE"));
        QFile(QString::fromStdString((path("iso/P/S/SE") / "a.dcm").string()))
            .open(QIODevice::WriteOnly);
        QFile(QString::fromStdString((path("iso/P/S") / "REPORT-1.pdf").string()))
            .open(QIODevice::WriteOnly);
        const std::map<std::string, std::string> renames = relayoutIso(path("iso"));
        QVERIFY(renames.at("P/S/SE/a.dcm").rfind("PAT00001/STU00001/SER", 0) == 0);
        const std::string report = renames.at("P/S/REPORT-1.pdf");
        QVERIFY2(report.rfind("PAT00001/STU00001/RPT", 0) == 0, report.c_str());
        QVERIFY(isIsoName(report));
    }
};

int main(int argc, char** argv) {
    QGuiApplication app(argc, argv);
    TestReportPages t;
    return QTest::qExec(&t, argc, argv);
}
#include "tst_reportpages.moc"
