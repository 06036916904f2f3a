// ocr_features DIR: the candidate lines of a real-anatomy set (bench_ocr's DIR/key.json) with
// their measures, what the engine read on them and whether they lie on a key line, as CSV on
// standard output. For studying how text and texture differ; never used to tune on the
// held-out seed.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"
#include "ocr/DetectionViews.h"
#include "ocr/LineRecogniser.h"
#include "ocr/TextCandidates.h"
#include "ocr/TextDetector.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>

using namespace veil;

namespace {

void dump(const std::string& file, const char* set, const QJsonArray& lines) {
    const DicomFile dicom = DicomFile::open(file);
    const Frame frame = dicom.frame(0);
    const int scale = detectionScale(frame.pixels.rows, frame.pixels.cols);
    const auto views = enlargedViews(detectionViews(frame, renderParamsFor(dicom)), scale);
    for (const TextCandidate& c : findTextCandidates(views)) {
        const cv::Rect box(c.box.x / scale, c.box.y / scale, c.box.width / scale,
                           c.box.height / scale);
        int onKey = 0, phi = 0;
        for (const auto& l : lines) {
            const QJsonObject o = l.toObject();
            const cv::Rect k(o["x"].toInt(), o["y"].toInt(), o["w"].toInt(), o["h"].toInt());
            if ((k & box).area() * 2 >= std::min(k.area(), box.area())) {
                onKey = 1;
                phi |= o["identifying"].toBool();
            }
        }
        const RecognisedLine r =
            recogniseLine(prepareLineCrop(views[c.view].grey, c.box, c.lightOnDark).image);
        std::string text = r.text;
        for (char& ch : text)
            if (ch == ',' || ch == '"')
                ch = ' ';
        const LineMeasures& m = c.measures;
        std::printf("%s,%s,%d,%d,%d,%d,%s,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%d,%d,%."
                    "2f,\"%s\"\n",
                    set, file.c_str(), box.x, box.y, box.width, box.height,
                    viewName(views[c.view].kind), c.lightOnDark ? 1 : 0, c.glyphs, c.charHeight,
                    m.contrast, m.separation, m.flatSeparation, m.uniformity, m.thickShare,
                    m.contrastShare, c.score, double(frame.pixels.cols), onKey, phi, r.confidence,
                    text.c_str());
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: ocr_features DIR\n");
        return 2;
    }
    QFile f(QString(argv[1]) + "/key.json");
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "ocr_features: cannot read %s/key.json\n", argv[1]);
        return 1;
    }
    const QJsonObject key = QJsonDocument::fromJson(f.readAll()).object();
    std::printf("set,file,x,y,w,h,view,light,glyphs,charh,contrast,sep,flatsep,uniform,thick,"
                "share,score,cols,onkey,phi,conf,text\n");
    try {
        for (const auto& i : key["images"].toArray())
            dump(i.toObject()["file"].toString().toStdString(), "text",
                 i.toObject()["lines"].toArray());
        for (const auto& t : key["textFree"].toArray())
            dump(t.toString().toStdString(), "free", {});
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ocr_features: %s\n", e.what());
        return 1;
    }
    return 0;
}
