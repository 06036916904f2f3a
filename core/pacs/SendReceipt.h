#pragma once
// The record of an export sent to a PACS node. The certificate is written (and may be
// signed and shared) before anything is sent, so a send never edits it: each send writes
// its own receipt beside the export, DEST.sent-<AET>-<UTC time>.json, that names the
// certificate and its SHA-256 (tying the receipt to that export) and lists every file with
// its C-STORE status. The audit log's "pacs-send" event names the receipt.
#include "pacs/PacsTypes.h"

#include <filesystem>
#include <string>
#include <vector>

namespace veil::pacs {

// Writes the receipt for `report` (a send of `destination`, the export folder or zip)
// atomically and returns its path. `certificate` may be empty (no certificate to name).
// Throws veil::Error naming the file.
std::filesystem::path writeSendReceipt(const std::filesystem::path& destination,
                                       const std::filesystem::path& certificate,
                                       const SendReport& report, const std::string& person);

// After sending an export (`destination`, the folder or zip ExportJob made): writes the
// receipt naming the certificate beside it (export/Certificate's certificatePathFor) and
// appends "pacs-send" to the export's own audit log (`auditLog`; empty: auditPathFor).
// Returns the receipt;
// what could not be written is added to `problems` (one line each), never thrown: the files
// are sent already.
std::filesystem::path recordExportSend(const std::filesystem::path& destination,
                                       const SendReport& report, const std::string& person,
                                       std::vector<std::string>& problems,
                                       const std::filesystem::path& auditLog = {});
// True when `path` is an export with its certificate beside it.
bool isCertifiedExport(const std::filesystem::path& path);

} // namespace veil::pacs
