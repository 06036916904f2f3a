#pragma once
// PACS networking values (no DCMTK): the node, the settings, queries, matches, reports and
// the error every failure becomes. The DCMTK side is in the .cpp files of this folder only.
#include "common/Error.h"

#include <filesystem>
#include <string>
#include <vector>

namespace veil::pacs {

// A DICOM application entity on the network: "AET@HOST:PORT".
struct PacsNode {
    std::string aet, host;
    int port = 104;

    // Parses "AET@HOST:PORT" (IPv6 hosts in brackets: "AET@[::1]:104"). Throws veil::Error
    // saying what is wrong: a missing part, an AE title longer than 16 characters or with a
    // backslash or control character, a port outside 1-65535.
    static PacsNode parse(const std::string& text);
    std::string toString() const;
};

// Checks an AE title (ours or a node's): 1-16 characters, no backslash, no control
// characters, not only spaces. Throws veil::Error naming `what`.
void checkAeTitle(const std::string& aet, const std::string& what);

struct PacsSettings {
    std::string callingAet = "VEIL"; // our AE title when we call the node
    int connectTimeoutSeconds = 10;  // TCP connection and association negotiation
    int dimseTimeoutSeconds = 60;    // each DIMSE message (a C-FIND response, a C-STORE...)
    int retries = 2;                 // extra attempts per file after a network failure (send)
    // C-MOVE: Veil's own storage SCP, on this AE title (empty: callingAet) and port. The node
    // must know this AE title with our host and port (its list of destinations).
    std::string moveAet;
    int movePort = 11112;
    std::string moveDestination() const { return moveAet.empty() ? callingAet : moveAet; }
};

enum class QueryLevel { Patient, Study, Series };
std::string levelName(QueryLevel level);        // "patient", "study", "series"
QueryLevel parseLevel(const std::string& text); // throws veil::Error

// The keys of a C-FIND. Empty means "any". patientName may hold DICOM wildcards (* and ?);
// studyDate is "YYYYMMDD", "FROM-TO", "FROM-" or "-TO". Patient level accepts only the
// patient keys; modality at study level matches Modalities in Study.
struct PacsQuery {
    QueryLevel level = QueryLevel::Study;
    std::string patientId, patientName, accession, studyDate, modality;
    std::string studyUid; // series level: only this study's series
};
// Checks a query's keys (date range syntax, keys the level cannot use). Throws veil::Error.
void checkQuery(const PacsQuery& query);

// One C-FIND match. Study fields are filled at study and series level (a series match
// carries its study's fields), series fields only at series level.
struct PacsMatch {
    QueryLevel level = QueryLevel::Study;
    std::string patientId, patientName, patientBirthDate, patientSex;
    std::string studyUid, studyDate, studyTime, studyDescription, accession, modalitiesInStudy;
    std::string seriesUid, seriesNumber, seriesDescription, modality;
    int relatedStudies = -1, relatedSeries = -1, relatedInstances = -1; // -1: not returned
};

enum class RetrieveMethod { Get, Move };

// One study retrieved into `folder` (a complete folder: written under a temporary name, then
// renamed).
struct RetrievedStudy {
    std::string studyUid;
    std::filesystem::path folder;
    int files = 0;    // files written
    int failed = 0;   // sub-operations the node reported as failed
    int warnings = 0; // sub-operations completed with a warning
};

struct SendFileResult {
    std::string path;           // as given (a file inside a folder, a zip entry...)
    std::string sopInstanceUid; // empty when the file could not be read
    bool ok = false;
    int status = -1; // the C-STORE response status, -1 when no response came
    int attempts = 0;
    std::string transferSyntaxUid; // the syntax it went in (after decompression if any)
    std::string message;           // what happened, in plain words
};

struct SendReport {
    std::string node;
    std::vector<SendFileResult> files;
    bool cancelled = false;
    int sent() const;
    int failed() const;
};

// Every failure of the PACS code: the message names the node. `kind` lets callers and tests
// tell the cases apart without parsing text.
class PacsError : public Error {
public:
    enum class Kind {
        BadInput,          // a node, a query or a folder that is wrong before any network
        ConnectionRefused, // nothing listens there (closed port) or the host is unreachable
        Timeout,           // connection, association or a DIMSE message took too long
        Rejected,          // the node rejected the association (reason in the message)
        UnknownCalledAe,   // rejected because our called AE title is not the node's
        UnknownCallingAe,  // rejected because the node does not know our AE title
        NoService,         // association accepted, but none of the services we need
        Closed,            // the node closed or aborted the association
        Failed,            // the node answered with a failure status
        NoSuchStudy,       // a study UID the node does not have
        Cancelled,
        Local // our own side: the storage SCP cannot listen, a folder cannot be written
    };
    PacsError(Kind kind, const std::string& message) : Error(message), m_kind(kind) {}
    Kind kind() const { return m_kind; }

private:
    Kind m_kind;
};

} // namespace veil::pacs
