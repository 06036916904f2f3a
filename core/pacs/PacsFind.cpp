// C-ECHO and C-FIND.
#include "pacs/PacsClient.h"
#include "pacs/PacsScu.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>

#include <cstdio>
#include <memory>

namespace veil::pacs {

using detail::Scu;
using Kind = PacsError::Kind;

namespace {

class FindScu final : public Scu {
public:
    FindScu(const PacsNode& node, const PacsSettings& settings, QueryLevel level,
            const CancelToken& cancel, std::vector<PacsMatch>& out)
        : Scu(node, settings), m_level(level), m_cancel(cancel), m_out(out) {}

    OFCondition handleFINDResponse(const T_ASC_PresentationContextID presID, QRResponse* response,
                                   OFBool& waitForNextResponse) override {
        const OFCondition cond = DcmSCU::handleFINDResponse(presID, response, waitForNextResponse);
        if (!response)
            return cond;
        status = response->m_status;
        if (DICOM_PENDING_STATUS(response->m_status) && response->m_dataset)
            m_out.push_back(matchFrom(*response->m_dataset));
        if (waitForNextResponse && m_cancel.isCancelled() && !m_cancelSent) {
            sendCANCELRequest(presID);
            m_cancelSent = true;
        }
        return cond;
    }

    Uint16 status = 0;

private:
    PacsMatch matchFrom(DcmDataset& ds) const {
        ds.convertToUTF8(); // names in whatever character set the node used; best effort
        auto text = [&ds](const DcmTagKey& key) {
            OFString value;
            ds.findAndGetOFStringArray(key, value);
            std::string s = value.c_str();
            while (!s.empty() && s.back() == ' ')
                s.pop_back();
            return s;
        };
        auto number = [&text](const DcmTagKey& key) {
            const std::string s = text(key);
            try {
                return s.empty() ? -1 : std::stoi(s);
            } catch (const std::exception&) {
                return -1;
            }
        };
        PacsMatch m;
        m.level = m_level;
        m.patientId = text(DCM_PatientID);
        m.patientName = text(DCM_PatientName);
        m.patientBirthDate = text(DCM_PatientBirthDate);
        m.patientSex = text(DCM_PatientSex);
        if (m_level == QueryLevel::Patient) {
            m.relatedStudies = number(DCM_NumberOfPatientRelatedStudies);
            m.relatedSeries = number(DCM_NumberOfPatientRelatedSeries);
            m.relatedInstances = number(DCM_NumberOfPatientRelatedInstances);
            return m;
        }
        m.studyUid = text(DCM_StudyInstanceUID);
        m.studyDate = text(DCM_StudyDate);
        m.studyTime = text(DCM_StudyTime);
        m.studyDescription = text(DCM_StudyDescription);
        m.accession = text(DCM_AccessionNumber);
        m.modalitiesInStudy = text(DCM_ModalitiesInStudy);
        if (m_level == QueryLevel::Study) {
            m.relatedSeries = number(DCM_NumberOfStudyRelatedSeries);
            m.relatedInstances = number(DCM_NumberOfStudyRelatedInstances);
            return m;
        }
        m.seriesUid = text(DCM_SeriesInstanceUID);
        m.seriesNumber = text(DCM_SeriesNumber);
        m.seriesDescription = text(DCM_SeriesDescription);
        m.modality = text(DCM_Modality);
        m.relatedInstances = number(DCM_NumberOfSeriesRelatedInstances);
        return m;
    }

