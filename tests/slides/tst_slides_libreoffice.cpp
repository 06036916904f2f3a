// The real client: LibreOffice Impress (headless soffice, a private profile removed after)
// converts every cleaned deck of the tests to PDF. The PDF must have as many pages as the
// deck has visible slides, and neither its text layer (pdftotext) nor OCR of its pages
// (pdftoppm, then the scan's own reader) may show a planted identifier. The same OCR of the
// uncleaned deck must find the identifiers it shows, so the check can fail.
#include "Deck.h"

#include "ocr/ScanJob.h"
#include "slides/DeckCleaner.h"
#include "slides/DeckReader.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

using namespace veil;

namespace {

struct Rendered {
    int pages = -1;
    QString text; // the PDF's text layer and OCR of every page, upper case
    QString error;
};

QString run(const QString& program, const QStringList& args, int timeoutMs, bool* ok) {
    QProcess p;
    p.start(program, args);
    *ok =
        p.waitForFinished(timeoutMs) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    return QString::fromUtf8(p.readAllStandardOutput()) +
           QString::fromUtf8(p.readAllStandardError());
}

Rendered render(const QString& deck, const ScanJob& ocr) {
    Rendered out;
    QTemporaryDir work;
    QTemporaryDir profile(QDir::tempPath() + "/veil-lo-profile-XXXXXX");
    bool ok = false;
    const QString log =
        run("soffice",
            {"-env:UserInstallation=" + QUrl::fromLocalFile(profile.path()).toString(),
             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", work.path(), deck},
            240000, &ok);
    const QString pdf = work.filePath(QFileInfo(deck).completeBaseName() + ".pdf");
    if (!ok || !QFile::exists(pdf)) {
        out.error = "soffice did not convert " + deck + ": " + log;
        return out;
    }
    const QString info = run("pdfinfo", {pdf}, 30000, &ok);
    const QRegularExpression pages(R"(Pages:\s+(\d+))");
    if (const auto m = pages.match(info); m.hasMatch())
        out.pages = m.captured(1).toInt();
    out.text = run("pdftotext", {pdf, "-"}, 30000, &ok).toUpper();
    run("pdftoppm", {"-r", "110", "-png", pdf, work.filePath("page")}, 120000, &ok);
    for (const QString& png : QDir(work.path()).entryList({"page*.png"})) {
        const cv::Mat page = cv::imread(work.filePath(png).toStdString(), cv::IMREAD_COLOR);
        for (const Finding& f : ocr.scanImage(page))
            out.text += " " + QString::fromStdString(f.text).toUpper();
    }
    return out;
}

} // namespace

class TestSlidesLibreOffice : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    ScanJob m_ocr;

    QString cleaned(const QString& source) {
        const QString out = source.chopped(5) + "-clean.pptx";
        const Deck deck = readDeck(source);
        cleanDeck(deck, DeckChecker().check(deck), out);
        return out;
    }

private slots:
    void initTestCase() {
        if (QStandardPaths::findExecutable("soffice").isEmpty())
            QSKIP("LibreOffice (soffice, Debian's libreoffice-impress) is not installed");
        for (const char* tool : {"pdfinfo", "pdftoppm", "pdftotext"})
            if (QStandardPaths::findExecutable(tool).isEmpty())
                QSKIP("poppler-utils is not installed");
    }

    void leakyDeckCleaned() {
        const QString source = m_dir.filePath("leaky.pptx");
        const fixtures::DeckKey key = fixtures::writeLeakyDeck(source);

        const Rendered before = render(source, m_ocr);
        QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
        QCOMPARE(before.pages, key.visibleSlides);
        for (const QString& id : key.visibleInSource)
            QVERIFY2(before.text.contains(id.toUpper()),
                     qPrintable("the source's render does not show " + id + ": " + before.text));

        const Rendered after = render(cleaned(source), m_ocr);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QCOMPARE(after.pages, key.visibleSlides);
        for (const QString& id : key.identifiers)
            QVERIFY2(!after.text.contains(id.toUpper()),
                     qPrintable(id + " is visible in the cleaned deck: " + after.text));
        QVERIFY2(after.text.contains("CASE REVIEW"), qPrintable(after.text)); // slide text kept
    }

    // A deck written by LibreOffice itself (ours through .odp back to .pptx): read, checked,
    // cleaned, and the cleaned copy passes the check and opens.
    void deckWrittenByLibreOffice() {
        const QString source = m_dir.filePath("roundtrip.pptx");
        const fixtures::DeckKey key = fixtures::writeLeakyDeck(source);
        QTemporaryDir work, profile(QDir::tempPath() + "/veil-lo-profile-XXXXXX");
        const QString env =
            "-env:UserInstallation=" + QUrl::fromLocalFile(profile.path()).toString();
        bool ok = false;
        run("soffice", {env, "--headless", "--convert-to", "odp", "--outdir", work.path(), source},
            240000, &ok);
        QVERIFY(ok);
        run("soffice",
            {env, "--headless", "--convert-to", "pptx", "--outdir", m_dir.filePath("lo"),
             work.filePath("roundtrip.odp")},
            240000, &ok);
        QVERIFY(ok);
        const QString written = m_dir.filePath("lo/roundtrip.pptx");
        const DeckCheck before = DeckChecker().check(readDeck(written));
        QCOMPARE(before.visibleSlides, key.visibleSlides);
        for (const char* kind : {"cropped-text", "covered-picture", "image-text", "notes",
                                 "comment", "hidden-slide", "off-slide", "embedded-dicom"})
            QVERIFY2(std::any_of(before.findings.begin(), before.findings.end(),
                                 [&](const DeckFinding& f) { return f.kind == kind; }),
                     kind);
        const QString out = cleaned(written);
        QVERIFY(DeckChecker().check(readDeck(out)).clean());
        const Rendered after = render(out, m_ocr);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QCOMPARE(after.pages, key.visibleSlides);
        for (const QString& id : key.identifiers)
            QVERIFY2(!after.text.contains(id.toUpper()), qPrintable(id));
    }

    void cleanDeckCleaned() {
        const QString source = m_dir.filePath("plain.pptx");
        const fixtures::DeckKey key = fixtures::writeCleanDeck(source);
        const Rendered after = render(cleaned(source), m_ocr);
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QCOMPARE(after.pages, key.visibleSlides);
        QVERIFY(after.text.contains("TEACHING POINTS"));
    }
};

QTEST_MAIN(TestSlidesLibreOffice)
#include "tst_slides_libreoffice.moc"
