#pragma once
// Reports the reviewer looks at like any image (InstanceInfo::report): an Encapsulated PDF
// instance's document, or a PDF file beside the study. Its pages are its frames, rendered at
// kReportDpi; the identifying words on them are found by the rule the export blacks out
// (ReportRedaction's findReportIdentifiers, over the text layer or OCR): the viewer, the scan
// and the export see the same boxes.
#include "dicom/DicomFile.h"
#include "document/ReportRedaction.h"
#include "ocr/Finding.h"
#include "study/ReportFiles.h"
#include "study/StudyIndex.h"

#include <QByteArray>

#include <filesystem>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace veil {

// The report's PDF: the Encapsulated Document of an instance, or the file's own bytes.
// Throws veil::Error naming the file.
QByteArray reportDocument(const InstanceInfo& info);
// Page `page` (0-based) as a frame: 8-bit RGB at `dpi`. Throws veil::Error.
Frame reportPage(const InstanceInfo& info, int page, int dpi = kReportDpi);

// Rendered report pages kept for the viewer, so that flipping back and forth through a report
// renders each page once. Keyed by report (local path and SOP Instance UID), page and
// resolution; bounded by the pixels' bytes (an A4 page at 200 dpi is about 11.6 MB): the page
// used least recently goes first, and a page larger than the bound is not kept. Thread-safe.
class ReportPageCache {
public:
    explicit ReportPageCache(std::size_t maxBytes = kDefaultBytes);
    static constexpr std::size_t kDefaultBytes = std::size_t(64) << 20;

    // As reportPage: from the cache, or rendered now and kept. The frame returned is the
    // caller's own copy. Throws veil::Error (nothing kept).
    Frame page(const InstanceInfo& info, int page, int dpi = kReportDpi);

    std::size_t bytes() const;  // the pixels kept
    std::size_t pages() const;  // pages kept
    long long rendered() const; // pages rendered because they were not kept
    std::size_t maxBytes() const { return m_maxBytes; }

private:
    struct Key {
        std::string path, uid;
        int page = 0, dpi = 0;
        auto operator<=>(const Key&) const = default;
    };
    const std::size_t m_maxBytes;
    mutable std::mutex m_mutex;
    std::list<std::pair<Key, cv::Mat>> m_lru; // most recent first
    std::map<Key, std::list<std::pair<Key, cv::Mat>>::iterator> m_index;
    std::size_t m_bytes = 0;
    long long m_rendered = 0;
};
// Every page's identifying words as findings (frame = page, reason "report"), with `ids` and
// for an Encapsulated PDF the header's own identifiers. Throws veil::Error.
std::vector<Finding> scanReport(const InstanceInfo& info, const IdentifierSet& ids);

// What de-identification does with a PDF file beside the study, in words: it has no DICOM
// header to plan (the GUI's metadata tab says this instead of a plan). `replaceWithNotice`:
// Profile::replaceEncapsulatedDocuments.
std::string reportFileTreatment(const InstanceInfo& info, bool replaceWithNotice);

// The de-identified copy of a PDF file beside the study: rebuilt from its redacted page
// images (no text layer, no metadata, no attachments), the same page count.
// `review`: the reviewer's boxes and kept findings on its pages (ReportReview).
ReportRedaction redactReportFile(const InstanceInfo& info, const IdentifierSet& ids,
                                 const ReportReview& review = {});

} // namespace veil
