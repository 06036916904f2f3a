#pragma once
// Veil as a DICOM network client (DCMTK's DcmSCU and DcmStorageSCP behind this header):
// C-ECHO, C-FIND at patient/study/series level, retrieve by C-GET or by C-MOVE into Veil's
// own storage SCP, and C-STORE of files. Every failure is a PacsError naming the node.
#include "common/Progress.h"
#include "pacs/PacsTypes.h"

#include <filesystem>
#include <string>
#include <vector>

namespace veil::pacs {

class PacsClient {
public:
    explicit PacsClient(PacsNode node, PacsSettings settings = {});

    const PacsNode& node() const { return m_node; }
    const PacsSettings& settings() const { return m_settings; }

    // C-ECHO. Throws PacsError.
    void echo() const;

    // C-FIND (Patient Root at patient level, Study Root otherwise). A series-level query
    // finds the studies first, then each study's series (any PACS answers that), so every
    // series match carries its study. Throws PacsError (Cancelled when `cancel` fires).
    std::vector<PacsMatch> find(const PacsQuery& query, const CancelToken& cancel = {}) const;

    // Retrieves each study into `root`/<study uid>: written into a temporary folder beside it,
    // then renamed. An existing folder of that name is replaced when `replace` is true
    // (the cache), otherwise the study fails ("already exists"). A study the node does not
    // have (C-FIND at study level finds nothing) is NoSuchStudy. Progress counts files.
    // Throws PacsError for the first study that fails; studies retrieved before it stay.
    enum class Existing { Replace, Refuse };
    std::vector<RetrievedStudy> retrieve(const std::vector<std::string>& studyUids,
                                         const std::filesystem::path& root, RetrieveMethod method,
                                         Existing existing, ProgressSink& progress,
                                         const CancelToken& cancel = {}) const;

    // C-STORE of every DICOM file in `inputs` (files, folders, zips, DICOMDIRs): each file in
    // its own transfer syntax when the node accepts it, otherwise decompressed to explicit or
    // implicit little endian. One result per file; a bad file or a refused one never stops
    // the others; network failures are retried (settings().retries). Throws PacsError only
    // when no association can be made at all.
    SendReport send(const std::vector<std::string>& inputs, ProgressSink& progress,
                    const CancelToken& cancel = {}) const;

private:
    PacsNode m_node;
    PacsSettings m_settings;
};

// The folder retrieved studies go to: $VEIL_PACS_CACHE when set, otherwise
// <QStandardPaths::AppDataLocation>/pacs-cache. Created when missing. Throws veil::Error.
std::filesystem::path pacsCacheRoot();

} // namespace veil::pacs
