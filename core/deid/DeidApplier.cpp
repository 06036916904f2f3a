#include "deid/DeidApplier.h"

#include "dicom/DicomFile.h"
#include "document/ReportRedaction.h"

#include <algorithm>

namespace veil {

namespace {

constexpr Tag kDocument{0x0042, 0x0011};
constexpr Tag kDocumentLength{0x0042, 0x0015};

ElementEdit::Kind editKind(Action action) {
    switch (action) {
    case Action::Remove:
        return ElementEdit::Kind::Remove;
    case Action::Empty:
        return ElementEdit::Kind::Empty;
    case Action::Blank:
        return ElementEdit::Kind::Blank;
    case Action::Insert:
        return ElementEdit::Kind::Insert;
    default: // Dummy, Clean, RemapUid, ShiftDate, Pseudonym, Replace: the row's new value
        return ElementEdit::Kind::Set;
    }
}

} // namespace

std::vector<ElementEdit> planEdits(const DeidPlan& plan) {
    std::vector<ElementEdit> edits;
    edits.reserve(plan.changes.size());
    for (const ElementChange& c : plan.changes) {
        if (!changesValue(c.action))
            continue;
        ElementEdit e;
        e.path = c.path;
        e.kind = editKind(c.action);
        e.sequence = c.isSequence();
        e.value = c.after;
        e.keyword = c.keyword;
        edits.push_back(std::move(e));
    }
    return edits;
}

void applyPlan(DicomFile& file, const DeidPlan& plan) {
    applyEdits(file, planEdits(plan), "de-identification");
}

namespace {

const char* kNoticeSummary = "<a one-page notice PDF>";
const char* kNoticeRule = "Veil: header-only release (replace-encapsulated-documents): the "
                          "report is replaced by a notice";

std::string rebuiltRule(int pagesWithTextLayer, int pagesRead) {
    return "Veil: report de-identified: pages rendered at " + std::to_string(kReportDpi) +
           " dpi, identifiers found in the text layer (" + std::to_string(pagesWithTextLayer) +
           " page(s)) and by OCR (" + std::to_string(pagesRead) +
           " page(s)) with the free-text rules, blacked out; no text layer, metadata or "
           "attachment kept";
}

} // namespace

void previewReportRow(DeidPlan& plan, int pages, bool replaceWithNotice) {
    for (ElementChange& c : plan.changes) {
        if (c.path.steps.size() != 1 || c.path.leaf() != kDocument)
            continue;
        c.action = Action::Replace;
        c.after = replaceWithNotice ? kNoticeSummary
                                    : "<PDF rebuilt from " + std::to_string(pages) +
                                          " page image(s), the identifying words blacked out>";
        c.rule = replaceWithNotice
                     ? kNoticeRule
                     : "Veil: report de-identified on export: every page rendered at " +
                           std::to_string(kReportDpi) +
                           " dpi, its words read from the text layer or by OCR, identifiers "
                           "found with the free-text rules and blacked out (the review's "
                           "kept findings and drawn boxes honoured); no text layer, metadata "
                           "or attachment kept";
    }
}

void applyPlanWithReport(DicomFile& file, DeidPlan& plan, const IdentifierSet& ids,
                         bool replaceWithNotice, const ReportReview& review) {
    auto row = std::find_if(plan.changes.begin(), plan.changes.end(), [](const ElementChange& c) {
        return c.path.steps.size() == 1 && c.path.leaf() == kDocument;
    });
    if (row == plan.changes.end()) {
        applyPlan(file, plan);
        return;
    }
    const std::string source = plan.source;
    QByteArray document;
    std::string summary, rule;
    if (replaceWithNotice) {
        document = reportNotice();
        summary = kNoticeSummary;
        rule = kNoticeRule;
    } else {
        const std::string bytes = file.bytes(kDocument);
        const ReportRedaction r =
            redactReport(QByteArray::fromStdString(bytes), ids, source, review);
        document = r.pdf;
        summary = "<PDF rebuilt from " + std::to_string(r.pages) + " page image(s), " +
                  std::to_string(r.findings.size()) + " identifying word(s) blacked out";
        if (!r.kept.empty())
            summary += ", " + std::to_string(r.kept.size()) + " kept by the reviewer";
        if (r.reviewBoxes > 0)
            summary += ", " + std::to_string(r.reviewBoxes) + " box(es) of the review";
        summary += ">";
        rule = rebuiltRule(r.pagesWithTextLayer, r.pagesRead);
    }
    const std::uint32_t length = std::uint32_t(document.size()); // before the padding
    if (document.size() % 2)
        document.append('\0'); // OB values have even length
    const ElementChange planned = *row;
    row->action = Action::Keep; // the applier leaves the document; it is set below
    applyPlan(file, plan);
    row = std::find_if(plan.changes.begin(), plan.changes.end(), [](const ElementChange& c) {
        return c.path.steps.size() == 1 && c.path.leaf() == kDocument;
    });
    *row = planned;
    row->action = Action::Replace;
    row->after = summary;
    row->rule = rule;
    file.setBytes(kDocument, document.toStdString());
    if (file.has(kDocumentLength))
        file.setUnsigned(kDocumentLength, length);
}

} // namespace veil
