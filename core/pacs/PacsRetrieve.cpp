// Retrieve: C-GET (DcmSCU receives the C-STORE sub-operations on the same association) or
// C-MOVE into Veil's own DcmStorageSCP, running in a thread for the duration of the move.
// Each study is written into a partial folder beside its destination and renamed.
#include "pacs/PacsClient.h"
#include "pacs/PacsScu.h"

#include "export/Staging.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/dstorscp.h>

#include <QUuid>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

namespace veil::pacs {

namespace fs = std::filesystem;
using detail::Scu;
using Kind = PacsError::Kind;

namespace {

std::string hexStatus(Uint16 status) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04X", status);
    return hex;
}

// A file name from a SOP Instance UID: digits and dots only, anything else replaced.
std::string fileNameFor(const std::string& uid) {
    std::string name;
    for (char c : uid)
        name += (std::isdigit(static_cast<unsigned char>(c)) || c == '.') ? c : '_';
    return (name.empty() ? std::string("instance") : name) + ".dcm";
}

// Counts of one retrieve, from the final C-GET/C-MOVE response.
struct SubOps {
    Uint16 status = 0;
    bool gotFinal = false;
    int completed = 0, failed = 0, warnings = 0;
    void take(const RetrieveResponse& r) {
        status = r.m_status;
        if (!DICOM_PENDING_STATUS(r.m_status)) {
            gotFinal = true;
            completed = r.m_numberOfCompletedSubops;
            failed = r.m_numberOfFailedSubops;
            warnings = r.m_numberOfWarningSubops;
        }
    }
};

DcmDataset studyKeys(const std::string& uid) {
    DcmDataset ds;
    ds.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, "STUDY");
    ds.putAndInsertOFStringArray(DCM_StudyInstanceUID, uid.c_str());
    return ds;
}

class GetScu final : public Scu {
public:
    GetScu(const PacsNode& node, const PacsSettings& settings, const fs::path& dir,
           ProgressSink& progress, const CancelToken& cancel, long done, long total)
        : Scu(node, settings), m_dir(dir), m_progress(progress), m_cancel(cancel), m_done(done),
          m_total(total) {
        setStorageDir(dir.string().c_str());
        setStorageMode(DCMSCU_STORAGE_DISK);
    }

    OFString createStorageFilename(DcmDataset* dataset) override {
        OFString uid;
        dataset->findAndGetOFString(DCM_SOPInstanceUID, uid);
        return (m_dir / fileNameFor(uid.c_str())).string().c_str();
    }

    void notifyInstanceStored(const OFString&, const OFString&, const OFString&) const override {
        ++stored;
        m_progress.progress(m_done + stored, m_total,
                            "retrieved " + std::to_string(stored) + " files");
    }

    OFCondition handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incoming,
                                   OFBool& continueSession, Uint16& status) override {
        const OFCondition cond =
            DcmSCU::handleSTORERequest(presID, incoming, continueSession, status);
        cancelIfAsked();
        return cond;
    }

    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID,
                                   RetrieveResponse* response, OFBool& continueSession) override {
        const OFCondition cond = DcmSCU::handleCGETResponse(presID, response, continueSession);
        if (response)
            subOps.take(*response);
        if (continueSession)
            cancelIfAsked();
        return cond;
    }

    T_ASC_PresentationContextID getPc = 0;
    mutable int stored = 0;
    SubOps subOps;

private:
    void cancelIfAsked() {
        if (m_cancel.isCancelled() && !m_cancelSent && getPc) {
            sendCANCELRequest(getPc);
            m_cancelSent = true;
        }
    }
    fs::path m_dir;
    ProgressSink& m_progress;
    const CancelToken& m_cancel;
    long m_done, m_total;
    bool m_cancelSent = false;
};

class MoveScu final : public Scu {
public:
    MoveScu(const PacsNode& node, const PacsSettings& settings, const CancelToken& cancel)
        : Scu(node, settings), m_cancel(cancel) {}

    OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID,
                                   RetrieveResponse* response, OFBool& waitForNext) override {
        const OFCondition cond = DcmSCU::handleMOVEResponse(presID, response, waitForNext);
        if (response)
            subOps.take(*response);
        if (waitForNext && m_cancel.isCancelled() && !m_cancelSent) {
            sendCANCELRequest(presID);
            m_cancelSent = true;
        }
        return cond;
    }

    SubOps subOps;

private:
    const CancelToken& m_cancel;
    bool m_cancelSent = false;
};

