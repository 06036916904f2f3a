#pragma once
// Reads and writes a DICOMDIR (PS3.10 media directory): the input side lists what a DICOMDIR
// refers to (study/InputExpander); the export side writes one with DCMTK's DicomDirInterface,
// General Purpose profile. Transfer syntax checks are off so compressed files are listed as
// they are; the files must already carry ISO 9660 names (see export/IsoLayout.h).
#include <filesystem>
#include <string>
#include <vector>

namespace veil {

// Writes root/DICOMDIR referencing `files` (relative to root, '/' separators). Missing type 1
// directory values are invented by DCMTK. Throws veil::Error naming the file that was refused.
void writeDicomDir(const std::filesystem::path& root, const std::vector<std::string>& files,
                   const std::string& fileSetId = "VEIL_EXPORT");

// Files a DICOMDIR refers to (its records' Referenced File IDs), resolved against its folder;
// a name stored upper-case is found lower-case on disk too. Throws veil::Error.
std::vector<std::filesystem::path> dicomdirReferencedFiles(const std::filesystem::path& dicomdir);

} // namespace veil
