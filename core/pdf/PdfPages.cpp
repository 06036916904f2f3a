#include "pdf/PdfPages.h"

#include "common/Error.h"

#include <poppler-qt6.h>

#include <memory>

namespace veil {

namespace {

std::unique_ptr<Poppler::Document> open(const QByteArray& pdf, const std::string& source) {
    if (!looksLikePdf(pdf))
        throw Error(source, "the encapsulated document is not a PDF (no %PDF- header)");
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::loadFromData(pdf);
    if (!doc)
        throw Error(source, "the PDF cannot be read (damaged or not a PDF)");
    if (doc->isLocked())
        throw Error(source, "the PDF is protected by a password: it cannot be read");
    if (doc->numPages() < 1)
        throw Error(source, "the PDF has no pages");
    return doc;
}

// Words of the text layer, grouped into lines by poppler's own word chain (nextWord links
// the words of one line).
std::vector<PageWord> textLayerOf(const Poppler::Page& page, double scale) {
    std::vector<PageWord> words;
    const std::vector<std::unique_ptr<Poppler::TextBox>> boxes = page.textList();
    int line = -1;
    const Poppler::TextBox* previous = nullptr;
    for (const auto& b : boxes) {
        if (!previous || previous->nextWord() != b.get())
            ++line;
        previous = b.get();
        const QString text = b->text().trimmed();
        if (text.isEmpty())
            continue;
        const QRectF r = b->boundingBox();
        words.push_back(
            {text.toStdString(),
             QRectF(r.x() * scale, r.y() * scale, r.width() * scale, r.height() * scale), line,
             1.0});
    }
    return words;
}

QByteArray num(double v) {
    return QByteArray::number(v, 'f', 2);
}

// Objects of a PDF being written, with the cross-reference table at the end.
class PdfWriter {
public:
    int reserve() { return ++m_count; }
    void object(int id, const QByteArray& body) {
        m_offsets.resize(std::size_t(std::max<int>(int(m_offsets.size()), id + 1)), 0);
        m_offsets[std::size_t(id)] = m_out.size();
        m_out += QByteArray::number(id) + " 0 obj\n" + body + "\nendobj\n";
    }
    void stream(int id, const QByteArray& dict, const QByteArray& data) {
        object(id, "<< " + dict + " /Length " + QByteArray::number(data.size()) + " >>\nstream\n" +
                       data + "\nendstream");
    }
    QByteArray finish(int root) {
        const qsizetype xref = m_out.size();
        m_out += "xref\n0 " + QByteArray::number(m_count + 1) + "\n0000000000 65535 f \n";
        for (int i = 1; i <= m_count; ++i)
            m_out += QByteArray::number(i < int(m_offsets.size()) ? m_offsets[std::size_t(i)] : 0)
                         .rightJustified(10, '0') +
                     " 00000 n \n";
        m_out += "trailer\n<< /Size " + QByteArray::number(m_count + 1) + " /Root " +
                 QByteArray::number(root) + " 0 R >>\nstartxref\n" + QByteArray::number(xref) +
                 "\n%%EOF\n";
        return m_out;
    }

private:
    QByteArray m_out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<qsizetype> m_offsets;
    int m_count = 0;
};

QByteArray pagesTree(PdfWriter& w, int pagesId, const std::vector<int>& kids) {
    QByteArray list;
    for (int k : kids)
        list += QByteArray::number(k) + " 0 R ";
    w.object(pagesId, "<< /Type /Pages /Count " + QByteArray::number(int(kids.size())) +
                          " /Kids [ " + list + "] >>");
    return list;
}

// zlib stream for /FlateDecode: qCompress's output without its 4-byte length prefix.
QByteArray flate(const QByteArray& raw) {
    return qCompress(raw, 6).mid(4);
}

} // namespace

bool looksLikePdf(const QByteArray& bytes) {
    return bytes.left(1024).contains("%PDF-");
}

namespace {
RenderedPage renderPage(Poppler::Document& doc, int i, int dpi, const std::string& source) {
    const std::unique_ptr<Poppler::Page> page = doc.page(i);
    if (!page)
        throw Error(source, "page " + std::to_string(i + 1) + " of the PDF cannot be read");
    QImage image = page->renderToImage(dpi, dpi);
    if (image.isNull())
        throw Error(source, "page " + std::to_string(i + 1) + " of the PDF cannot be rendered");
    RenderedPage p;
    p.image = image.convertToFormat(QImage::Format_RGB888);
    p.sizePt = page->pageSizeF();
    p.textLayer = textLayerOf(*page, dpi / 72.0);
    return p;
}

std::unique_ptr<Poppler::Document> openForRendering(const QByteArray& pdf,
                                                    const std::string& source) {
    std::unique_ptr<Poppler::Document> doc = open(pdf, source);
    doc->setRenderHint(Poppler::Document::Antialiasing, true);
    doc->setRenderHint(Poppler::Document::TextAntialiasing, true);
    return doc;
}
} // namespace

std::vector<RenderedPage> renderPdf(const QByteArray& pdf, int dpi, const std::string& source) {
    const std::unique_ptr<Poppler::Document> doc = openForRendering(pdf, source);
    std::vector<RenderedPage> pages;
    for (int i = 0; i < doc->numPages(); ++i)
        pages.push_back(renderPage(*doc, i, dpi, source));
    return pages;
}

RenderedPage renderPdfPage(const QByteArray& pdf, int page, int dpi, const std::string& source) {
    const std::unique_ptr<Poppler::Document> doc = openForRendering(pdf, source);
    if (page < 0 || page >= doc->numPages())
        throw Error(source, "the PDF has no page " + std::to_string(page + 1));
    return renderPage(*doc, page, dpi, source);
}

int pdfPageCount(const QByteArray& pdf, const std::string& source) {
    return open(pdf, source)->numPages();
}

QByteArray writeImagePdf(const std::vector<QImage>& images, const std::vector<QSizeF>& sizesPt) {
    PdfWriter w;
    const int catalog = w.reserve();
    const int pagesId = w.reserve();
    std::vector<int> kids;
    for (std::size_t i = 0; i < images.size(); ++i) {
        const QImage rgb = images[i].convertToFormat(QImage::Format_RGB888);
        const bool grey = rgb.allGray();
        QByteArray raw;
        raw.reserve(qsizetype(rgb.width()) * rgb.height() * (grey ? 1 : 3));
        for (int y = 0; y < rgb.height(); ++y) {
            const uchar* line = rgb.constScanLine(y);
            if (grey)
                for (int x = 0; x < rgb.width(); ++x)
                    raw += char(line[3 * x]);
            else
                raw.append(reinterpret_cast<const char*>(line), qsizetype(rgb.width()) * 3);
        }
        const QSizeF size = i < sizesPt.size() && !sizesPt[i].isEmpty()
                                ? sizesPt[i]
                                : QSizeF(rgb.width() * 72.0 / 200, rgb.height() * 72.0 / 200);
        const int imageId = w.reserve(), contentId = w.reserve(), pageId = w.reserve();
        w.stream(imageId,
                 "/Type /XObject /Subtype /Image /Width " + QByteArray::number(rgb.width()) +
                     " /Height " + QByteArray::number(rgb.height()) + " /ColorSpace " +
                     (grey ? "/DeviceGray" : "/DeviceRGB") +
                     " /BitsPerComponent 8 /Filter /FlateDecode",
                 flate(raw));
        w.stream(contentId, "",
                 "q " + num(size.width()) + " 0 0 " + num(size.height()) + " 0 0 cm /P Do Q");
        w.object(pageId, "<< /Type /Page /Parent " + QByteArray::number(pagesId) +
                             " 0 R /MediaBox [0 0 " + num(size.width()) + " " + num(size.height()) +
                             "] /Resources << /XObject << /P " + QByteArray::number(imageId) +
                             " 0 R >> >> /Contents " + QByteArray::number(contentId) + " 0 R >>");
        kids.push_back(pageId);
    }
    pagesTree(w, pagesId, kids);
    w.object(catalog, "<< /Type /Catalog /Pages " + QByteArray::number(pagesId) + " 0 R >>");
    return w.finish(catalog);
}

QByteArray writeNoticePdf(const std::vector<std::string>& lines) {
    PdfWriter w;
    const int catalog = w.reserve(), pagesId = w.reserve(), font = w.reserve(),
              content = w.reserve(), page = w.reserve();
    QByteArray text = "BT /F1 14 Tf 72 770 Td 18 TL\n";
    for (const std::string& line : lines) {
        QByteArray escaped;
        for (unsigned char c : line) {
            if (c == '(' || c == ')' || c == '\\')
                escaped += '\\';
            escaped += (c >= 32 && c < 127) ? char(c) : '?';
        }
        text += "(" + escaped + ") Tj T*\n";
    }
    text += "ET";
    w.object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    w.stream(content, "", text);
    w.object(page, "<< /Type /Page /Parent " + QByteArray::number(pagesId) +
                       " 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 " +
                       QByteArray::number(font) + " 0 R >> >> /Contents " +
                       QByteArray::number(content) + " 0 R >>");
    pagesTree(w, pagesId, {page});
    w.object(catalog, "<< /Type /Catalog /Pages " + QByteArray::number(pagesId) + " 0 R >>");
    return w.finish(catalog);
}

} // namespace veil
