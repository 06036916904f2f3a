#pragma once
// Carries a DeidPlan out on a DicomFile's dataset (and file meta). The plan decided
// everything; each row becomes an edit (dicom/ElementEdits.h) that core/dicom makes.
#include "deid/DeidPlan.h"
#include "dicom/ElementEdits.h"
#include "document/ReportReview.h"

namespace veil {

class DicomFile;
class IdentifierSet;

// The edits a plan makes, in its order (kept rows make none).
std::vector<ElementEdit> planEdits(const DeidPlan& plan);

// Throws veil::Error naming the file and the element that could not be changed. On failure
// the DicomFile is left part-changed: discard it, never save it.
void applyPlan(DicomFile& file, const DeidPlan& plan);

// DeidJob's step for an Encapsulated PDF: rebuilds the document (document/ReportRedaction,
// the review's kept findings and boxes honoured) or puts the notice in its place, records it
// in the plan's (0042,0011) row, applies the plan and sets the new document. Throws
// veil::Error naming the file.
void applyPlanWithReport(DicomFile& file, DeidPlan& plan, const IdentifierSet& ids,
                         bool replaceWithNotice, const ReportReview& review = {});

// The Metadata tab's preview of an Encapsulated PDF's plan: the (0042,0011) row says what the
// export will do (rebuilt from `pages` page images with the identifiers blacked out, or the
// notice) instead of the table's dummy value; the document itself is not read. No row: nothing.
void previewReportRow(DeidPlan& plan, int pages, bool replaceWithNotice);

} // namespace veil
