#include "slides/MediaMetadata.h"

#include "common/Error.h"

#include <QStringList>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

quint32 be32(const QByteArray& b, qsizetype at) {
    return (quint32(quint8(b[at])) << 24) | (quint32(quint8(b[at + 1])) << 16) |
           (quint32(quint8(b[at + 2])) << 8) | quint32(quint8(b[at + 3]));
}

void jpeg(const QByteArray& b, std::vector<MediaMetadata>& out) {
    qsizetype at = 2;
    while (at + 4 <= b.size()) {
        if (quint8(b[at]) != 0xFF)
            return; // lost the marker chain: stop rather than guess
        const quint8 marker = quint8(b[at + 1]);
        if (marker == 0xFF) {
            ++at;
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            return; // end of image, start of scan: no metadata segments after this
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            at += 2;
            continue;
        }
        const qsizetype len = (qsizetype(quint8(b[at + 2])) << 8) | quint8(b[at + 3]);
        if (len < 2 || at + 2 + len > b.size())
            return;
        const QByteArray body = b.mid(at + 4, len - 2);
        if (marker == 0xE1 && body.startsWith("Exif"))
            out.push_back({"EXIF", printableRuns(body.mid(6)), body.size()});
        else if (marker == 0xE1 && body.startsWith("http://ns.adobe.com/xap/"))
            out.push_back({"XMP", printableRuns(body.mid(body.indexOf('\0') + 1)), body.size()});
        else if (marker == 0xE1)
            out.push_back({"APP1", printableRuns(body), body.size()});
        else if (marker == 0xED)
            out.push_back({"IPTC", printableRuns(body), body.size()});
        else if (marker == 0xFE)
            out.push_back({"JPEG comment", printableRuns(body, 1), body.size()});
        else if (marker >= 0xE2 && marker <= 0xEF && !body.startsWith("ICC_PROFILE") &&
                 !body.startsWith("Adobe"))
            out.push_back({QString("APP%1").arg(marker - 0xE0), printableRuns(body), body.size()});
        at += 2 + len;
    }
}

void png(const QByteArray& b, std::vector<MediaMetadata>& out) {
    qsizetype at = 8;
    while (at + 12 <= b.size()) {
        const quint32 len = be32(b, at);
        if (len > quint32(b.size()) || at + 12 + qsizetype(len) > b.size())
            return;
        const QByteArray type = b.mid(at + 4, 4);
        const QByteArray data = b.mid(at + 8, len);
        if (type == "tEXt") {
            const qsizetype nul = data.indexOf('\0');
            out.push_back({"PNG tEXt",
                           QString::fromLatin1(data.left(nul)) + "=" +
                               QString::fromLatin1(data.mid(nul + 1)).left(400),
                           len});
        } else if (type == "iTXt") {
            // keyword \0 flag method language \0 translated \0 text
            const qsizetype nul = data.indexOf('\0');
            const bool compressed = nul >= 0 && nul + 1 < data.size() && data[nul + 1] != 0;
            QByteArray rest = data.mid(nul + 3);
            rest = rest.mid(rest.indexOf('\0') + 1);
            rest = rest.mid(rest.indexOf('\0') + 1);
            out.push_back({"PNG iTXt",
                           QString::fromLatin1(data.left(nul)) + "=" +
                               (compressed ? QString("(compressed text)")
                                           : QString::fromUtf8(rest).left(400)),
                           len});
        } else if (type == "zTXt") {
            const qsizetype nul = data.indexOf('\0');
            // never inflated here (a compressed chunk can be a bomb): named, and removed
            out.push_back({"PNG zTXt",
                           QString::fromLatin1(data.left(nul)) + "=(compressed text, " +
                               QString::number(len) + " bytes)",
                           len});
        } else if (type == "eXIf") {
            out.push_back({"EXIF", printableRuns(data), len});
        } else if (type == "IEND") {
            return;
        }
        at += 12 + len;
    }
}

} // namespace

ImageFormat sniffImage(const QByteArray& b) {
    if (b.startsWith("\xFF\xD8\xFF"))
        return ImageFormat::Jpeg;
    if (b.startsWith("\x89PNG\r\n\x1a\n"))
        return ImageFormat::Png;
    if (b.startsWith("GIF8"))
        return ImageFormat::Gif;
    if (b.startsWith("BM"))
        return ImageFormat::Bmp;
    if (b.startsWith("II*") || b.startsWith("MM\0*"))
        return ImageFormat::Tiff;
    return ImageFormat::Other;
}

std::vector<MediaMetadata> findMediaMetadata(const QByteArray& bytes) {
    std::vector<MediaMetadata> out;
    switch (sniffImage(bytes)) {
    case ImageFormat::Jpeg:
        jpeg(bytes, out);
        break;
    case ImageFormat::Png:
        png(bytes, out);
        break;
    default:
        break;
    }
    return out;
}

QString printableRuns(const QByteArray& bytes, int minRun, int limit) {
    QStringList runs;
    QByteArray run;
    int total = 0;
    auto flush = [&] {
        if (run.size() >= minRun) {
            runs << QString::fromUtf8(run).trimmed();
            total += int(run.size());
        }
        run.clear();
    };
    for (char c : bytes) {
        const unsigned char u = static_cast<unsigned char>(c);
        if ((u >= 0x20 && u < 0x7F) || u >= 0xC0 || (u >= 0x80 && !run.isEmpty()))
            run += c;
        else
            flush();
        if (total > limit)
            break;
    }
    flush();
    return runs.join(" | ").left(limit);
}

cv::Mat decodeImage(const QByteArray& bytes) {
    if (bytes.isEmpty())
        return {};
    const cv::Mat raw(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.constData()));
    cv::Mat img;
    try {
        img = cv::imdecode(raw, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        return {};
    }
    if (img.empty())
        return {};
    if (img.depth() == CV_16U)
        img.convertTo(img, CV_8U, 1.0 / 257);
    else if (img.depth() != CV_8U)
        return {};
    return img;
}

QByteArray encodeImage(const cv::Mat& image, ImageFormat format) {
    std::vector<uchar> out;
    bool ok = false;
    try {
        if (format == ImageFormat::Jpeg) {
            cv::Mat bgr = image;
            if (image.channels() == 4)
                cv::cvtColor(image, bgr, cv::COLOR_BGRA2BGR);
            ok = cv::imencode(".jpg", bgr, out, {cv::IMWRITE_JPEG_QUALITY, 95});
        } else {
            ok = cv::imencode(".png", image, out);
        }
    } catch (const cv::Exception& e) {
        throw Error(std::string("the image could not be encoded: ") + e.what());
    }
    if (!ok)
        throw Error("the image could not be encoded");
    return QByteArray(reinterpret_cast<const char*>(out.data()), qsizetype(out.size()));
}

} // namespace veil
