// DCMTK side of core/pacs: the configured DcmSCU, condition → PacsError, the rejection
// reason.
#include "pacs/PacsScu.h"

#include "dicom/Codecs.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/assoc.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/oflog/oflog.h>

#include <QtGlobal>

#include <cstdio>
#include <mutex>

namespace veil::pacs::detail {

namespace {

using Kind = PacsError::Kind;

bool contains(const std::string& text, const char* what) {
    return text.find(what) != std::string::npos;
}

// After DUL_ASSOCIATIONREJECTED, DcmSCU keeps the reject parameters to itself. A second
// request with DCMTK's association layer (one Verification context) reads them: the node
// rejects that request for the same reason when the reason is the AE titles.
std::string rejectReason(const PacsNode& node, const PacsSettings& settings, Kind& kind) {
    kind = Kind::Rejected;
    T_ASC_Network* net = nullptr;
    if (ASC_initializeNetwork(NET_REQUESTOR, 0, settings.connectTimeoutSeconds, &net).bad())
        return "no reason could be read";
    T_ASC_Parameters* params = nullptr;
    std::string reason = "no reason could be read";
    if (ASC_createAssociationParameters(&params, ASC_DEFAULTMAXPDU).good()) {
        ASC_setAPTitles(params, settings.callingAet.c_str(), node.aet.c_str(), nullptr);
        const std::string address = node.host + ":" + std::to_string(node.port);
        ASC_setPresentationAddresses(params, OFStandard::getHostName().c_str(), address.c_str());
        const char* syntaxes[] = {UID_LittleEndianImplicitTransferSyntax};
        ASC_addPresentationContext(params, 1, UID_VerificationSOPClass, syntaxes, 1);
        T_ASC_Association* assoc = nullptr;
        const OFCondition cond = ASC_requestAssociation(net, params, &assoc);
        if (cond == DUL_ASSOCIATIONREJECTED) {
            T_ASC_RejectParameters rej;
            ASC_getRejectParameters(params, &rej);
            switch (rej.reason) {
            case ASC_REASON_SU_CALLEDAETITLENOTRECOGNIZED:
                kind = Kind::UnknownCalledAe;
                reason = "the called AE title '" + node.aet + "' is not the node's";
                break;
            case ASC_REASON_SU_CALLINGAETITLENOTRECOGNIZED:
                kind = Kind::UnknownCallingAe;
                reason = "the node does not know our AE title '" + settings.callingAet +
                         "' (ask for it to be registered)";
                break;
            case ASC_REASON_SU_APPCONTEXTNAMENOTSUPPORTED:
                reason = "application context not supported";
                break;
            case ASC_REASON_SP_ACSE_PROTOCOLVERSIONNOTSUPPORTED:
                reason = "protocol version not supported";
                break;
            case ASC_REASON_SP_PRES_TEMPORARYCONGESTION:
                reason = "temporary congestion";
                break;
            case ASC_REASON_SP_PRES_LOCALLIMITEXCEEDED:
                reason = "the node's limit of associations is reached";
                break;
            default:
                reason = "no reason given";
                break;
            }
            reason += rej.result == ASC_RESULT_REJECTEDTRANSIENT ? " (transient)" : " (permanent)";
        } else if (cond.good()) {
            reason = "no reason given (a plain verification request was accepted)";
            ASC_releaseAssociation(assoc);
        }
        if (assoc)
            ASC_destroyAssociation(&assoc); // frees params too
        else
            ASC_destroyAssociationParameters(&params);
    }
    ASC_dropNetwork(&net);
    return reason;
}

} // namespace

void initDcmtk() {
    static std::once_flag once;
    std::call_once(once, [] {
        registerCodecs();
        // Every failure becomes a PacsError with the node's name; dcmnet's own lines on
        // stderr would only repeat it. VEIL_DCMNET_DEBUG=1 shows them all (docs/pacs.md).
        if (qEnvironmentVariableIsSet("VEIL_DCMNET_DEBUG"))
            OFLog::getLogger("dcmtk.dcmnet").setLogLevel(OFLogger::DEBUG_LOG_LEVEL);
        else
            OFLog::getLogger("dcmtk.dcmnet").setLogLevel(OFLogger::FATAL_LOG_LEVEL);
    });
}

Scu::Scu(const PacsNode& node, const PacsSettings& settings) : m_node(node), m_settings(settings) {
    initDcmtk();
    setAETitle(settings.callingAet.c_str());
    setPeerAETitle(node.aet.c_str());
    setPeerHostName(node.host.c_str());
    setPeerPort(static_cast<Uint16>(node.port));
    setConnectionTimeout(settings.connectTimeoutSeconds);
    setACSETimeout(static_cast<Uint32>(settings.connectTimeoutSeconds));
    setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    setDIMSETimeout(static_cast<Uint32>(settings.dimseTimeoutSeconds));
}

Scu::~Scu() {
    close();
}

void Scu::connect(const std::string& doing) {
    OFCondition cond = initNetwork();
    if (cond.bad())
        throw PacsError(Kind::Local, "PACS node " + nodeName() +
                                         ": cannot set up the network for " + doing + ": " +
                                         cond.text());
    cond = negotiateAssociation();
    if (cond.good())
        return;
    const std::string text = cond.text();
    if (cond == DUL_ASSOCIATIONREJECTED) {
        Kind kind = Kind::Rejected;
        const std::string reason = rejectReason(m_node, m_settings, kind);
        throw PacsError(kind, "PACS node " + nodeName() + " rejected the association for " + doing +
                                  ": " + reason);
    }
    if (cond == NET_EC_NoAcceptablePresentationContexts)
        throw PacsError(Kind::NoService, "PACS node " + nodeName() +
                                             " accepted the association "
                                             "but none of the services needed for " +
                                             doing);
    throw failure(cond, "connecting for " + doing);
}

void Scu::close() {
    if (!isConnected())
        return;
    releaseAssociation();
}

PacsError Scu::failure(const OFCondition& cond, const std::string& doing) const {
    const std::string text = cond.text();
    const std::string who = "PACS node " + nodeName() + ": ";
    if (cond.code() == DULC_UNKNOWNHOST)
        return PacsError(Kind::ConnectionRefused,
                         who + "unknown host '" + m_node.host + "' (" + doing + ")");
    if (contains(text, "timed out") || contains(text, "Timeout") || contains(text, "timeout") ||
        cond == DUL_READTIMEOUT || cond == DIMSE_NODATAAVAILABLE) {
        const int seconds = contains(doing, "connecting") ? m_settings.connectTimeoutSeconds
                                                          : m_settings.dimseTimeoutSeconds;
        return PacsError(Kind::Timeout,
                         who + "no answer within " + std::to_string(seconds) + " s while " + doing);
    }
    if (cond.code() == DULC_TCPINITERROR) {
        if (contains(text, "refused"))
            return PacsError(Kind::ConnectionRefused, who + "connection refused while " + doing +
                                                          " (nothing listens on port " +
                                                          std::to_string(m_node.port) + " of " +
                                                          m_node.host + ")");
        return PacsError(Kind::ConnectionRefused,
                         who + "cannot connect while " + doing + ": " + text);
    }
    if (cond == DUL_PEERABORTEDASSOCIATION || cond == DUL_PEERREQUESTEDRELEASE ||
        cond == DUL_NETWORKCLOSED || cond.code() == DULC_TCPIOERROR || cond == DIMSE_READPDVFAILED)
        return PacsError(Kind::Closed, who + "the node closed the association while " + doing +
                                           " (" + text +
                                           "); a node that does not know our AE "
                                           "title '" +
                                           m_settings.callingAet + "' often does this");
    return PacsError(Kind::Failed, who + doing + " failed: " + text);
}

OFList<OFString> allTransferSyntaxes() {
    OFList<OFString> list;
    for (const char* uid :
         {UID_JPEGProcess14SV1TransferSyntax, UID_JPEGProcess14TransferSyntax,
          UID_JPEGLSLosslessTransferSyntax, UID_JPEG2000LosslessOnlyTransferSyntax,
          UID_RLELosslessTransferSyntax, UID_JPEGProcess1TransferSyntax,
          UID_JPEGProcess2_4TransferSyntax, UID_JPEGLSLossyTransferSyntax,
          UID_JPEG2000TransferSyntax, UID_DeflatedExplicitVRLittleEndianTransferSyntax,
          UID_LittleEndianExplicitTransferSyntax, UID_BigEndianExplicitTransferSyntax,
          UID_LittleEndianImplicitTransferSyntax})
        list.push_back(uid);
    return list;
}

OFList<OFString> uncompressedSyntaxes() {
    OFList<OFString> list;
    list.push_back(UID_LittleEndianExplicitTransferSyntax);
    list.push_back(UID_LittleEndianImplicitTransferSyntax);
    return list;
}

std::string statusText(Uint16 status) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%04X", status);
    return std::string(hex) + " (" + DU_cstoreStatusString(status) + ")";
}

} // namespace veil::pacs::detail
