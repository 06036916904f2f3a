#pragma once
// PDF documents as page images (poppler-qt6): each page rendered at a resolution, with the
// words of its text layer and their boxes; and the two PDFs Veil writes itself: one made
// only of page images (no text layer, no metadata, no attachments, no fonts) and a one-page
// notice. Used by the report de-identification (ReportRedaction) and the verifier. Needs no
// QGuiApplication.
#include <QByteArray>
#include <QImage>
#include <QRectF>
#include <QSizeF>

#include <string>
#include <vector>

namespace veil {

struct PageWord {
    std::string text;      // UTF-8
    QRectF box;            // in the page image's pixels
    int line = 0;          // words of one printed line share it
    double confidence = 1; // 1 for the text layer, the engine's for OCR
};

struct RenderedPage {
    QImage image;                    // RGB888, at the resolution asked
    QSizeF sizePt;                   // the page's size in points (1/72 inch)
    std::vector<PageWord> textLayer; // empty: the page has no text layer (a scan)
};

bool looksLikePdf(const QByteArray& bytes);
// Every page, in order. Throws veil::Error(source, ...) for bytes that are not a PDF, a PDF
// with a password, or one without pages.
std::vector<RenderedPage> renderPdf(const QByteArray& pdf, int dpi, const std::string& source);
// One page (0-based), as renderPdf renders it. Throws veil::Error.
RenderedPage renderPdfPage(const QByteArray& pdf, int page, int dpi, const std::string& source);
int pdfPageCount(const QByteArray& pdf, const std::string& source);

// A PDF of these images, one per page at the given page sizes (points), Flate-compressed.
QByteArray writeImagePdf(const std::vector<QImage>& pages, const std::vector<QSizeF>& sizesPt);
// A one-page A4 PDF with these lines in Helvetica (ASCII; other characters become '?').
QByteArray writeNoticePdf(const std::vector<std::string>& lines);

} // namespace veil
