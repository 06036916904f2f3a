// Reports in the viewer: the report study with a PDF letter beside it is opened in the main
// window; the browser lists the letter in its study ("PDF report · 2 pages") and the
// Encapsulated PDFs as reports, the viewer shows each page as a frame ("Page 2 / 2") and the
// scan's findings on it as boxes: the patient's name on both pages of the letter (text layer)
// and on the scanned Encapsulated PDF (real Tesseract OCR). The review asks for every page.
#include "FindingsController.h"
#include "Fixtures.h"
#include "MainWindow.h"
#include "ReviewController.h"
#include "SliceView.h"
#include "ViewerPanel.h"

#include "review/ReviewStatus.h"
#include "study/StudyItemModel.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace veil;
namespace fs = std::filesystem;

class TestReportViewer : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fixtures::ReportStudy m_study;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::MainWindow& w() const { return *m_window; }

    const InstanceInfo* instanceNamed(const std::string& file) const {
        for (const InstanceInfo* i : w().studyModel()->index().instances())
            if (fs::path(i->path).filename() == file)
                return i;
        return nullptr;
    }

    // Shows the instance's page and waits for it.
    void showPage(const InstanceInfo* i, int page) {
        QSignalSpy shown(w().viewer(), &ui::ViewerPanel::frameShown);
        w().selectInstance(i->sopInstanceUid);
        if (page > 0)
            w().viewer()->showFrame(page);
        QTRY_VERIFY_WITH_TIMEOUT(
            w().viewer()->currentFrame() == page && !w().viewer()->originalFrame().pixels.empty() &&
                w().viewer()->frameText().startsWith(QString("Page %1 /").arg(page + 1)),
            30000);
    }

    int phiBoxes() const {
        int n = 0;
        for (const ui::ViewBox& b : w().viewer()->boxes())
            n += b.style == ui::ViewBox::Style::Phi;
        return n;
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_reportviewer");
        m_study = fixtures::writeReportStudy(m_tmp.filePath("in").toStdString());
        fs::remove(m_tmp.filePath("in/key.json").toStdString());
        std::vector<std::string> letter = m_study.lines;
        letter.push_back("\f");
        letter.push_back("Page two: copy to the patient, John Smith.");
        fixtures::writeReportFile(m_tmp.filePath("in/letter.pdf").toStdString(), letter, false);
        m_window = std::make_unique<ui::MainWindow>();
        w().resize(1400, 900);
        w().show();
        QSignalSpy indexed(&w(), &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w(), &ui::MainWindow::scanFinished);
        w().openPaths({m_tmp.filePath("in")});
        QVERIFY(indexed.wait(60000));
        QVERIFY(scanned.count() == 1 || scanned.wait(300000));
        QCOMPARE(w().studyModel()->index().instanceCount(), 5);
    }

    void browserListsTheReports() {
        const InstanceInfo* letter = instanceNamed("letter.pdf");
        QVERIFY(letter && letter->reportFile);
        QAbstractItemModel* m = w().studyTree()->model();
        QString details;
        std::vector<QModelIndex> stack{QModelIndex()};
        while (!stack.empty()) {
            const QModelIndex parent = stack.back();
            stack.pop_back();
            for (int r = 0; r < m->rowCount(parent); ++r) {
                const QModelIndex i = m->index(r, 0, parent);
                details += i.siblingAtColumn(StudyItemModel::DetailColumn).data().toString() + "\n";
                stack.push_back(i);
            }
        }
        QVERIFY2(details.contains("PDF report · 2 page(s)"), qPrintable(details));
        QVERIFY2(details.contains("Encapsulated PDF report"), qPrintable(details));
    }

    void pagesAreFramesWithTheirFindings() {
        const InstanceInfo* letter = instanceNamed("letter.pdf");
        QVERIFY(letter);
        for (int page = 0; page < 2; ++page) {
            showPage(letter, page);
            QCOMPARE(w().viewer()->originalFrame().pixels.channels(), 3);
            QVERIFY2(phiBoxes() > 0, qPrintable(QString("page %1").arg(page + 1)));
            bool named = false;
            for (const Finding& f : w().findings()->findingsFor(letter->sopInstanceUid))
                named = named || (f.frame == page && QString::fromStdString(f.text).contains(
                                                         "Smith", Qt::CaseInsensitive));
            QVERIFY(named);
        }
        // Every box lies on the page image.
        const cv::Mat& page = w().viewer()->originalFrame().pixels;
        for (const ui::ViewBox& b : w().viewer()->boxes())
            QVERIFY(QRect(0, 0, page.cols, page.rows).contains(b.rect));
        // The scanned Encapsulated PDF: its page read by OCR, the name boxed.
        const InstanceInfo* scan = nullptr;
        for (const InstanceInfo* i : w().studyModel()->index().instances())
            if (i->report && !i->reportFile && i->seriesDescription == "Report scan")
                scan = i;
        QVERIFY(scan);
        showPage(scan, 0);
        QVERIFY(phiBoxes() > 0);
        // The review asks for every page.
        const ScopeReview pending =
            checkScopeReviewed(w().review()->session(), w().studyModel()->index(), {},
                               w().findings()->findingsByInstance());
        bool letterPending = false;
        for (const InstanceStatus& s : pending.pending)
            letterPending = letterPending || s.sopInstanceUid == letter->sopInstanceUid;
        QVERIFY(letterPending);
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestReportViewer)
#include "tst_reportviewer.moc"
