#pragma once
// The export certificate as a PDF (QPdfWriter + QPainter: Qt Gui, no Widgets), for the GUI's
// export dialog and for printing. Renders everything the JSON holds: release, content,
// sign-offs with their checklists, decisions, the verification result, every file's SHA-256
// and the audit chain head.
#include "export/Certificate.h"

#include <QString>

namespace veil {

// Writes `certificate` to `path` (A4, as many pages as the file list needs). Needs a
// QGuiApplication (fonts). Throws veil::Error when the file cannot be written.
void writeCertificatePdf(const Certificate& certificate, const QString& path);

} // namespace veil
