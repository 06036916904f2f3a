#pragma once
// Reports the reviewer looks at like any image (InstanceInfo::report): an Encapsulated PDF
// instance's document, or a PDF file beside the study. Its pages are its frames, rendered at
// kReportDpi; the identifying words on them are found by the rule the export blacks out
// (ReportRedaction's findReportIdentifiers, over the text layer or OCR): the viewer, the scan
// and the export see the same boxes.
#include "dicom/DicomFile.h"
#include "document/ReportRedaction.h"
#include "ocr/Finding.h"
#include "study/StudyIndex.h"

#include <QByteArray>

#include <filesystem>
#include <string>
#include <vector>

namespace veil {

inline constexpr const char* kReportFileModality = "DOC";

// The report's PDF: the Encapsulated Document of an instance, or the file's own bytes.
// Throws veil::Error naming the file.
QByteArray reportDocument(const InstanceInfo& info);
// Page `page` (0-based) as a frame: 8-bit RGB at kReportDpi. Throws veil::Error.
Frame reportPage(const InstanceInfo& info, int page);
// Every page's identifying words as findings (frame = page, reason "report"), with `ids` and
// for an Encapsulated PDF the header's own identifiers. Throws veil::Error.
std::vector<Finding> scanReport(const InstanceInfo& info, const IdentifierSet& ids);

// A PDF file found among the inputs, as an instance of no study yet: its pages counted, a
// SOP Instance UID made from its path, "report" and "reportFile" set. Throws veil::Error for
// a PDF that cannot be read.
InstanceInfo reportFileInstance(const std::string& localPath, const std::string& shownPath);
// Puts each PDF file beside the study it lies with: the study of the DICOM files in its own
// folder, else in the folders below it; the patient, study and a "Reports" series of their
// own come from that study. A PDF beside no study, or beside more than one, becomes a
// LoadProblem (skipped, saying why) instead. Used by StudyIndexer.
void attachReportFiles(std::vector<InstanceInfo>& instances, std::vector<InstanceInfo> reports,
                       std::vector<LoadProblem>& problems);

// The de-identified copy of a PDF file beside the study: rebuilt from its redacted page
// images (no text layer, no metadata, no attachments), the same page count.
// `review`: the reviewer's boxes and kept findings on its pages (ReportReview).
ReportRedaction redactReportFile(const InstanceInfo& info, const IdentifierSet& ids,
                                 const ReportReview& review = {});

} // namespace veil
