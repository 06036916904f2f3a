#pragma once
// One run of an ExportJob, step by step (internal to core/export).
#include "audit/AuditRecorder.h"
#include "export/ExportJob.h"
#include "export/Staging.h"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace veil {

class ExportRun {
public:
    ExportRun(const ExportRequest& request, const ProjectKey& key, StudyIndex scoped,
              ProgressSink& progress, const CancelToken& cancel);
    ExportResult run();

    // The result for a request that failed its preflight (recorded in the audit when possible).
    static ExportResult refused(const ExportRequest& request, const Problems& problems);

private:
    struct Stop { // ends a run early
        ExportStatus status;
        std::string message;
    };

    void begin();
    void deidentify();
    void layout();
    void gate();
    void hashFiles();
    std::filesystem::path package();
    void saveMapping();
    void finish(const std::filesystem::path& item);
    Certificate buildCertificate() const;
    void addBoxesFileDecisions(Certificate& c) const;
    ExportResult stopped(const Stop& stop);
    void remap(const std::map<std::string, std::string>& renames);

    const ExportRequest& m_request;
    ProjectKey m_key;
    StudyIndex m_index;
    ProgressSink& m_progress;
    const CancelToken& m_cancel;
    std::filesystem::path m_destination;
    std::optional<AuditRecorder> m_audit;
    std::unique_ptr<StagingArea> m_staging;
    PixelRedactionStep m_pixels;
    std::optional<GateOverride> m_override;
    DeidJobResult m_deid;
    std::map<std::string, const InstanceInfo*> m_infoOfSource; // InstanceInfo::path → info
    std::map<std::string, std::string>
        m_fileOfUid; // original SOP Instance UID → path in the export
    std::map<std::string, std::string> m_sourceOfFile; // path in the export → InstanceInfo::path
    VerificationReport m_report;
    std::vector<CertificateFile> m_files;
    ExportResult m_result;
};

} // namespace veil
