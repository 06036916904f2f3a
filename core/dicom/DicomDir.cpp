#include "dicom/DicomDir.h"

#include "common/Error.h"

#include <dcmtk/dcmdata/dcddirif.h>

namespace veil {

namespace fs = std::filesystem;

void writeDicomDir(const fs::path& root, const std::vector<std::string>& files,
                   const std::string& fileSetId) {
    const fs::path target = root / "DICOMDIR";
    DicomDirInterface dir;
    dir.enableInventMode(OFTrue);
    dir.disableTransferSyntaxCheck(); // DCMTK: "disable" with OFFalse turns the check off
    dir.disableEncodingCheck();
    dir.disableResolutionCheck();
    dir.disableBackupMode();
    dir.enableAbortMode(OFTrue);
    OFCondition c = dir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose,
                                          OFFilename(target.c_str()), fileSetId.c_str());
    if (c.bad())
        throw Error(target.string(), std::string("DICOMDIR cannot be created: ") + c.text());
    for (const std::string& f : files) {
        // DICOM file IDs use '\' between components; DCMTK maps the local separator.
        c = dir.addDicomFile(OFFilename(f.c_str()), OFFilename(root.c_str()));
        if (c.bad())
            throw Error(f, std::string("cannot be listed in the DICOMDIR: ") + c.text());
    }
    c = dir.writeDicomDir();
    if (c.bad())
        throw Error(target.string(), std::string("DICOMDIR could not be written: ") + c.text());
}

} // namespace veil