// Veil's storage SCP for C-MOVE: accepts every storage SOP class in every syntax it knows,
// writes <SOP Instance UID>.dcm into the study's partial folder, stops when told.
class MoveReceiver final : public DcmStorageSCP {
public:
    MoveReceiver(const PacsSettings& settings, ProgressSink& progress, long done, long total)
        : m_aet(settings.moveDestination()), m_progress(progress), m_done(done), m_total(total) {
        setAETitle(m_aet.c_str());
        setPort(static_cast<Uint16>(settings.movePort));
        setConnectionBlockingMode(DUL_NOBLOCK);
        setConnectionTimeout(1); // how often the stop flag is looked at between associations
        setDIMSEBlockingMode(DIMSE_NONBLOCKING);
        setDIMSETimeout(static_cast<Uint32>(settings.dimseTimeoutSeconds));
        setACSETimeout(static_cast<Uint32>(settings.connectTimeoutSeconds));
        setDirectoryGenerationMode(DGM_NoSubdirectory);
        setFilenameGenerationMode(FGM_SOPInstanceUID);
        setFilenameExtension(".dcm");
        const OFList<OFString> syntaxes = detail::allTransferSyntaxes();
        for (int i = 0; i < numberOfDcmLongSCUStorageSOPClassUIDs; ++i)
            addPresentationContext(dcmLongSCUStorageSOPClassUIDs[i], syntaxes);
    }

    // Where the next study's files go; `done` files of earlier studies count in progress.
    void setFolder(const fs::path& dir, long done) {
        setOutputDirectory(dir.string().c_str());
        m_done = done;
        stored = 0;
    }

    OFBool checkCalledAETitleAccepted(const OFString& calledAE) override {
        return calledAE == m_aet.c_str();
    }
    OFBool stopAfterConnectionTimeout() override { return stop.load(); }
    OFBool stopAfterCurrentAssociation() override { return stop.load(); }
    void notifyInstanceStored(const OFString&, const OFString&, const OFString&,
                              DcmDataset*) const override {
        const int n = ++stored;
        m_progress.progress(m_done + n, m_total, "retrieved " + std::to_string(n) + " files");
    }

    std::atomic<bool> stop{false};
    mutable std::atomic<int> stored{0};

private:
    std::string m_aet;
    ProgressSink& m_progress;
    std::atomic<long> m_done;
    long m_total;
};

int countFiles(const fs::path& dir) {
    int n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        n += e.is_regular_file(ec) && e.path().extension() == ".dcm" ? 1 : 0;
    return n;
}

// What the final response said, checked: a failure status, or fewer files than completed.
void checkOutcome(const std::string& node, const std::string& uid, const std::string& how,
                  const SubOps& ops, int files, const CancelToken& cancel) {
    if (cancel.isCancelled())
        throw PacsError(Kind::Cancelled,
                        "PACS node " + node + ": retrieving study " + uid + " cancelled");
    if (!ops.gotFinal)
        throw PacsError(Kind::Closed, "PACS node " + node + ": " + how + " of study " + uid +
                                          " ended without a final response");
    const bool failedStatus = ops.status != STATUS_Success &&
                              (ops.status & 0xF000) != 0xB000; // 0xBxxx: some sub-operations failed
    if (failedStatus)
        throw PacsError(Kind::Failed, "PACS node " + node + " answered " + how + " of study " +
                                          uid + " with status " + hexStatus(ops.status) + " (" +
                                          (how == "C-GET" ? DU_cgetStatusString(ops.status)
                                                          : DU_cmoveStatusString(ops.status)) +
                                          ")");
    if (files == 0)
        throw PacsError(Kind::Failed, "PACS node " + node + ": " + how + " of study " + uid +
                                          " stored no file (" + std::to_string(ops.failed) +
                                          " sub-operations failed)");
}

} // namespace

