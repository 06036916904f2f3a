#pragma once
// Metadata an image file carries besides its pixels: JPEG APP1 Exif and XMP, APP13
// (Photoshop/IPTC), COM comments; PNG tEXt, iTXt, zTXt and eXIf chunks. Found by walking the
// file's own structure (JPEG markers, PNG chunks), never by searching for strings.
#include <QByteArray>
#include <QString>

#include <opencv2/core/mat.hpp>

#include <vector>

namespace veil {

struct MediaMetadata {
    QString kind; // "EXIF", "XMP", "IPTC", "JPEG comment", "PNG tEXt", ...
    QString text; // what can be read of it: printable runs, keyword=value for PNG text
    long long bytes = 0;
};

enum class ImageFormat { Jpeg, Png, Gif, Bmp, Tiff, Other };
ImageFormat sniffImage(const QByteArray& bytes);

std::vector<MediaMetadata> findMediaMetadata(const QByteArray& bytes);

// Printable ASCII/UTF-8 runs of at least `minRun` characters, joined by " | ", at most
// `limit` characters.
QString printableRuns(const QByteArray& bytes, int minRun = 4, int limit = 400);

// The pixels as stored (no EXIF rotation applied), 8 bits per channel: grey, BGR or BGRA.
// Empty when OpenCV cannot decode the format (EMF, WMF, SVG, GIF...).
cv::Mat decodeImage(const QByteArray& bytes);
// Encodes with OpenCV, which writes no metadata at all (no EXIF, XMP or text chunks). JPEG
// for Jpeg (quality 95, alpha dropped), PNG otherwise. Throws veil::Error.
QByteArray encodeImage(const cv::Mat& image, ImageFormat format);

} // namespace veil
