#pragma once
// What a report's pages say, read back the way a person would get at them: every word OCR
// finds on the rendered page images, the text layer ignored. Shared by the report tests.
#include "document/ReportPages.h"
#include "document/ReportRedaction.h"
#include "pdf/PdfPages.h"

#include <QByteArray>

#include <cctype>
#include <string>
#include <vector>

namespace veil::test {

inline std::string upper(std::string s) {
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

// Page by page.
inline std::vector<std::string> ocrPages(const QByteArray& pdf) {
    std::vector<std::string> pages;
    for (RenderedPage page : renderPdf(pdf, kReportDpi, "test")) {
        page.textLayer.clear();
        std::string all;
        int line = -1;
        for (const PageWord& w : pageWords(page)) {
            all += (w.line != line ? "\n" : " ") + w.text;
            line = w.line;
        }
        pages.push_back(std::move(all));
    }
    return pages;
}

inline std::string ocrText(const QByteArray& pdf) {
    std::string all;
    for (const std::string& page : ocrPages(pdf))
        all += page;
    return all;
}

} // namespace veil::test
