#pragma once
// Reports kept as DICOM Encapsulated PDF (1.2.840.10008.5.1.4.1.1.104.1): each page rendered
// at kReportDpi, its words read from the text layer (or by OCR when it has none), the
// identifying ones found with the same rules as free text and burned-in text
// (identity/FreeText: the study's identifiers with the OCR tolerance, names after titles and
// relations, dates, phone and NHS numbers; ocr/IdentifierMatcher's "Name:"/"DOB:" labels),
// blacked out in the page images, and the document rebuilt from those images alone (no text
// layer, no metadata, no attachments), with the same page count. Or, by choice, replaced by
// a one-page notice.
#include "dicom/InstanceInfo.h"
#include "document/ReportReview.h"
#include "identity/IdentifierSet.h"
#include "pdf/PdfPages.h"

#include <QByteArray>
#include <QRect>

#include <string>
#include <vector>

namespace veil {

class DicomFile;

inline constexpr int kReportDpi = 200;

struct ReportFinding {
    int page = 0; // 0-based
    std::string text, attribute;
    QRect box; // page image pixels, margin included
    bool ocr = false;
};

// A page's words: its text layer, or OCR of its image when it has none (`*ocr` says which).
std::vector<PageWord> pageWords(const RenderedPage& page, bool* ocr = nullptr);
// The identifying words of one page, as boxes to black out. `recheck` (the verifier, on an
// output): only values, no label rule (a "Name:" whose value was blacked out is no leak).
std::vector<ReportFinding> findReportIdentifiers(const std::vector<PageWord>& words,
                                                 const IdentifierSet& ids, int page, bool ocr,
                                                 bool recheck = false);

// Words OCR "read" on a black bar (most of the box near black): what redaction left, not text.
std::vector<PageWord> withoutRedactionBars(std::vector<PageWord> words, const QImage& page);

struct ReportRedaction {
    QByteArray pdf;                                       // the rebuilt document
    int pages = 0, pagesWithTextLayer = 0, pagesRead = 0; // pagesRead: by OCR
    std::vector<ReportFinding> findings;                  // blacked out
    std::vector<ReportFinding> kept;                      // found, kept by the reviewer
    int reviewBoxes = 0; // the review's regions blacked out (drawn boxes, accepted findings)
};

// Every page rendered, its identifying words blacked out except those `review` kept, the
// review's own boxes blacked out too, the document rebuilt from the page images. Throws
// veil::Error(source, ...) for a document that cannot be read.
ReportRedaction redactReport(const QByteArray& pdf, const IdentifierSet& ids,
                             const std::string& source, const ReportReview& review = {});
// The header-only fallback's document: one page saying what was removed.
QByteArray reportNotice();

bool isEncapsulatedPdf(const DicomFile& file);

} // namespace veil
