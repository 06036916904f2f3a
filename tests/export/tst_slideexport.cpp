// Slides: PNG and JPEG written with no metadata (PNG chunks and JPEG markers read back), the
// boxes burned and the window applied, a whole volume asked for only after confirmation.
#include "Fixtures.h"

#include "export/SlideExport.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <set>

using namespace veil;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::uint32_t be32(const std::string& b, std::size_t at) {
    auto c = [&](std::size_t i) { return std::uint32_t(static_cast<unsigned char>(b[at + i])); };
    return c(0) << 24 | c(1) << 16 | c(2) << 8 | c(3);
}

std::vector<std::string> pngChunks(const std::string& b) {
    std::vector<std::string> out;
    for (std::size_t at = 8; at + 8 <= b.size();) {
        const std::uint32_t len = be32(b, at);
        out.push_back(b.substr(at + 4, 4));
        at += 12 + len;
    }
    return out;
}

// JPEG marker bytes before the scan data (0xD8 SOI, 0xE0 APP0, 0xDB DQT, ...).
std::vector<int> jpegMarkers(const std::string& b) {
    std::vector<int> out;
    std::size_t at = 2;
    while (at + 4 <= b.size() && static_cast<unsigned char>(b[at]) == 0xFF) {
        const int marker = static_cast<unsigned char>(b[at + 1]);
        out.push_back(marker);
        if (marker == 0xDA)
            break;
        at += 2 + ((std::size_t(static_cast<unsigned char>(b[at + 2])) << 8) |
                   static_cast<unsigned char>(b[at + 3]));
    }
    return out;
}

} // namespace

class TestSlideExport : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    fs::path m_ct, m_cine;

    fs::path path(const std::string& name) const {
        return fs::path(m_tmp.path().toStdString()) / name;
    }

    SlideRequest slide(const fs::path& source, int frame, const std::string& out) const {
        SlideRequest s;
        s.source = source;
        s.frame = frame;
        s.output = path(out);
        return s;
    }

private slots:
    void initTestCase() {
        fixtures::Variant ct;
        ct.rows = 64;
        ct.columns = 64;
        ct.text = {{"SMITH^JOHN", -1, 2, 2, 0, 0, true, "PatientName", {}, 12, false}};
        m_ct = path("ct.dcm");
        fixtures::writeVariant(m_ct, ct);
        fixtures::Variant cine;
        cine.photometric = "RGB";
        cine.bitsAllocated = cine.bitsStored = 8;
        cine.frames = 20;
        m_cine = path("cine.dcm");
        fixtures::writeVariant(m_cine, cine);
    }

    void pngHasNoMetadataChunks() {
        const SlideExportResult r = exportSlides({slide(m_ct, 0, "a.png")}, {});
        QVERIFY(r.ok());
        const std::vector<std::string> chunks = pngChunks(slurp(path("a.png")));
        QCOMPARE(chunks.front(), std::string("IHDR"));
        QCOMPARE(chunks.back(), std::string("IEND"));
        for (const std::string& c : chunks)
            QVERIFY2(c == "IHDR" || c == "IDAT" || c == "IEND", ("chunk " + c).c_str());
    }

    void jpegHasNoExifNorComment() {
        SlideOptions o;
        o.format = SlideFormat::Jpeg;
        const SlideExportResult r = exportSlides({slide(m_cine, 3, "b.jpg")}, o);
        QVERIFY(r.ok());
        const std::string bytes = slurp(path("b.jpg"));
        QCOMPARE(static_cast<unsigned char>(bytes[1]), (unsigned char)0xD8);
        const std::vector<int> markers = jpegMarkers(bytes);
        QVERIFY(!markers.empty() && markers.back() == 0xDA);
        for (int m : markers) {
            QVERIFY2(!(m >= 0xE1 && m <= 0xEF), qPrintable(QString("APP%1 segment").arg(m - 0xE0)));
            QVERIFY2(m != 0xFE, "comment segment");
        }
        QCOMPARE(cv::imread(path("b.jpg").string()).channels(), 3);
    }

    void boxesAreBurnedAndTheWindowApplies() {
        SlideRequest s = slide(m_ct, 0, "c.png");
        s.regions = {{-1, 0, 0, 40, 20}};
        const cv::Mat burned = renderSlide(s);
        double lo = 0, hi = 0;
        cv::minMaxLoc(burned(cv::Rect(0, 0, 40, 20)), &lo, &hi);
        QCOMPARE(hi, 0.0);
        SlideRequest narrow = slide(m_ct, 0, "d.png");
        narrow.window = Window{2000, 10};
        SlideRequest wide = narrow;
        wide.window = Window{2000, 4000};
        QVERIFY(cv::norm(renderSlide(narrow), renderSlide(wide), cv::NORM_L1) > 0);
    }

    void aWholeVolumeNeedsConfirmation() {
        std::vector<SlideRequest> all;
        for (int f = 0; f < 20; ++f)
            all.push_back(slide(m_cine, f, "vol/" + std::to_string(f) + ".png"));
        SlideOptions o;
        const SlideExportResult asked = exportSlides(all, o);
        QVERIFY(asked.needsConfirmation);
        QVERIFY(asked.warning.find("20 slides") != std::string::npos);
        QVERIFY(!fs::exists(path("vol")));
        o.confirmed = true;
        QCOMPARE(int(exportSlides(all, o).written.size()), 20);
        QVERIFY(!wholeVolumeWarning({all[0], all[1]}, 12));
    }

    void aBadFrameIsReportedOthersWritten() {
        const SlideExportResult r =
            exportSlides({slide(m_ct, 5, "e.png"), slide(m_ct, 0, "f.png")}, {});
        QCOMPARE(int(r.errors.size()), 1);
        QVERIFY(r.errors[0].find("frame 5") != std::string::npos);
        QCOMPARE(int(r.written.size()), 1);
    }
};

QTEST_MAIN(TestSlideExport)
#include "tst_slideexport.moc"
