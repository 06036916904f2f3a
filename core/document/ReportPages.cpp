#include "document/ReportPages.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QFile>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace veil {

namespace {

constexpr Tag kDocument{0x0042, 0x0011};

} // namespace

QByteArray reportDocument(const InstanceInfo& info) {
    if (info.reportFile)
        return reportFileBytes(info.localPath, info.path);
    const DicomFile file = DicomFile::open(info.localPath);
    if (!file.has(kDocument))
        throw Error(info.path, "has no Encapsulated Document");
    return QByteArray::fromStdString(file.bytes(kDocument));
}

Frame reportPage(const InstanceInfo& info, int page, int dpi) {
    const RenderedPage p = renderPdfPage(reportDocument(info), page, dpi, info.path);
    const QImage rgb = p.image.convertToFormat(QImage::Format_RGB888);
    Frame f;
    f.pixels = cv::Mat(rgb.height(), rgb.width(), CV_8UC3, const_cast<uchar*>(rgb.constBits()),
                       std::size_t(rgb.bytesPerLine()))
                   .clone();
    f.photometric = "RGB";
    return f;
}

ReportPageCache::ReportPageCache(std::size_t maxBytes) : m_maxBytes(maxBytes) {}

Frame ReportPageCache::page(const InstanceInfo& info, int page, int dpi) {
    const Key key{info.localPath, info.sopInstanceUid, page, dpi};
    Frame f;
    f.photometric = "RGB";
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_index.find(key); it != m_index.end()) {
            m_lru.splice(m_lru.begin(), m_lru, it->second); // now the most recent
            f.pixels = it->second->second.clone();
            return f;
        }
    }
    // Rendered without the lock: another page may be rendered meanwhile.
    f = reportPage(info, page, dpi);
    const std::size_t size = f.pixels.total() * f.pixels.elemSize();
    std::lock_guard lock(m_mutex);
    ++m_rendered;
    if (size > m_maxBytes || m_index.count(key))
        return f;
    m_lru.emplace_front(key, f.pixels.clone());
    m_index[key] = m_lru.begin();
    m_bytes += size;
    while (m_bytes > m_maxBytes) {
        const cv::Mat& last = m_lru.back().second;
        m_bytes -= last.total() * last.elemSize();
        m_index.erase(m_lru.back().first);
        m_lru.pop_back();
    }
    return f;
}

std::size_t ReportPageCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::size_t ReportPageCache::pages() const {
    std::lock_guard lock(m_mutex);
    return m_lru.size();
}

long long ReportPageCache::rendered() const {
    std::lock_guard lock(m_mutex);
    return m_rendered;
}

std::vector<Finding> scanReport(const InstanceInfo& info, const IdentifierSet& studyIds) {
    IdentifierSet ids = studyIds;
    QByteArray pdf;
    if (info.reportFile) {
        pdf = reportFileBytes(info.localPath, info.path);
    } else {
        const DicomFile file = DicomFile::open(info.localPath);
        ids.merge(IdentifierSet::fromFile(file));
        pdf = QByteArray::fromStdString(file.bytes(kDocument));
    }
    std::vector<Finding> out;
    const std::vector<RenderedPage> pages = renderPdf(pdf, kReportDpi, info.path);
    for (int p = 0; p < int(pages.size()); ++p) {
        bool ocr = false;
        const std::vector<PageWord> words = pageWords(pages[std::size_t(p)], &ocr);
        for (const ReportFinding& r : findReportIdentifiers(words, ids, p, ocr)) {
            Finding f;
            f.frame = p;
            f.box = {r.box.x(), r.box.y(), r.box.width(), r.box.height()};
            f.text = r.text;
            f.confidence = 1;
            f.phi = true;
            f.matched = r.attribute;
            f.reason = ocr ? "report (OCR)" : "report (text layer)";
            out.push_back(std::move(f));
        }
    }
    return out;
}

std::string reportFileTreatment(const InstanceInfo& info, bool replaceWithNotice) {
    const std::string what =
        "A PDF report beside the study (" + std::to_string(info.frames) +
        " page(s)), not a DICOM file: it has no header, so there is no element to plan. ";
    const std::string where = " It is written beside the study's de-identified images, as "
                              "REPORT-<new UID>.pdf in the pseudonymous patient's study folder.";
    if (replaceWithNotice)
        return what +
               "On export it is replaced by a one-page notice (header-only release, "
               "replace-encapsulated-documents): nothing of the report is kept." +
               where;
    return what +
           "On export it is rebuilt from its page images: the identifying words found on its "
           "pages are blacked out (less the findings kept in the review, plus the boxes drawn "
           "on its pages); no text layer, no metadata (document information, XMP), no "
           "attachments or fonts are kept; the same page count." +
           where;
}

ReportRedaction redactReportFile(const InstanceInfo& info, const IdentifierSet& ids,
                                 const ReportReview& review) {
    return redactReport(reportFileBytes(info.localPath, info.path), ids, info.path, review);
}

} // namespace veil
