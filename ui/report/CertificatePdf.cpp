#include "CertificatePdf.h"

#include "PdfLayout.h"
#include "common/Error.h"

#include <QStringList>

namespace veil {

namespace {

using report::PdfLayout;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// A path may break after each '/' (a zero-width space): long UID folder names wrap.
QString breakable(const std::string& path) {
    return q(path).replace('/', QString("/") + QChar(0x200B));
}

constexpr int kListedDecisions = 60;
constexpr int kListedHits = 40;

QString optionsText(const OptionSet& options) {
    QStringList names;
    for (Option o : options.list())
        names << optionInfo(o).title;
    return names.isEmpty() ? "none" : names.join(", ");
}

void release(PdfLayout& pdf, const Certificate& c) {
    pdf.heading("Release");
    pdf.row("Level", c.level == ReleaseLevel::Publication ? "publication (anonymised)"
                                                          : "limited (pseudonymised)");
    pdf.row("Options", optionsText(c.options));
    pdf.row("Profile", q(c.profileName) +
                           (c.tableEdition.empty() ? "" : "  (PS3.15 " + q(c.tableEdition) + ")"));
    pdf.row("Profile SHA-256", q(c.profileSha256), PdfLayout::Value::Mono);
    pdf.row("Overrides", c.overrides.empty() ? "none" : q([&] {
                std::string s;
                for (const std::string& o : c.overrides)
                    s += (s.empty() ? "" : "; ") + o;
                return s;
            }()));
    pdf.row("Mapping table",
            c.mappingKept ? "kept by the sender, encrypted, outside the export" : "none kept");
    pdf.row("Release id",
            q(c.releaseId) + (c.valuesOfThisReleaseOnly
                                  ? "  (pseudonyms, UIDs and dates of this release only)"
                                  : "  (the project's own values: releases can be linked)"));
    pdf.row("Burned-in text", c.redact == "none"
                                  ? QString("not redacted automatically (--redact none)")
                                  : "redacted automatically (" + q(c.redact) + ")");
}

void content(PdfLayout& pdf, const Certificate& c) {
    pdf.heading("Content");
    pdf.row("Export",
            q(c.destination) + " (" + q(c.container) + (c.dicomdir ? ", with DICOMDIR" : "") + ")");
    pdf.row("Counts", QString("%1 patient(s), %2 stud(ies), %3 series, %4 image(s), %5 frame(s)")
                          .arg(c.patients)
                          .arg(c.studies)
                          .arg(c.series)
                          .arg(c.images)
                          .arg(c.frames));
    pdf.row("Pixels redacted", QString("%1 image(s)").arg(c.redactedImages));
    if (const auto& a = c.accessions) {
        pdf.row("Accession list",
                a->complete()
                    ? QString("complete: all %1 expected accession(s) found, no study off the list")
                          .arg(a->expected)
                    : QString("MISMATCH%1: %2 of %3 expected accession(s) found, %4 missing, %5 "
                              "stud(ies) not on the list")
                          .arg(a->mismatchAccepted ? " accepted by the sender" : "")
                          .arg(a->found)
                          .arg(a->expected)
                          .arg(a->missing)
                          .arg(a->studiesNotOnList));
        pdf.row("List SHA-256", q(a->listSha256), PdfLayout::Value::Mono);
    } else {
        pdf.row("Accession list", "none given: completeness not checked");
    }
    // Series that may show a face (study/FaceRisk) and what face removal did with each.
    if (c.faces.empty())
        pdf.row("Faces", "no series flagged as able to show a face");
    for (const CertificateFace& f : c.faces)
        pdf.row(QString("Face: series %1").arg(f.seriesNumber),
                QString("%1, %2 image(s), may show a face (%3). %4")
                    .arg(q(f.modality))
                    .arg(f.images)
                    .arg(q(f.why), q(f.removal)));
}

void signOffs(PdfLayout& pdf, const Certificate& c) {
    pdf.heading("Sign-offs");
    if (c.signOffs.empty())
        pdf.paragraph("No sign-off: an unreviewed release.");
    for (const SignOff& s : c.signOffs) {
        pdf.row(s.role == SignOffRole::Approver ? "Approver (IG)" : "Reviewer",
                q(s.name) + (s.title.empty() ? "" : ", " + q(s.title)) + " — " + q(s.time) +
                    (s.account.empty() ? QString() : " — account " + q(s.account)) +
                    (s.isSigned() ? " — key " + q(s.fingerprint()) +
                                        (s.signatureValid() ? " (signature valid)"
                                                            : " (SIGNATURE DOES NOT MATCH)")
                                  : QString(" — not signed")));
        QStringList confirmed;
        for (const ChecklistItem& item : checklistFor(s.level))
            confirmed << QString(s.confirmed.count(item.id) ? "[x] " : "[  ] ") + q(item.text);
        pdf.row("Confirmed", confirmed.join("\n"));
        if (!s.comment.empty())
            pdf.row("Comment", q(s.comment));
        pdf.gap(1);
    }
}

void decisions(PdfLayout& pdf, const Certificate& c) {
    pdf.heading("Decisions");
    QStringList counts;
    for (const auto& [kind, n] : c.decisionCounts)
        counts << QString("%1: %2").arg(q(kind)).arg(n);
    pdf.row("By kind", counts.isEmpty() ? "none" : counts.join(", "));
    for (int i = 0; i < int(c.decisions.size()) && i < kListedDecisions; ++i) {
        const DecisionRecord& d = c.decisions[std::size_t(i)];
        pdf.paragraph(q(d.kind) + ": " + q(d.detail) +
                          (d.file.empty() ? "" : "  — " + breakable(d.file)),
                      true);
    }
    if (int(c.decisions.size()) > kListedDecisions)
        pdf.paragraph(QString("… and %1 more (every decision is listed in the certificate JSON)")
                          .arg(int(c.decisions.size()) - kListedDecisions),
                      true);
}

void verification(PdfLayout& pdf, const Certificate& c) {
    const CertificateVerification& v = c.verification;
    pdf.heading("Verification gate");
    pdf.row("Result", v.passed
                          ? (v.pixelsChecked ? "passed: nothing identifying found"
                                             : "passed for the headers: nothing identifying "
                                               "found; the pixels were NOT all checked")
                          : QString("%1 hit(s), %2")
                                .arg(v.hits.size())
                                .arg(v.override ? "overridden by the approver" : "not overridden"));
    pdf.row("Files re-read",
            QString("%1 (every element at every depth, file meta, raw bytes)").arg(v.filesChecked));
    pdf.row("Pixels", v.pixels.empty()
                          ? QString(v.pixelsChecked ? "every frame read by OCR" : "NOT checked")
                          : q(v.pixels));
    if (v.override) {
        pdf.row("Override", q(v.override->approver) + " at " + q(v.override->time));
        pdf.row("Reason", q(v.override->reason));
    }
    for (int i = 0; i < int(v.hits.size()) && i < kListedHits; ++i) {
        const CertificateHit& h = v.hits[std::size_t(i)];
        pdf.paragraph(breakable(h.file) + "  " + q(h.where) + "  (" + q(h.attribute) + ")", true);
    }
}

void files(PdfLayout& pdf, const Certificate& c) {
    pdf.heading(QString("Files (%1), SHA-256").arg(c.files.size()));
    for (const CertificateFile& f : c.files)
        pdf.mono(q(f.sha256) + "  " + breakable(f.path));
}

void audit(PdfLayout& pdf, const Certificate& c) {
    pdf.heading("Audit log");
    pdf.row("Log", q(c.auditLog) + QString(" (%1 lines), beside the export").arg(c.auditLines));
    pdf.row("Chain head", q(c.auditHead), PdfLayout::Value::Mono);
    pdf.paragraph("Check it with: veil-cli audit verify " + q(c.auditLog) +
                      " — any edited, deleted or inserted line breaks the chain, and the head "
                      "above must match its last line.",
                  true);
}

} // namespace

void writeCertificatePdf(const Certificate& c, const QString& path) {
    PdfLayout pdf(path, "Veil export certificate — " + q(c.destination) + " — " + q(c.created));
    if (!pdf.ok())
        throw Error(path.toStdString(), "the certificate PDF cannot be written");
    pdf.title("Export certificate",
              q(c.destination) + " — created " + q(c.created) +
                  (c.veilVersion.empty() ? "" : " by Veil " + q(c.veilVersion)));
    release(pdf, c);
    content(pdf, c);
    signOffs(pdf, c);
    verification(pdf, c);
    decisions(pdf, c);
    audit(pdf, c);
    files(pdf, c);
    pdf.finish();
}

} // namespace veil
