// Burned-in text on real anatomy: the public samples (../shared/samples, pydicom's test files)
// with "Label: value" lines written into their stored values in code, one test per cause the
// detector must handle (data range, small text, text over bone, MONOCHROME1, colour, whole
// lines, wrapped values, texture). Skips when a sample is absent.
#include "OcrTestUtil.h"
#include "TextDrawing.h"

#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "ocr/IdentifierMatcher.h"
#include "ocr/ScanJob.h"
#include "ocr/TextDetector.h"

#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace veil;
using namespace veil::test;
namespace fs = std::filesystem;

namespace {

const fs::path kSamples = fs::path(VEIL_SAMPLES_DIR) / "pydicom-data";
const fs::path kPydicom = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

struct Image {
    Frame frame;
    RenderParams params;
};

// Frame 0 of a sample, resized so that its longest side is `longest` (0: as stored).
std::optional<Image> sample(const fs::path& path, int longest = 0) {
    if (!fs::exists(path))
        return std::nullopt;
    const DicomFile file = DicomFile::open(path);
    Image im{file.frame(0), renderParamsFor(file)};
    if (longest > 0) {
        const double f = double(longest) / std::max(im.frame.pixels.rows, im.frame.pixels.cols);
        cv::resize(im.frame.pixels, im.frame.pixels, {}, f, f,
                   f > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    }
    return im;
}

// Stored values rescaled into [0, top] in a 16-bit container (8 or 12 bits in 16).
void intoContainer(Image& im, double top) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(im.frame.pixels, &lo, &hi);
    cv::Mat f;
    im.frame.pixels.convertTo(f, CV_64F, top / (hi - lo), -lo * top / (hi - lo));
    f.convertTo(im.frame.pixels, CV_16U);
    im.params = {};
}

double maxOf(const cv::Mat& m) {
    double hi = 0;
    cv::minMaxLoc(m.reshape(1), nullptr, &hi);
    return hi;
}

IdentifierMatcher anonymousMatcher(const std::string& modality) {
    // The header says nothing about the patient: only the label rule can flag the lines.
    return IdentifierMatcher({}, OcrProfiles::load().allowlist, modality);
}

// The findings the scan would make of one frame: lines read, judged, wrapped values followed.
std::vector<Finding> findings(const Image& im, const std::string& modality) {
    const IdentifierMatcher m = anonymousMatcher(modality);
    if (qEnvironmentVariableIsSet("VEIL_OCR_DUMP")) { // the views, for looking at failures
        const auto views = detectionViews(im.frame, im.params);
        for (std::size_t v = 0; v < views.size(); ++v)
            cv::imwrite(qEnvironmentVariable("VEIL_OCR_DUMP").toStdString() + "/" +
                            QTest::currentTestFunction() + "-" + viewName(views[v].kind) + ".png",
                        views[v].grey);
    }
    std::vector<Finding> out;
    judgeLines(0, TextDetector().detect(im.frame, im.params), m, out);
    settleFindings(out, m, ScanOptions{}.minTextConfidence);
    return out;
}

// Share of the line's ink box covered by identifying findings.
double identifyingCover(const DrawnText& line, const std::vector<Finding>& found) {
    cv::Mat covered(line.ink.size(), CV_8U, cv::Scalar(0));
    for (const Finding& f : found)
        if (f.phi) {
            const cv::Rect i = rectOf(f.box) & line.ink;
            if (i.area() > 0)
                covered(i - line.ink.tl()).setTo(255);
        }
    return double(cv::countNonZero(covered)) / std::max(1, line.ink.area());
}

QString describe(const std::vector<Finding>& found) {
    QStringList s;
    for (const Finding& f : found)
        s << QString("'%1'%2 at %3,%4 %5x%6 conf %7")
                 .arg(QString::fromStdString(f.text), f.phi ? " (phi)" : "")
                 .arg(f.box.x)
                 .arg(f.box.y)
                 .arg(f.box.w)
                 .arg(f.box.h)
                 .arg(f.confidence, 0, 'f', 2);
    return s.join("; ");
}

#define REQUIRE_SAMPLE(im, path)                                                                   \
    if (!(im))                                                                                     \
        QSKIP(qPrintable(                                                                          \
            QString("sample not found: %1").arg(QString::fromStdString((path).string()))));

#define VERIFY_COVERED(line, found)                                                                \
    QVERIFY2(identifyingCover(line, found) >= 0.9,                                                 \
             qPrintable(QString("'%1' covered %2; found %3")                                       \
                            .arg(QString::fromStdString((line).text))                              \
                            .arg(identifyingCover(line, found))                                    \
                            .arg(describe(found))))

} // namespace