    QueryLevel m_level;
    const CancelToken& m_cancel;
    std::vector<PacsMatch>& m_out;
    bool m_cancelSent = false;
};

// The query keys: the values asked for, and empty return keys for the rest.
DcmDataset keysFor(const PacsQuery& q, QueryLevel level) {
    DcmDataset ds;
    ds.putAndInsertOFStringArray(DCM_SpecificCharacterSet, "ISO_IR 192");
    ds.putAndInsertOFStringArray(DCM_QueryRetrieveLevel, level == QueryLevel::Patient ? "PATIENT"
                                                         : level == QueryLevel::Study ? "STUDY"
                                                                                      : "SERIES");
    auto put = [&ds](const DcmTagKey& key, const std::string& value) {
        ds.putAndInsertOFStringArray(key, value.c_str());
    };
    if (level == QueryLevel::Series) {
        put(DCM_StudyInstanceUID, q.studyUid);
        put(DCM_SeriesInstanceUID, "");
        put(DCM_SeriesNumber, "");
        put(DCM_SeriesDescription, "");
        put(DCM_Modality, q.modality);
        put(DCM_NumberOfSeriesRelatedInstances, "");
        return ds;
    }
    put(DCM_PatientName, q.patientName);
    put(DCM_PatientID, q.patientId);
    put(DCM_PatientBirthDate, "");
    put(DCM_PatientSex, "");
    if (level == QueryLevel::Patient) {
        put(DCM_NumberOfPatientRelatedStudies, "");
        put(DCM_NumberOfPatientRelatedSeries, "");
        put(DCM_NumberOfPatientRelatedInstances, "");
        return ds;
    }
    put(DCM_StudyInstanceUID, q.studyUid);
    put(DCM_StudyDate, q.studyDate);
    put(DCM_StudyTime, "");
    put(DCM_AccessionNumber, q.accession);
    put(DCM_StudyDescription, "");
    put(DCM_ModalitiesInStudy, q.modality);
    put(DCM_NumberOfStudyRelatedSeries, "");
    put(DCM_NumberOfStudyRelatedInstances, "");
    return ds;
}

std::vector<PacsMatch> findAt(const PacsNode& node, const PacsSettings& settings,
                              const PacsQuery& query, QueryLevel level, const CancelToken& cancel) {
    std::vector<PacsMatch> out;
    const char* model = level == QueryLevel::Patient
                            ? UID_FINDPatientRootQueryRetrieveInformationModel
                            : UID_FINDStudyRootQueryRetrieveInformationModel;
    FindScu scu(node, settings, level, cancel, out);
    scu.addPresentationContext(model, detail::uncompressedSyntaxes());
    const std::string doing = "C-FIND at " + levelName(level) + " level";
    scu.connect(doing);
    const T_ASC_PresentationContextID pc = scu.findAnyPresentationContextID(model, "");
    if (pc == 0)
        throw PacsError(Kind::NoService,
                        "PACS node " + node.toString() + " does not offer " + doing);
    DcmDataset keys = keysFor(query, level);
    const OFCondition cond = scu.sendFINDRequest(pc, &keys, nullptr);
    if (cond.bad())
        throw scu.failure(cond, doing);
    scu.close();
    if (cancel.isCancelled())
        throw PacsError(Kind::Cancelled,
                        "PACS node " + node.toString() + ": " + doing + " cancelled");
    if (scu.status != STATUS_Success && !DICOM_PENDING_STATUS(scu.status)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%04X", scu.status);
        throw PacsError(Kind::Failed, "PACS node " + node.toString() + " answered " + doing +
                                          " with status " + hex + " (" +
                                          DU_cfindStatusString(scu.status) + ")");
    }
    return out;
}

} // namespace

PacsClient::PacsClient(PacsNode node, PacsSettings settings)
    : m_node(std::move(node)), m_settings(std::move(settings)) {
    checkAeTitle(m_settings.callingAet, "our calling AE title");
    checkAeTitle(m_settings.moveDestination(), "our C-MOVE AE title");
}

void PacsClient::echo() const {
    Scu scu(m_node, m_settings);
    OFList<OFString> ts = detail::uncompressedSyntaxes();
    scu.addPresentationContext(UID_VerificationSOPClass, ts);
    scu.connect("C-ECHO");
    const OFCondition cond = scu.sendECHORequest(0);
    if (cond.bad())
        throw scu.failure(cond, "C-ECHO");
    scu.close();
}

std::vector<PacsMatch> PacsClient::find(const PacsQuery& query, const CancelToken& cancel) const {
    checkQuery(query);
    if (query.level != QueryLevel::Series)
        return findAt(m_node, m_settings, query, query.level, cancel);
    // Series: the studies first (the study keys), then each study's series (modality).
    PacsQuery studies = query;
    studies.level = QueryLevel::Study;
    std::vector<PacsMatch> out;
    for (const PacsMatch& study : findAt(m_node, m_settings, studies, QueryLevel::Study, cancel)) {
        PacsQuery series;
        series.level = QueryLevel::Series;
        series.studyUid = study.studyUid;
        series.modality = query.modality;
        for (PacsMatch s : findAt(m_node, m_settings, series, QueryLevel::Series, cancel)) {
            s.patientId = study.patientId;
            s.patientName = study.patientName;
            s.patientBirthDate = study.patientBirthDate;
            s.patientSex = study.patientSex;
            s.studyUid = study.studyUid;
            s.studyDate = study.studyDate;
            s.studyTime = study.studyTime;
            s.studyDescription = study.studyDescription;
            s.accession = study.accession;
            s.modalitiesInStudy = study.modalitiesInStudy;
            out.push_back(std::move(s));
        }
    }
    return out;
}

} // namespace veil::pacs
