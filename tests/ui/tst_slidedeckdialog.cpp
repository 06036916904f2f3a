// The slide deck dialog, offscreen: slides listed with their findings, pictures drawn with
// the cropped-away part dimmed, a reviewer's "keep" decision carried into the cleaned deck
// and into the audit log.
#include "Deck.h"

#include "SlideDeckDialog.h"
#include "audit/AuditLog.h"
#include "slides/DeckReader.h"

#include <QListWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestSlideDeckDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void showsSlidesAndWritesWithDecisions() {
        const QString deck = m_dir.filePath("leaky.pptx");
        fixtures::writeLeakyDeck(deck);
        SlideDeckDialog dialog(readAndCheckDeck(deck), "tester");
        QCOMPARE(dialog.slideList()->count(), 6); // document + five slides
        QVERIFY(dialog.slideList()->item(3)->text().contains("hidden"));
        dialog.slideList()->setCurrentRow(1);
        QVERIFY(dialog.findingsTable()->rowCount() >= 5);

        // slide 1: the picture's bottom 20 % is cropped; drawn dimmed below the frame
        const QImage img = dialog.renderSlide(1, 800);
        QVERIFY(!img.isNull());
        const int margin = 200;
        const double k = 800.0 / 9144000;
        const int xMid = margin + int((1372000 + 3200000) * k);
        const int yInside = margin + int((1000000 + 3000000) * k);
        const int yBelow = margin + int((1000000 + 3840000 + 200000) * k); // beyond the crop
        const QColor inside = img.pixelColor(xMid, yInside);
        const QColor below = img.pixelColor(xMid, yBelow);
        QVERIFY2(below != QColor(Qt::white), "the cropped-away part is not drawn");
        QVERIFY(inside != below);

        // keep the visible MRN on slide 1 (untick it)
        std::size_t kept = 0;
        bool found = false;
        for (std::size_t i = 0; i < dialog.check().findings.size(); ++i) {
            const DeckFinding& f = dialog.check().findings[i];
            if (f.slide == 1 && f.kind == "image-text" && f.text.contains("40817723")) {
                kept = i;
                found = true;
            }
        }
        QVERIFY(found);
        dialog.setRedact(kept, false);
        const QString out = m_dir.filePath("out.pptx");
        const DeckCleanResult r = dialog.writeCleaned(out);
        QVERIFY(!r.changes.empty());
        const DeckCheck after = DeckChecker().check(readDeck(out));
        QVERIFY2(std::any_of(after.findings.begin(), after.findings.end(),
                             [](const DeckFinding& f) {
                                 return f.kind == "image-text" && f.text.contains("40817723");
                             }),
                 "the text the reviewer kept was redacted anyway");
        QFile log(SlideDeckDialog::auditPathFor(out));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        QVERIFY(text.contains("deck-checked"));
        QVERIFY(text.contains("deck-finding-kept"));
        QVERIFY(text.contains("deck-cleaned"));
        QVERIFY2(!text.contains("40817723"), "the audit log holds an identifying value");
    }
};

QTEST_MAIN(TestSlideDeckDialog)
#include "tst_slidedeckdialog.moc"