class TestOcrRealAnatomy : public QObject {
    Q_OBJECT

private slots:
    // Views come from the data: 8 and 12 bits in a 16-bit container, text at the image's own
    // maximum (far below what BitsStored allows) and below it.
    void dataRangeNotBitsStored_data() {
        QTest::addColumn<double>("top");
        QTest::addColumn<double>("inkShare");
        QTest::newRow("8 in 16, at max") << 255.0 << 1.0;
        QTest::newRow("12 in 16, at max") << 4095.0 << 1.0;
        QTest::newRow("12 in 16, below max") << 4095.0 << 0.8;
    }
    void dataRangeNotBitsStored() {
        QFETCH(double, top);
        QFETCH(double, inkShare);
        const fs::path p = kSamples / "693_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        intoContainer(*im, top);
        TextStyle s;
        s.sizePx = 14;
        s.ink = top * inkShare;
        const DrawnText line = drawText(im->frame.pixels, "Patient ID: 48213377", 12, 10, s);
        VERIFY_COVERED(line, findings(*im, "CT"));
    }

    // 256x256 MR with 7-10 px glyphs: searched enlarged, read at a usable size.
    void smallTextOnSmallFrames_data() {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("text");
        QTest::newRow("sans 10") << "DejaVu Sans" << 10 << "Name: SEXTON, CARMEN";
        QTest::newRow("sans 9") << "Liberation Sans" << 9 << "Patient ID: 48213377";
        QTest::newRow("mono 8") << "DejaVu Sans Mono" << 8 << "DOB: 13/07/1961";
        QTest::newRow("sans 8") << "DejaVu Sans" << 8 << "Name: SEXTON, CARMEN";
        // Too small for the engine to read: a long row of glyphs is text by its shape, and
        // text that cannot be read is not cleared ("unreadable").
        QTest::newRow("sans 6, unreadable") << "Liberation Sans" << 6 << "Patient: SEXTON, CARMEN";
        QTest::newRow("serif 6, unreadable") << "DejaVu Serif" << 6 << "patient id: RX-550193";
    }
    void smallTextOnSmallFrames() {
        QFETCH(QString, family);
        QFETCH(int, size);
        QFETCH(QString, text);
        const fs::path p = kPydicom / "MR_small.dcm";
        auto im = sample(p, 256);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = family;
        s.sizePx = size;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, text.toStdString(), 6, 6, s);
        // 6 px glyphs whose letters touch over bright anatomy merge, enlarged, into blobs as
        // full as a plate: only solid shapes are plates there. 8 px mono is misread as "." for
        // the whole line: a sure reading of far fewer characters than the row holds leaves it
        // unread.
        VERIFY_COVERED(line, findings(*im, "MR"));
    }

    // Small glyphs as older devices write them (no antialiasing) on real 256x256 slices, too
    // small to be read surely: boxed taller than their letters by ascenders and descenders
    // ("patient id"), or found only in the brightest levels when written at the maximum.
    // Neither is cleared by a doubtful reading.
    void smallHardEdgedText_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("antialias");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::newRow("sans 7 at the maximum, 8 bits in 16")
            << "CT_small.dcm"
            << "Liberation Sans" << 7 << false << "MRN: 7730-2291" << 11 << 51;
        QTest::newRow("serif 7, ascenders and descenders, MR")
            << "MR_small.dcm"
            << "Liberation Serif" << 7 << false << "patient id: 00417782" << 6 << 6;
        QTest::newRow("sans 7 over the body")
            << "CT_small.dcm"
            << "DejaVu Sans" << 7 << false << "patient id: 00417782" << 150 << 200;
        QTest::newRow("sans 6 over soft tissue, antialiased")
            << "693_J2KR.dcm"
            << "DejaVu Sans" << 6 << true << "Name: BRENNAN, SIOBHAN" << 150 << 220;
        // 6 px glyphs at the maximum over the skull, whose letters merge with each other and
        // the bone's edge: found once merged letters are not taken for a plate.
        QTest::newRow("sans 6 at the maximum, over bone")
            << "693_J2KR.dcm"
            << "Liberation Sans" << 6 << true << "Name: BRENNAN, SIOBHAN" << 164 << 7;
    }
    void smallHardEdgedText() {
        QFETCH(QString, file);
        QFETCH(QString, family);
        QFETCH(int, size);
        QFETCH(bool, antialias);
        QFETCH(QString, text);
        QFETCH(int, x);
        QFETCH(int, y);
        const fs::path p = (file.endsWith("_small.dcm") ? kPydicom : kSamples) / file.toStdString();
        auto im = sample(p, 256);
        REQUIRE_SAMPLE(im, p);
        if (file.endsWith("_small.dcm"))
            intoContainer(*im, 255); // 8 bits in 16
        TextStyle s;
        s.family = family;
        s.sizePx = size;
        s.antialias = antialias;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, text.toStdString(), x, y, s);
        VERIFY_COVERED(line, findings(*im, "CT"));
    }

    // A value after a double space, and a name the stroke search misses over brighter
    // anatomy: the finding follows the line's ink to its end.
    void wholeLineAfterDoubleSpace() {
        const fs::path p = kSamples / "RG3_J2KR.dcm";
        auto im = sample(p, 1024);
        REQUIRE_SAMPLE(im, p);
        double lo = 0;
        cv::minMaxLoc(im->frame.pixels, &lo);
        TextStyle s;
        s.family = "Liberation Mono";
        s.sizePx = 12;
        s.ink = lo;
        // Over the body, where the screen is dark and white text reads.
        const DrawnText line = drawText(im->frame.pixels, "AGE: 033Y  SEX: F", 380, 560, s);
        VERIFY_COVERED(line, findings(*im, "CR"));
    }

    // Small monospaced text on a 256-pixel CT: the value is found alone, and between it and
    // its label lie a colon (two dots too faint and small to count as the line's ink) and a
    // space, two cells of the font: the finding still takes the label in.
    void wholeLineOverAColonAndASpace() {
        const fs::path p = kPydicom / "CT_small.dcm";
        auto im = sample(p, 256);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = "Liberation Mono";
        s.sizePx = 8;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, "Name: OKAFOR, DANIEL", 80, 104, s);
        VERIFY_COVERED(line, findings(*im, "CT"));
    }

    // Grey text (below the image's maximum) over a real MR slice, where the anatomy under
    // the line brightens or darkens along it: there the letters stand out less, and the
    // antialiased edges of small glyphs pull the line's median level towards the background,
    // so the box stopped where the ink left that level (a name's last letters were left out:
    // 32-64% of these lines covered). The strokes' cores keep the glyphs' own level. In a
    // sweep of 720 places and levels on this slice, 332 lines were covered before and 380
    // after, none fewer.
    void wholeLineWhereTheAnatomyBrightens_data() {
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::addColumn<double>("ink"); // of the image's maximum
        const struct {
            int x, y;
            double ink;
        } rows[] = {{0, 20, 0.75},   {10, 20, 0.75},  {40, 35, 0.75},  {120, 35, 0.60},
                    {130, 35, 0.60}, {100, 95, 0.90}, {30, 155, 0.75}, {120, 155, 0.90}};
        for (const auto& r : rows)
            QTest::addRow("%d,%d at %.2f", r.x, r.y, r.ink) << r.x << r.y << r.ink;
    }
    void wholeLineWhereTheAnatomyBrightens() {
        QFETCH(int, x);
        QFETCH(int, y);
        QFETCH(double, ink);
        const fs::path p = kSamples / "emri_small.dcm";
        auto im = sample(p, 256);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = "Liberation Sans";
        s.sizePx = 8;
        s.ink = maxOf(im->frame.pixels) * ink;
        const DrawnText line = drawText(im->frame.pixels, "name: LINDQVIST, ASTRID", x, y, s);
        VERIFY_COVERED(line, findings(*im, "MR"));
    }

    // Over the skull and brain of a real CT slice, at the image's maximum.
    void overBrightAnatomy() {
        const fs::path p = kSamples / "693_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.sizePx = 16;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, "DOB: 13/07/1961", 150, 100, s);
        VERIFY_COVERED(line, findings(*im, "CT"));
    }

    // One line at the image's maximum on a real sample, each row a cause:
    // - over a bright band of a small MR frame, the brightest levels' view finds more of the
    //   line than the full view, which finds it clearly enough on its own, so the line stays
    //   though the view that found it best would judge it too little; read with doubt in
    //   every view, the reading that spells its label ("MRN: BOsga7e2") is kept over a surer
    //   one that does not;
    // - a monospaced font's letters touch in the stroke mask: "Name" and "CARMEN" are one blob
    //   each, as full as a plate (fill 0.7-0.75) but with their letters' ragged tops, where a
    //   plate's edge rows are solid (a skin edge crosses the line);
    // - 6 px glyphs on a 256x256 MR, enlarged: each word's letters merge into one shape, so
    //   the row has four shapes where a long line needs six; it counts by the letters they
    //   are wide enough for.
    void oneLineOnRealSample_data() {
        QTest::addColumn<QString>("file"); // under kSamples, or kPydicom when it starts "pydicom/"
        QTest::addColumn<int>("longest");
        QTest::addColumn<QString>("modality");
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("size");
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::newRow("over a bright band, label read with doubt")
            << "emri_small.dcm" << 256 << "MR"
            << "FreeMono" << 8 << "MRN: 00417782" << 174 << 225;
        QTest::newRow("merged letters are no plate")
            << "693_J2KR.dcm" << 0 << "CT"
            << "Liberation Mono" << 10 << "Name: SEXTON, CARMEN" << 369 << 447;
        QTest::newRow("merged words of small text") << "pydicom/MR_small.dcm" << 256 << "MR"
                                                    << "DejaVu Serif" << 6 << "AGE 044Y" << 9 << 27;
    }
    void oneLineOnRealSample() {
        QFETCH(QString, file);
        QFETCH(int, longest);
        QFETCH(QString, modality);
        QFETCH(QString, family);
        QFETCH(int, size);
        QFETCH(QString, text);
        QFETCH(int, x);
        QFETCH(int, y);
        const std::string name = file.toStdString();
        const fs::path p =
            name.starts_with("pydicom/") ? kPydicom / name.substr(8) : kSamples / name;
        auto im = sample(p, longest);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = family;
        s.sizePx = size;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, text.toStdString(), x, y, s);
        VERIFY_COVERED(line, findings(*im, modality.toStdString()));
    }

    // MONOCHROME1 CR: white on screen is the lowest stored value.
    void monochrome1() {
        const fs::path p = kSamples / "RG3_J2KR.dcm";
        auto im = sample(p, 1024);
        REQUIRE_SAMPLE(im, p);
        QVERIFY(im->params.invert);
        double lo = 0;
        cv::minMaxLoc(im->frame.pixels, &lo);
        TextStyle s;
        s.sizePx = 16;
        s.ink = lo;
        // Over the body, where the screen is dark and white text reads.
        const DrawnText line = drawText(im->frame.pixels, "Patient: OKAFOR, DANIEL", 380, 500, s);
        VERIFY_COVERED(line, findings(*im, "CR"));
    }

    // Colour ultrasound: grey text on the RGB frame, beside the device's own annotations.
    void colour() {
        const fs::path p = kSamples / "US1_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        QCOMPARE(im->frame.pixels.channels(), 3);
        TextStyle s;
        s.sizePx = 13;
        s.ink = 200;
        const DrawnText line = drawText(im->frame.pixels, "Hosp No: RX-550193", 20, 440, s);
        VERIFY_COVERED(line, findings(*im, "US"));
    }

    // White text over colour Doppler flow: bright in luma and in the brightest channel alike,
    // it stands alone only in the brightest levels of the dullest channel.
    void whiteOverColourFlow() {
        const fs::path p = kSamples / "US1_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = "Liberation Serif";
        s.sizePx = 17;
        s.ink = 255;
        const DrawnText line = drawText(im->frame.pixels, "Accession: RAD-2291-03", 206, 225, s);
        VERIFY_COVERED(line, findings(*im, "US"));
    }

    // The device's own annotation in a font the engine doubts (slashed zeros: "TIS<0.4 MI=0.8
    // AD=100%" read with confidence 0.4) is read the same from two renderings: it is a reading,
    // judged harmless, not text too damaged to clear.
    void deviceTextReadTheSameIsRead() {
        const fs::path p = kSamples / "US1_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        const cv::Rect tisLine(390, 450, 240, 28);
        for (const Finding& f : findings(*im, "US"))
            QVERIFY2(!f.phi || (rectOf(f.box) & tisLine).area() == 0,
                     qPrintable(QString("'%1' flagged (%2)")
                                    .arg(QString::fromStdString(f.text),
                                         QString::fromStdString(f.reason))));
    }

    // A label and its value far apart on one baseline are one finding: redacting it leaves
    // no word of the line.
    void wholeLineLabelAndValue() {
        const fs::path p = kSamples / "693_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.family = "Liberation Mono";
        s.sizePx = 14;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText line = drawText(im->frame.pixels, "Patient ID:    RX-550193", 10, 470, s);
        const std::vector<Finding> found = findings(*im, "CT");
        VERIFY_COVERED(line, found);
        const auto whole = std::count_if(found.begin(), found.end(), [&](const Finding& f) {
            return f.phi && coverage(line.ink, rectOf(f.box)) >= 0.98;
        });
        QVERIFY2(whole == 1, qPrintable(describe(found)));
    }

    // "Institution: Royal Infirmary of" / "Edinburgh": the second line is the patient's too.
    void wrappedValue() {
        const fs::path p = kSamples / "693_J2KR.dcm";
        auto im = sample(p);
        REQUIRE_SAMPLE(im, p);
        TextStyle s;
        s.sizePx = 14;
        s.ink = maxOf(im->frame.pixels);
        const DrawnText first =
            drawText(im->frame.pixels, "Institution: Royal Infirmary of", 10, 10, s);
        const DrawnText second = drawText(im->frame.pixels, "Edinburgh", 10, 29, s);
        const std::vector<Finding> found = findings(*im, "CT");
        VERIFY_COVERED(first, found);
        VERIFY_COVERED(second, found);
    }

    // Real CT and MR texture, flipped and turned: no finding at all.
    void textureMakesNoFinding() {
        int slices = 0;
        for (const fs::path& p :
             {kSamples / "693_J2KR.dcm", kSamples / "eCT_Supplemental.dcm",
              kSamples / "MR2_J2KR.dcm", kPydicom / "CT_small.dcm", kPydicom / "MR_small.dcm"}) {
            auto im = sample(p);
            if (!im)
                continue;
            const int longest = std::max(im->frame.pixels.rows, im->frame.pixels.cols);
            if (longest < 256 || longest > 512)
                im = sample(p, longest < 256 ? 256 : 512);
            for (int turn = 0; turn < 2; ++turn, ++slices) {
                if (turn)
                    cv::rotate(im->frame.pixels, im->frame.pixels, cv::ROTATE_90_CLOCKWISE);
                const std::vector<Finding> found = findings(*im, "CT");
                QVERIFY2(found.empty(), qPrintable(QString::fromStdString(p.filename().string()) +
                                                   ": " + describe(found)));
            }
        }
        if (slices == 0)
            QSKIP("no CT or MR sample found");
    }
};

QTEST_MAIN(TestOcrRealAnatomy)
#include "tst_ocr_realanatomy.moc"
