#pragma once
// Private to core/dicom: the DCMTK objects behind DicomFile.
#include "dicom/DicomFile.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <mutex>

namespace veil {

struct DicomFile::Impl {
    std::filesystem::path path;
    DcmFileFormat file;
    DicomFile::Load load = DicomFile::Load::Full;
    long long fileSize = -1; // known when parsed from memory (-1: ask the file system)
    mutable DcmFileCache cache;
    mutable std::vector<Uint32> startFragments; // first fragment of each frame, learnt as we go
    mutable std::mutex mutex;                   // DCMTK objects are not thread-safe

    DcmDataset& dataset() { return *file.getDataset(); }
    const DcmDataset& dataset() const { return *const_cast<DcmFileFormat&>(file).getDataset(); }
};

struct PixelDescription;
// Rows, columns, samples, bits, representation, planar configuration, frames, photometric
// and rescale, read from a data set (the rest of a description is describePixels' work).
void readPixelLayout(DcmDataset& ds, PixelDescription& d);

// Turns a DCMTK condition into a veil::Error naming the file.
[[noreturn]] void throwDcmtk(const std::filesystem::path& path, const std::string& what,
                             const OFCondition& cond);

} // namespace veil
