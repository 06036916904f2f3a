#pragma once
// The record of an export sent to a PACS node. The certificate is written (and may be
// signed and shared) before anything is sent, so a send never edits it: each send writes
// its own receipt beside the export, DEST.sent-<AET>-<UTC time>.json, that names the
// certificate and its SHA-256 (tying the receipt to that export) and lists every file with
// its C-STORE status. The audit log's "pacs-send" event names the receipt.
#include "pacs/PacsTypes.h"

#include <filesystem>
#include <string>

namespace veil::pacs {

// Writes the receipt for `report` (a send of `destination`, the export folder or zip)
// atomically and returns its path. `certificate` may be empty (no certificate to name).
// Throws veil::Error naming the file.
std::filesystem::path writeSendReceipt(const std::filesystem::path& destination,
                                       const std::filesystem::path& certificate,
                                       const SendReport& report, const std::string& person);

} // namespace veil::pacs
