// DeckChecker on generated decks: every planted leak kind is found on its slide, a deck with
// nothing planted is clean, and unreadable or unsafe packages are refused with the file named.
#include "Deck.h"

#include "common/Error.h"
#include "slides/DeckChecker.h"
#include "slides/DeckReader.h"
#include "slides/MediaMetadata.h"

#include <QTemporaryDir>
#include <QtTest>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>

using namespace veil;

class TestSlidesCheck : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_leaky, m_clean;
    fixtures::DeckKey m_key;
    DeckCheck m_check;

    static void writeZip(const QString& path,
                         const std::vector<std::pair<QString, QByteArray>>& entries) {
        QuaZip zip(path);
        QVERIFY(zip.open(QuaZip::mdCreate));
        for (const auto& [name, bytes] : entries) {
            QuaZipFile f(&zip);
            QVERIFY(f.open(QIODevice::WriteOnly, QuaZipNewInfo(name)));
            f.write(bytes);
            f.close();
        }
        zip.close();
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_leaky = m_dir.filePath("leaky.pptx");
        m_clean = m_dir.filePath("clean.pptx");
        m_key = fixtures::writeLeakyDeck(m_leaky);
        fixtures::writeCleanDeck(m_clean);
        m_check = DeckChecker().check(readDeck(m_leaky));
        for (const DeckFinding& f : m_check.findings)
            qInfo().noquote() << f.slide << f.kind << f.part << f.text.simplified().left(120);
    }

    void readsTheModel() {
        const Deck deck = readDeck(m_leaky);
        QCOMPARE(int(deck.slides.size()), 5);
        QCOMPARE(deck.visibleSlides(), 4);
        QVERIFY(deck.slides[2].hidden);
        QCOMPARE(deck.slideCx, 9144000LL);
        const DeckShape* pic = nullptr;
        for (const DeckShape& s : deck.slides[3].shapes)
            if (s.kind == DeckShape::Kind::Picture && !s.mediaPart.isEmpty())
                pic = &s;
        QVERIFY(pic);
        QCOMPARE(pic->crop.t, -10000);
        QCOMPARE(pic->crop.r, 50000);
        QCOMPARE(pic->mediaPart, QString("ppt/media/image1.png"));
        QCOMPARE(deck.slides[0].notesPart, QString("ppt/notesSlides/notesSlide1.xml"));
        QCOMPARE(int(deck.slides[0].comments.size()), 1);
        QCOMPARE(deck.slides[0].comments[0].author, QString("Dr Alan Castellano"));
        QCOMPARE(deck.slides[1].comments[0].author, QString("Priya Raman"));
        QVERIFY(deck.slides[1].comments[0].text.contains("7734102"));
        QCOMPARE(deck.thumbnail, QString("docProps/thumbnail.jpeg"));
        QCOMPARE(int(deck.embeddings.size()), 2);
    }

    void findsEveryPlantedKind() {
        for (const auto& [kind, slide] : m_key.leaks) {
            const bool found = std::any_of(
                m_check.findings.begin(), m_check.findings.end(),
                [&](const DeckFinding& f) { return f.kind == kind && f.slide == slide; });
            QVERIFY2(found, qPrintable(QString("%1 on slide %2 not found").arg(kind).arg(slide)));
        }
        for (const QString& kind : findingKinds())
            if (kind != "unreadable-media")
                QVERIFY2(std::any_of(m_key.leaks.begin(), m_key.leaks.end(),
                                     [&](const auto& l) { return l.first == kind; }),
                         qPrintable("the test deck plants no " + kind));
    }

    void readsTheText() {
        auto textOf = [&](const QString& kind, int slide) {
            QStringList out;
            for (const DeckFinding& f : m_check.findings)
                if (f.kind == kind && f.slide == slide)
                    out << f.text;
            return out.join(" | ");
        };
        QVERIFY2(textOf("cropped-text", 1).contains("WHITFIELD", Qt::CaseInsensitive),
                 qPrintable(textOf("cropped-text", 1)));
        QVERIFY2(textOf("image-text", 1).contains("40817723"), qPrintable(textOf("image-text", 1)));
        QVERIFY2(textOf("covered-picture", 2).contains("7734102"),
                 qPrintable(textOf("covered-picture", 2)));
        QVERIFY2(textOf("image-text", 2).contains("1961"), qPrintable(textOf("image-text", 2)));
        QVERIFY(textOf("cropped-text", 4).contains("40817723"));
        QVERIFY(textOf("embedded-dicom", 0).contains("OKONKWO"));
        QVERIFY(textOf("off-slide", 4).contains("5561234"));
        QVERIFY(textOf("external-link", 4).contains("ACC99812"));
        QVERIFY(textOf("linked-picture", 4).contains("okonkwo"));
        QVERIFY(textOf("alt-text", 1).contains("Lindqvist"));
        QVERIFY(textOf("media-metadata", 0).contains("Hargreave"));
        QVERIFY(textOf("media-metadata", 0).contains("40817723"));
        QVERIFY(textOf("comment-author", 0).contains("Priya Raman"));
        QVERIFY(textOf("document-property", 0).contains("St Elsewhere"));
        QVERIFY(textOf("document-property", 0).contains("PatientRef: 40817723"));
        QVERIFY(textOf("hidden-slide", 3).contains("OKONKWO"));
        QVERIFY(textOf("notes", 1).contains("Whitfield"));
        // the visible harmless label is not a finding
        QVERIFY(!textOf("image-text", 1).contains("Axial"));
    }

    void geometryOfCrops() {
        QCOMPARE(cropRect({0, 0, 0, 20000, true}, 640, 480), cv::Rect(0, 0, 640, 384));
        QCOMPARE(cropRect({0, -10000, 50000, 0, true}, 640, 480), cv::Rect(0, -48, 320, 528));
        const EmuRect frame{1000, 1000, 6400, 4800, true};
        QCOMPARE(slideToImage({1000 + 3300, 1000 + 3850, 3000, 550, true}, frame, {0, 0, 640, 480}),
                 cv::Rect(330, 385, 300, 55));
    }

    void metadataIsFoundByStructure() {
        const Deck deck = readDeck(m_leaky);
        const auto png = findMediaMetadata(deck.package.part("ppt/media/image1.png"));
        QVERIFY(!png.empty());
        QCOMPARE(png[0].kind.left(4), QString("PNG "));
        const auto jpeg = findMediaMetadata(deck.package.part("ppt/media/image2.jpeg"));
        QVERIFY(!jpeg.empty());
        QCOMPARE(jpeg[0].kind, QString("EXIF"));
    }

    void cleanDeckHasNothing() {
        const DeckCheck c = DeckChecker().check(readDeck(m_clean));
        for (const DeckFinding& f : c.findings)
            qWarning().noquote() << f.slide << f.kind << f.part << f.text;
        QVERIFY(c.findings.empty());
        QVERIFY(c.clean());
        QCOMPARE(c.visibleSlides, 2);
    }

    void refusesBadPackages() {
        const QString notZip = m_dir.filePath("not.pptx");
        {
            QFile f(notZip);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a zip file at all");
        }
        const QString traversal = m_dir.filePath("traversal.pptx");
        writeZip(traversal, {{"[Content_Types].xml", "<Types/>"}, {"../evil.xml", "<a/>"}});
        const QString noTypes = m_dir.filePath("notypes.pptx");
        writeZip(noTypes, {{"ppt/presentation.xml", "<p/>"}});
        const QString dtd = m_dir.filePath("dtd.pptx");
        writeZip(dtd, {{"[Content_Types].xml",
                        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY a \"aaaa\">]><Types/>"}});
        const QString noPresentation = m_dir.filePath("nopres.pptx");
        writeZip(noPresentation, {{"[Content_Types].xml", "<Types/>"}});
        for (const QString& p :
             {notZip, traversal, noTypes, dtd, noPresentation, m_dir.filePath("missing.pptx")}) {
            try {
                readDeck(p);
                QFAIL(qPrintable(p + " was read"));
            } catch (const Error& e) {
                QVERIFY2(QString::fromStdString(e.what()).contains(p), e.what());
            }
        }
    }
};

QTEST_MAIN(TestSlidesCheck)
#include "tst_slides_check.moc"
