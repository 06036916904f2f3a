#include "document/ReportRedaction.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "identity/FreeText.h"
#include "ocr/IdentifierMatcher.h"
#include "ocr/LineRecogniser.h"

#include <QPainter>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <map>

namespace veil {

namespace {

constexpr Tag kDocument{0x0042, 0x0011};
constexpr Tag kMimeType{0x0042, 0x0012};

struct Line {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> spans; // each word's [start, end) in text
    std::vector<const PageWord*> words;
};

std::vector<Line> linesOf(const std::vector<PageWord>& words) {
    std::map<int, Line> byLine;
    for (const PageWord& w : words) {
        Line& l = byLine[w.line];
        if (!l.text.empty())
            l.text += ' ';
        l.spans.emplace_back(l.text.size(), l.text.size() + w.text.size());
        l.text += w.text;
        l.words.push_back(&w);
    }
    std::vector<Line> out;
    for (auto& [n, l] : byLine)
        out.push_back(std::move(l));
    return out;
}

std::size_t wordCount(const std::string& s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool space = c == ' ';
        n += !space && !in;
        in = !space;
    }
    return n;
}

// "Name: ...", "DOB: ...", "Ref: ..." — ocr/IdentifierMatcher's label rule, taken only with a
// colon after the label: in running text "Patient presented with ..." is no label.
std::size_t labelValueStart(const Line& l) {
    const std::string label = identifierLabel(l.text);
    if (label.empty())
        return std::string::npos;
    const std::size_t n = wordCount(label);
    if (n == 0 || n >= l.words.size())
        return std::string::npos;
    const std::string& last = l.words[n - 1]->text;
    const std::string& next = l.words[n]->text;
    if (!last.empty() && last.back() == ':')
        return n;
    if (next == ":")
        return n + 1 < l.words.size() ? n + 1 : std::string::npos;
    return std::string::npos;
}

QRect padded(const QRectF& r) {
    const int m = std::max(2, int(r.height() * 0.15));
    return r.toAlignedRect().adjusted(-m, -m, m, m);
}

cv::Mat greyOf(const QImage& image) {
    const QImage g = image.convertToFormat(QImage::Format_Grayscale8);
    return cv::Mat(g.height(), g.width(), CV_8UC1, const_cast<uchar*>(g.constBits()),
                   std::size_t(g.bytesPerLine()))
        .clone();
}

} // namespace

std::vector<PageWord> pageWords(const RenderedPage& page, bool* ocr) {
    if (!page.textLayer.empty()) {
        if (ocr)
            *ocr = false;
        return page.textLayer;
    }
    if (ocr)
        *ocr = true;
    std::vector<PageWord> words;
    for (const RecognisedWord& w : recognisePage(greyOf(page.image), kReportDpi))
        words.push_back(
            {w.text, QRectF(w.box.x, w.box.y, w.box.width, w.box.height), w.line, w.confidence});
    return words;
}

std::vector<PageWord> withoutRedactionBars(std::vector<PageWord> words, const QImage& page) {
    const QImage grey = page.convertToFormat(QImage::Format_Grayscale8);
    auto bar = [&](const PageWord& w) {
        const QRect r = w.box.toAlignedRect() & grey.rect();
        if (r.isEmpty())
            return false;
        long dark = 0;
        for (int y = r.top(); y <= r.bottom(); ++y) {
            const uchar* line = grey.constScanLine(y);
            for (int x = r.left(); x <= r.right(); ++x)
                dark += line[x] < 40;
        }
        return dark * 10 >= long(r.width()) * r.height() * 8;
    };
    words.erase(std::remove_if(words.begin(), words.end(), bar), words.end());
    return words;
}

std::vector<ReportFinding> findReportIdentifiers(const std::vector<PageWord>& words,
                                                 const IdentifierSet& ids, int page, bool ocr,
                                                 bool recheck) {
    std::vector<ReportFinding> out;
    for (const Line& l : linesOf(words)) {
        std::vector<bool> hit(l.words.size(), false);
        std::vector<std::string> why(l.words.size());
        auto mark = [&](std::size_t pos, std::size_t len, const std::string& attribute) {
            for (std::size_t i = 0; i < l.words.size(); ++i)
                if (l.spans[i].first < pos + len && pos < l.spans[i].second && !hit[i]) {
                    hit[i] = true;
                    why[i] = attribute;
                }
        };
        for (const IdentifierMatch& m : findFreeTextIdentifiers(ids, l.text))
            mark(m.pos, m.len, m.attribute);
        // A number misread by OCR (an ID, a date): the tolerant search, word by word (on a
        // whole line of running text it would find a long value in ordinary words).
        for (std::size_t i = 0; ocr && !recheck && i < l.words.size(); ++i) {
            const std::string& w = l.words[i]->text;
            if (w.size() >= 6 &&
                std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
                if (ids.matchOcr(w))
                    mark(l.spans[i].first, w.size(), "misread identifier");
        }
        if (recheck)
            ;
        else if (const std::size_t from = labelValueStart(l); from != std::string::npos)
            for (std::size_t i = from; i < l.words.size(); ++i)
                mark(l.spans[i].first, l.spans[i].second - l.spans[i].first, "value after a label");
        for (std::size_t i = 0; i < l.words.size(); ++i)
            if (hit[i])
                out.push_back({page, l.words[i]->text, why[i], padded(l.words[i]->box), ocr});
    }
    return out;
}

ReportRedaction redactReport(const QByteArray& pdf, const IdentifierSet& ids,
                             const std::string& source, const ReportReview& review) {
    std::vector<RenderedPage> pages = renderPdf(pdf, kReportDpi, source);
    ReportRedaction r;
    r.pages = int(pages.size());
    std::vector<QImage> images;
    std::vector<QSizeF> sizes;
    for (int p = 0; p < r.pages; ++p) {
        RenderedPage& page = pages[std::size_t(p)];
        bool ocr = false;
        const std::vector<PageWord> words = pageWords(page, &ocr);
        (ocr ? r.pagesRead : r.pagesWithTextLayer)++;
        QPainter painter(&page.image);
        for (const ReportFinding& f : findReportIdentifiers(words, ids, p, ocr)) {
            const RedactionRegion at{p, f.box.x(), f.box.y(), f.box.width(), f.box.height()};
            const bool kept =
                std::any_of(review.kept.begin(), review.kept.end(),
                            [&](const RedactionRegion& k) { return sameRegion(at, k); });
            if (kept) {
                r.kept.push_back(f);
                continue;
            }
            painter.fillRect(f.box, Qt::black);
            r.findings.push_back(f);
        }
        for (const RedactionRegion& b : review.burn) {
            const QRect box = QRect(b.x, b.y, b.w, b.h) & page.image.rect();
            if (!b.appliesTo(p) || b.inOverlay() || box.isEmpty())
                continue;
            painter.fillRect(box, Qt::black);
            ++r.reviewBoxes;
        }
        painter.end();
        images.push_back(page.image);
        sizes.push_back(page.sizePt);
    }
    r.pdf = writeImagePdf(images, sizes);
    return r;
}

QByteArray reportNotice() {
    return writeNoticePdf({"This document was removed by de-identification (Veil).", "",
                           "The original report was an encapsulated PDF. It was replaced",
                           "by this notice because the release was made header-only",
                           "(option replace-encapsulated-documents)."});
}

bool isEncapsulatedPdf(const DicomFile& file) {
    return file.string(Tag{0x0008, 0x0016}) == kEncapsulatedPdfClass ||
           (file.has(kDocument) && file.string(kMimeType) == "application/pdf");
}

} // namespace veil
