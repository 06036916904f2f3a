// DeckCleaner on the generated leaky deck: the cleaned copy passes the check, holds none of
// the planted identifiers in any part, keeps the visible slides, bakes crops (a picture used
// with two crops gets two media parts), leaves the source untouched and reports every change.
#include "Deck.h"

#include "common/Error.h"
#include "slides/DeckCleaner.h"
#include "slides/DeckReader.h"
#include "slides/MediaMetadata.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestSlidesClean : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_leaky, m_out;
    fixtures::DeckKey m_key;
    DeckCleanResult m_result;
    QByteArray m_sourceHash;

    static QByteArray sha(const QString& path) {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_leaky = m_dir.filePath("leaky.pptx");
        m_out = m_dir.filePath("cleaned.pptx");
        m_key = fixtures::writeLeakyDeck(m_leaky);
        m_sourceHash = sha(m_leaky);
        const Deck deck = readDeck(m_leaky);
        m_result = cleanDeck(deck, DeckChecker().check(deck), m_out);
        for (const DeckChange& c : m_result.changes)
            qInfo().noquote() << c.slide << c.part << c.what;
    }

    void cleanedDeckPassesTheCheck() {
        const DeckCheck after = DeckChecker().check(readDeck(m_out));
        for (const DeckFinding& f : after.findings)
            qWarning().noquote() << f.slide << f.kind << f.part << f.text;
        QVERIFY(after.findings.empty());
        QVERIFY(after.notChecked.isEmpty());
        QVERIFY(m_result.notCleaned.isEmpty());
        QCOMPARE(after.slides, m_key.visibleSlides);
        QCOMPARE(after.visibleSlides, m_key.visibleSlides);
    }

    void noPlantedIdentifierInAnyPart() {
        const DeckPackage pkg = DeckPackage::read(m_out);
        for (const QString& name : pkg.partNames()) {
            const QByteArray bytes = pkg.part(name);
            for (const QString& id : m_key.identifiers)
                QVERIFY2(!bytes.contains(id.toUtf8()) &&
                             !bytes.toLower().contains(id.toLower().toUtf8()),
                         qPrintable(id + " left in " + name));
        }
        for (const char* gone :
             {"ppt/notesSlides/notesSlide1.xml", "ppt/comments/comment1.xml",
              "ppt/comments/modernComment_101_1.xml", "ppt/commentAuthors.xml", "ppt/authors.xml",
              "ppt/revisionInfo.xml", "docProps/custom.xml", "docProps/thumbnail.jpeg",
              "ppt/embeddings/oleObject1.bin", "ppt/embeddings/scan.dcm", "ppt/slides/slide3.xml",
              "ppt/media/image1.png", "ppt/media/image2.jpeg"})
            QVERIFY2(!pkg.has(gone), qPrintable(QString(gone) + " is still in the cleaned deck"));
        // every relationship still points at a part that exists
        for (const QString& name : pkg.partNames()) {
            if (DeckPackage::isRelsName(name))
                continue;
            for (const Relationship& r : pkg.relationships(name)) {
                QVERIFY2(!r.external, qPrintable(name + " keeps an external link " + r.target));
                QVERIFY2(pkg.has(DeckPackage::resolve(name, r.target)),
                         qPrintable(name + " -> " + r.target + " is dangling"));
            }
        }
        QVERIFY(!pkg.contentType("ppt/slides/slide1.xml").isEmpty());
        QVERIFY(pkg.contentType("ppt/slides/slide3.xml").isEmpty() ||
                !pkg.has("ppt/slides/slide3.xml"));
    }

    void cropsAreBakedPerUse() {
        const Deck deck = readDeck(m_out);
        QStringList media;
        for (const DeckSlide& s : deck.slides)
            for (const DeckShape& sh : s.shapes)
                if (sh.kind == DeckShape::Kind::Picture) {
                    QVERIFY(!sh.crop.present);
                    QCOMPARE(sh.descr, kNeutralAltText);
                    media << sh.mediaPart;
                }
        QCOMPARE(media.size(), 3); // slides 1, 2 and 4 (the linked picture is gone)
        QCOMPARE(QSet<QString>(media.begin(), media.end()).size(), 3);
        const cv::Mat first = decodeImage(deck.package.part(deck.slides[0].shapes[1].mediaPart));
        QCOMPARE(first.cols, 640);
        QCOMPARE(first.rows, 384);                // the bottom 20 % cut
        const DeckSlide& fourth = deck.slides[2]; // slide 4 of the source
        for (const DeckShape& sh : fourth.shapes)
            if (sh.kind == DeckShape::Kind::Picture) {
                const cv::Mat m = decodeImage(deck.package.part(sh.mediaPart));
                QCOMPARE(m.cols, 320);
                QCOMPARE(m.rows, 528); // 10 % padding on top, transparent
                QCOMPARE(m.channels(), 4);
                QCOMPARE(int(m.at<cv::Vec4b>(5, 5)[3]), 0);
            }
        for (const QString& m : deck.media())
            QVERIFY(findMediaMetadata(deck.package.part(m)).empty());
    }

    void sourceUntouchedAndChangesReported() {
        QCOMPARE(sha(m_leaky), m_sourceHash);
        QStringList all;
        for (const DeckChange& c : m_result.changes)
            all << c.what;
        const QString text = all.join('\n');
        for (const char* what :
             {"hidden slide removed", "speaker notes removed", "comments removed", "crop baked in",
              "covering shape(s) burned in", "redacted", "shape off the slide removed",
              "embedded object removed", "linked picture removed", "external link removed",
              "alt text replaced", "comment authors removed", "revision information removed",
              "thumbnail removed", "embedded file removed", "document properties emptied",
              "custom document properties removed"})
            QVERIFY2(text.contains(what), what);
        QVERIFY(QDir(m_dir.path()).entryList({"*.veil-partial-*"}).isEmpty());
    }

    void refusesToOverwriteItsSource() {
        const Deck deck = readDeck(m_leaky);
        QVERIFY_THROWS_EXCEPTION(Error, cleanDeck(deck, DeckChecker().check(deck), m_leaky));
        QCOMPARE(sha(m_leaky), m_sourceHash);
    }
};

QTEST_MAIN(TestSlidesClean)
#include "tst_slides_clean.moc"
