#pragma once
// PDF files found among the inputs (reports beside a study): how the indexer makes each one an
// instance and puts it with the study it lies beside. Their pages are their frames
// (core/document/ReportPages renders them, the export rebuilds them).
#include "study/StudyIndex.h"

#include <QByteArray>

#include <string>
#include <vector>

namespace veil {

inline constexpr const char* kReportFileModality = "DOC";

// A PDF file's bytes; Error(shownPath, "cannot be read: why").
QByteArray reportFileBytes(const std::string& localPath, const std::string& shownPath);

// A PDF file found among the inputs, as an instance of no study yet: its pages counted, a
// SOP Instance UID made from its bytes, "report" and "reportFile" set. Throws veil::Error for
// a PDF that cannot be read.
InstanceInfo reportFileInstance(const std::string& localPath, const std::string& shownPath);
// Puts each PDF file beside the study it lies with: the study of the DICOM files in its own
// folder, else in the folders below it; the patient, study and a "Reports" series of their
// own come from that study. A PDF beside no study, or beside more than one, becomes a
// LoadProblem (skipped, saying why) instead. Used by StudyIndexer.
void attachReportFiles(std::vector<InstanceInfo>& instances, std::vector<InstanceInfo> reports,
                       std::vector<LoadProblem>& problems);

} // namespace veil