std::vector<RetrievedStudy> PacsClient::retrieve(const std::vector<std::string>& studyUids,
                                                 const fs::path& root, RetrieveMethod method,
                                                 Existing existing, ProgressSink& progress,
                                                 const CancelToken& cancel) const {
    detail::initDcmtk();
    const std::string node = m_node.toString();
    std::error_code ec;
    fs::create_directories(root, ec);
    if (!fs::is_directory(root))
        throw PacsError(Kind::Local,
                        root.string() + ": cannot create the folder for retrieved studies");

    // The node's own count of each study's instances, and proof the study exists.
    std::vector<int> counts;
    long total = 0;
    for (const std::string& uid : studyUids) {
        if (uid.empty() || uid.size() > 64 ||
            uid.find_first_not_of("0123456789.") != std::string::npos)
            throw PacsError(Kind::BadInput,
                            "study UID '" + uid + "' is not a UID (digits and dots)");
        PacsQuery q;
        q.studyUid = uid;
        const auto matches = find(q, cancel);
        if (matches.empty())
            throw PacsError(Kind::NoSuchStudy, "PACS node " + node + " has no such study: " + uid);
        counts.push_back(std::max(0, matches.front().relatedInstances));
        total += counts.back();
        if (existing == Existing::Refuse && fs::exists(root / uid, ec))
            throw PacsError(Kind::Local, (root / uid).string() + ": already exists; a retrieve "
                                                                 "never replaces a folder");
    }

    std::unique_ptr<MoveReceiver> receiver;
    std::thread listener;
    auto stopListener = [&] {
        if (receiver)
            receiver->stop = true;
        if (listener.joinable())
            listener.join();
    };
    if (method == RetrieveMethod::Move) {
        receiver = std::make_unique<MoveReceiver>(m_settings, progress, 0, total);
        receiver->setFolder(root, 0);
        const OFCondition cond = receiver->openListenPort();
        if (cond.bad())
            throw PacsError(Kind::Local, "cannot receive C-MOVE on port " +
                                             std::to_string(m_settings.movePort) + " as " +
                                             m_settings.moveDestination() + ": " + cond.text());
        listener = std::thread([&receiver] { receiver->acceptAssociations(); });
    }

    std::vector<RetrievedStudy> out;
    long done = 0;
    try {
        for (std::size_t i = 0; i < studyUids.size(); ++i) {
            const std::string& uid = studyUids[i];
            const fs::path destination = root / uid;
            fs::path old;
            if (fs::exists(destination, ec)) { // Replace: kept until the new one is in place
                old = root / (uid + ".veil-old-" +
                              QUuid::createUuid().toString(QUuid::Id128).toStdString());
                fs::rename(destination, old, ec);
                if (ec)
                    throw PacsError(Kind::Local,
                                    destination.string() + ": cannot be replaced: " + ec.message());
            }
            StagingArea staging(destination);
            RetrievedStudy study;
            study.studyUid = uid;
            study.folder = destination;
            SubOps ops;
            std::string how;
            try {
                if (method == RetrieveMethod::Get) {
                    how = "C-GET";
                    GetScu scu(m_node, m_settings, staging.tree(), progress, cancel, done, total);
                    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel,
                                               detail::uncompressedSyntaxes());
                    const OFList<OFString> syntaxes = detail::allTransferSyntaxes();
                    for (int k = 0; k < numberOfDcmLongSCUStorageSOPClassUIDs; ++k)
                        scu.addPresentationContext(dcmLongSCUStorageSOPClassUIDs[k], syntaxes,
                                                   ASC_SC_ROLE_SCP);
                    scu.connect("C-GET");
                    scu.getPc = scu.findAnyPresentationContextID(
                        UID_GETStudyRootQueryRetrieveInformationModel, "");
                    if (scu.getPc == 0)
                        throw PacsError(Kind::NoService,
                                        "PACS node " + node + " does not offer C-GET");
                    DcmDataset keys = studyKeys(uid);
                    const OFCondition cond = scu.sendCGETRequest(scu.getPc, &keys, nullptr);
                    if (cond.bad() && !cancel.isCancelled())
                        throw scu.failure(cond, "C-GET of study " + uid);
                    scu.close();
                    ops = scu.subOps;
                } else {
                    how = "C-MOVE";
                    receiver->setFolder(staging.tree(), done);
                    MoveScu scu(m_node, m_settings, cancel);
                    scu.addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel,
                                               detail::uncompressedSyntaxes());
                    scu.connect("C-MOVE");
                    const auto pc = scu.findAnyPresentationContextID(
                        UID_MOVEStudyRootQueryRetrieveInformationModel, "");
                    if (pc == 0)
                        throw PacsError(Kind::NoService,
                                        "PACS node " + node + " does not offer C-MOVE");
                    DcmDataset keys = studyKeys(uid);
                    const OFCondition cond = scu.sendMOVERequest(
                        pc, m_settings.moveDestination().c_str(), &keys, nullptr);
                    if (cond.bad() && !cancel.isCancelled())
                        throw scu.failure(cond, "C-MOVE of study " + uid);
                    scu.close();
                    ops = scu.subOps;
                    // The sub-operations' files may still be arriving on our SCP's thread.
                    const auto deadline = std::chrono::steady_clock::now() +
                                          std::chrono::seconds(m_settings.dimseTimeoutSeconds);
                    while (receiver->stored < ops.completed + ops.warnings &&
                           !cancel.isCancelled() && std::chrono::steady_clock::now() < deadline)
                        std::this_thread::sleep_for(std::chrono::milliseconds(20));
                }
                study.files = countFiles(staging.tree());
                study.failed = ops.failed;
                study.warnings = ops.warnings;
                checkOutcome(node, uid, how, ops, study.files, cancel);
                if (how == "C-MOVE" && study.files < ops.completed + ops.warnings)
                    throw PacsError(Kind::Timeout,
                                    "PACS node " + node + " reported " +
                                        std::to_string(ops.completed + ops.warnings) +
                                        " files moved to " + m_settings.moveDestination() +
                                        " but " + std::to_string(study.files) + " arrived");
                staging.commit(staging.tree());
            } catch (...) {
                if (!old.empty())
                    fs::rename(old, destination, ec);
                throw;
            }
            if (!old.empty())
                fs::remove_all(old, ec);
            done += counts[i];
            out.push_back(study);
        }
    } catch (...) {
        stopListener();
        throw;
    }
    stopListener();
    return out;
}

} // namespace veil::pacs
