#include "OverlayTestFiles.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dctag.h>

#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>

#include <cstring>
#include <stdexcept>

namespace veil::test {

namespace {
void check(const OFCondition& c, const std::string& what) {
    if (c.bad())
        throw std::runtime_error(what + ": " + c.text());
}

DcmTag tag(int group, Uint16 element, DcmEVR vr) {
    return DcmTag(Uint16(group), element, vr);
}

void putHeader(DcmDataset& ds, int group, int rows, int columns, int bitsAllocated, int bit) {
    check(ds.putAndInsertUint16(tag(group, 0x0010, EVR_US), Uint16(rows)), "OverlayRows");
    check(ds.putAndInsertUint16(tag(group, 0x0011, EVR_US), Uint16(columns)), "OverlayColumns");
    check(ds.putAndInsertString(tag(group, 0x0040, EVR_CS), "G"), "OverlayType");
    check(ds.putAndInsertUint16(tag(group, 0x0100, EVR_US), Uint16(bitsAllocated)),
          "OverlayBitsAllocated");
    check(ds.putAndInsertUint16(tag(group, 0x0102, EVR_US), Uint16(bit)), "OverlayBitPosition");
}
} // namespace

cv::Mat textMask(int rows, int columns, const std::string& text, int x, int y, int sizePx) {
    QImage img(columns, rows, QImage::Format_Grayscale8);
    img.fill(0);
    {
        QFont font("DejaVu Sans");
        font.setPixelSize(sizePx);
        QPainter p(&img);
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(x, y + QFontMetrics(font).ascent(), QString::fromStdString(text));
    }
    cv::Mat mask(rows, columns, CV_8U);
    for (int r = 0; r < rows; ++r) {
        const uchar* line = img.constScanLine(r);
        for (int c = 0; c < columns; ++c)
            mask.at<uchar>(r, c) = line[c] >= 128 ? 255 : 0;
    }
    return mask;
}

void putOverlayData(DcmDataset& ds, int group, const std::vector<cv::Mat>& frames, int originRow,
                    int originColumn, bool numberOfFrames, int firstFrame) {
    const int rows = frames.at(0).rows, columns = frames.at(0).cols;
    putHeader(ds, group, rows, columns, 1, 0);
    check(ds.putAndInsertString(
              tag(group, 0x0050, EVR_SS),
              (std::to_string(originRow) + "\\" + std::to_string(originColumn)).c_str()),
          "OverlayOrigin");
    if (numberOfFrames) {
        check(ds.putAndInsertString(tag(group, 0x0015, EVR_IS),
                                    std::to_string(frames.size()).c_str()),
              "NumberOfFramesInOverlay");
        check(ds.putAndInsertUint16(tag(group, 0x0051, EVR_US), Uint16(firstFrame)),
              "ImageFrameOrigin");
    }
    // PS3.5 8.1.2: bit i of the stream is pixel i, low bit first, frames one after another.
    const std::size_t perFrame = std::size_t(rows) * std::size_t(columns);
    const std::size_t bits = perFrame * frames.size();
    std::vector<Uint16> words((bits + 15) / 16, 0);
    for (std::size_t f = 0; f < frames.size(); ++f)
        for (std::size_t i = 0; i < perFrame; ++i)
            if (frames[f].data[i]) {
                const std::size_t b = f * perFrame + i;
                words[b / 16] = Uint16(words[b / 16] | (1u << (b % 16)));
            }
    check(ds.putAndInsertUint16Array(tag(group, 0x3000, EVR_OW), words.data(),
                                     unsigned(words.size())),
          "OverlayData");
}

void putOverlayInPixelData(DcmDataset& ds, std::vector<std::uint8_t>& raw, int group, int bit,
                           const std::vector<cv::Mat>& frames) {
    const int rows = frames.at(0).rows, columns = frames.at(0).cols;
    putHeader(ds, group, rows, columns, 16, bit);
    check(ds.putAndInsertString(tag(group, 0x0050, EVR_SS), "1\\1"), "OverlayOrigin");
    const std::size_t perFrame = std::size_t(rows) * std::size_t(columns);
    for (std::size_t f = 0; f < frames.size(); ++f)
        for (std::size_t i = 0; i < perFrame; ++i)
            if (frames[f].data[i]) {
                std::uint16_t w = 0;
                std::memcpy(&w, raw.data() + (f * perFrame + i) * 2, 2);
                w = std::uint16_t(w | (1u << bit));
                std::memcpy(raw.data() + (f * perFrame + i) * 2, &w, 2);
            }
}

void setBitEverywhere(std::vector<std::uint8_t>& raw, int bit) {
    for (std::size_t i = 0; i + 1 < raw.size(); i += 2) {
        std::uint16_t w = 0;
        std::memcpy(&w, raw.data() + i, 2);
        w = std::uint16_t(w | (1u << bit));
        std::memcpy(raw.data() + i, &w, 2);
    }
}

} // namespace veil::test
