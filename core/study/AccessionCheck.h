#pragma once
// Release completeness: the accession numbers an IG officer approved (a list file) against
// the studies actually found in the inputs. One definition for `veil-cli info
// --expect-accessions`, the GUI's export preflight and the certificate.
//
// The list file: one accession number per line, or a CSV with a header row whose column named
// like Accession / AccessionNumber / Accession Number / Accession_No is used (else the first
// column; a single column may have such a header). Values are trimmed (quotes too), blank lines and
// a UTF-8 BOM are ignored.
#include "study/StudyIndex.h"

#include <QJsonObject>

#include <filesystem>
#include <string>
#include <vector>

namespace veil {

struct AccessionList {
    std::string file;                    // as given
    std::string sha256;                  // of the file's bytes, lower-case hex
    std::vector<std::string> accessions; // in file order, no duplicates
    std::string column;                  // the CSV column used; empty for a plain list
};

// Parses the text of a list (no file access). `source` names it in errors. Throws
// veil::Error(source, ...) when it holds no accession number.
AccessionList parseAccessionList(const std::string& bytes, const std::string& source);
// Reads and parses a list file. Throws veil::Error naming the file (missing, unreadable,
// empty, not text).
AccessionList loadAccessionList(const std::filesystem::path& file);

struct StudyOffList {
    std::string studyInstanceUid, accessionNumber; // accession empty when the study has none
};

struct AccessionComparison {
    std::string listSha256;
    int expected = 0, studies = 0;
    std::vector<std::string> found;      // expected and present (list order)
    std::vector<std::string> missing;    // expected, no study carries it (list order)
    std::vector<StudyOffList> notOnList; // studies whose accession is not on the list
    bool complete() const { return missing.empty() && notOnList.empty(); }
    // "3 expected accession(s) found; missing: A, B; not on the list: study 1.2.3 (X)"
    std::string text() const;
    std::vector<std::string> problems() const; // one line per missing / extra study
    QJsonObject toJson() const;                // with the values (for the sender)
    // The audit's "accession-check" line: the list's name, its SHA-256 and the counts (no
    // values). `mismatchAccepted`: released although the studies did not match.
    QJsonObject auditJson(const AccessionList& list, bool mismatchAccepted) const;
};

AccessionComparison compareAccessions(const AccessionList& list, const StudyIndex& index);

// What a face prints after the comparison: "Accession list FILE (SHA-256 …): <text()>" and
// one indented line per problem (veil-cli info and deid).
std::string accessionCheckReport(const AccessionList& list, const AccessionComparison& c);

} // namespace veil
