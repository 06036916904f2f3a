#pragma once
// Turns what the user gave (files, folders, zips, DICOMDIRs) into candidate files.
#include "common/Progress.h"
#include "study/StudyIndex.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace veil {

struct Candidate {
    std::string path;      // as found: "given/folder/a/b.dcm", "study.zip/a/b.dcm"
    std::string localPath; // where the bytes are
    // Given by name, listed in a DICOMDIR or named *.dcm: not being DICOM is an error, not a
    // file skipped in passing.
    bool expectDicom = false;
};

struct Expansion {
    std::vector<Candidate> candidates;
    std::vector<LoadProblem> problems;
    std::shared_ptr<void> scratch; // extracted archive contents
};

// Walks inputs; archives are extracted (safely: no entry escapes the scratch folder);
// DICOMDIR records are followed. Never throws for a bad input: it becomes a problem.
Expansion expandInputs(const std::vector<std::string>& inputs, const CancelToken& cancel);

// True when the file starts like a zip archive.
bool looksLikeZip(const std::filesystem::path& path);

} // namespace veil
