// C-STORE: every DICOM file found in the inputs, each in its own transfer syntax when the
// node accepts it, otherwise decompressed to explicit (or implicit) little endian.
#include "pacs/PacsClient.h"
#include "pacs/PacsScu.h"

#include "dicom/DicomFile.h"
#include "dicom/InstanceInfo.h"
#include "study/InputExpander.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <map>
#include <set>

namespace veil::pacs {

using detail::Scu;
using Kind = PacsError::Kind;

namespace {

constexpr const char* kDicomDirClass = "1.2.840.10008.1.3.10";
constexpr int kMaxContexts = 120; // DICOM allows 128 per association

struct Item {
    std::size_t result; // index in the report
    std::string local, sopClass, transferSyntax;
};

bool isUncompressedDefault(const std::string& ts) {
    return ts == UID_LittleEndianExplicitTransferSyntax ||
           ts == UID_LittleEndianImplicitTransferSyntax;
}

// Association batches: SOP classes grouped so no batch proposes more than kMaxContexts.
std::vector<std::vector<Item>> batches(const std::vector<Item>& items) {
    std::map<std::string, std::vector<Item>> byClass;
    for (const Item& it : items)
        byClass[it.sopClass].push_back(it);
    std::vector<std::vector<Item>> out(1);
    int contexts = 0;
    for (auto& [sopClass, list] : byClass) {
        std::set<std::string> syntaxes;
        for (const Item& it : list)
            if (!isUncompressedDefault(it.transferSyntax))
                syntaxes.insert(it.transferSyntax);
        const int need = 1 + static_cast<int>(syntaxes.size());
        if (contexts + need > kMaxContexts && !out.back().empty()) {
            out.emplace_back();
            contexts = 0;
        }
        contexts += need;
        out.back().insert(out.back().end(), list.begin(), list.end());
    }
    return out;
}

bool storeOk(Uint16 status) {
    return status == STATUS_Success || (status & 0xF000) == 0xB000; // 0xBxxx: stored, warning
}

} // namespace

SendReport PacsClient::send(const std::vector<std::string>& inputs, ProgressSink& progress,
                            const CancelToken& cancel) const {
    detail::initDcmtk();
    SendReport report;
    report.node = m_node.toString();
    const Expansion expansion = expandInputs(inputs, cancel);
    report.cancelled = cancel.isCancelled();
    for (const LoadProblem& p : expansion.problems) {
        if (p.kind == LoadProblem::Kind::Error)
            report.files.push_back({p.path, "", false, -1, 0, "", p.message});
    }
    std::vector<Item> items;
    for (const Candidate& c : expansion.candidates) {
        std::string reason;
        const Sniff sniff = sniffDicom(c.localPath, &reason);
        if (sniff == Sniff::NotDicom || sniff == Sniff::Empty) {
            if (c.expectDicom)
                report.files.push_back(
                    {c.path, "", false, -1, 0, "", "not a DICOM file: " + reason});
            continue;
        }
        try {
            const InstanceInfo info =
                DicomFile::open(c.localPath, DicomFile::Load::HeaderOnly).info();
            if (info.sopClassUid == kDicomDirClass)
                continue; // the DICOMDIR is followed, not sent
            if (info.sopClassUid.empty() || info.sopInstanceUid.empty()) {
                report.files.push_back({c.path, info.sopInstanceUid, false, -1, 0, "",
                                        "has no SOP Class or SOP Instance UID: not sent"});
                continue;
            }
            report.files.push_back({c.path, info.sopInstanceUid, false, -1, 0, "", ""});
            std::string ts = info.transferSyntaxUid.empty() ? UID_LittleEndianImplicitTransferSyntax
                                                            : info.transferSyntaxUid;
            items.push_back({report.files.size() - 1, c.localPath, info.sopClassUid, ts});
        } catch (const std::exception& e) {
            report.files.push_back({c.path, "", false, -1, 0, "", e.what()});
        }
    }
    if (items.empty())
        return report;

    const long total = static_cast<long>(items.size());
    long done = 0;
    bool anyAssociation = false;
    for (const std::vector<Item>& batch : batches(items)) {
        Scu scu(m_node, m_settings);
        scu.setDatasetConversionMode(OFTrue);
        std::set<std::pair<std::string, std::string>> proposed;
        for (const Item& it : batch) {
            if (!isUncompressedDefault(it.transferSyntax) &&
                proposed.insert({it.sopClass, it.transferSyntax}).second) {
                OFList<OFString> one;
                one.push_back(it.transferSyntax.c_str());
                scu.addPresentationContext(it.sopClass.c_str(), one);
            }
            if (proposed.insert({it.sopClass, ""}).second)
                scu.addPresentationContext(it.sopClass.c_str(), detail::uncompressedSyntaxes());
        }
        auto connect = [&] {
            scu.connect("C-STORE");
            anyAssociation = true;
        };
        for (const Item& it : batch) {
            SendFileResult& r = report.files[it.result];
            if (cancel.isCancelled()) {
                report.cancelled = true;
                r.message = "not sent: cancelled";
                continue;
            }
            for (int attempt = 0; attempt <= m_settings.retries; ++attempt) {
                r.attempts = attempt + 1;
                if (!scu.isConnected()) {
                    try {
                        connect();
                    } catch (const PacsError& e) {
                        if (!anyAssociation && done == 0 && e.kind() != Kind::Timeout &&
                            e.kind() != Kind::Closed)
                            throw; // nothing can be sent: say why once
                        r.message = e.what();
                        continue;
                    }
                }
                T_ASC_PresentationContextID pc =
                    scu.findPresentationContextID(it.sopClass.c_str(), it.transferSyntax.c_str());
                std::string wire = it.transferSyntax;
                for (const char* fallback : {UID_LittleEndianExplicitTransferSyntax,
                                             UID_LittleEndianImplicitTransferSyntax}) {
                    if (pc == 0) {
                        pc = scu.findPresentationContextID(it.sopClass.c_str(), fallback);
                        wire = fallback;
                    }
                }
                if (pc == 0) {
                    r.message = "the node accepts no transfer syntax for " +
                                sopClassName(it.sopClass) + " (" + it.sopClass + "): not sent";
                    break;
                }
                DcmFileFormat file;
                if (file.loadFile(it.local.c_str()).bad()) {
                    r.message = "cannot be read to send";
                    break;
                }
                DcmDataset* ds = file.getDataset();
                if (wire != it.transferSyntax) {
                    const E_TransferSyntax target = DcmXfer(wire.c_str()).getXfer();
                    ds->chooseRepresentation(target, nullptr);
                    if (!ds->canWriteXfer(target)) {
                        r.message = "the node does not accept " +
                                    transferSyntaxName(it.transferSyntax) +
                                    " and Veil cannot decompress it: not sent";
                        break;
                    }
                }
                Uint16 status = 0;
                const OFCondition cond = scu.sendSTORERequest(pc, "", ds, status);
                if (cond.bad()) {
                    r.message = scu.failure(cond, "sending " + r.path).what();
                    scu.abortAssociation();
                    continue; // retried on a new association
                }
                r.status = status;
                r.ok = storeOk(status);
                r.transferSyntaxUid = wire;
                r.message = r.ok ? (status == STATUS_Success
                                        ? "stored"
                                        : "stored with warning " + detail::statusText(status))
                                 : "refused by the node: " + detail::statusText(status);
                if (r.ok && wire != it.transferSyntax)
                    r.message +=
                        " (decompressed from " + transferSyntaxName(it.transferSyntax) + ")";
                break;
            }
            progress.progress(++done, total, r.path);
        }
        scu.close();
    }
    return report;
}

} // namespace veil::pacs
