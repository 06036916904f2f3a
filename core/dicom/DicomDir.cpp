#include "dicom/DicomDir.h"

#include "common/Error.h"
#include "dicom/Codecs.h"

#include <dcmtk/dcmdata/dcddirif.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include <cctype>

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

std::vector<fs::path> dicomdirReferencedFiles(const fs::path& dicomdir) {
    registerCodecs();
    DcmFileFormat ff;
    const OFCondition cond = ff.loadFile(dicomdir.c_str());
    if (cond.bad())
        throw Error(dicomdir.string(),
                    std::string("DICOMDIR could not be read (") + cond.text() + ")");
    DcmSequenceOfItems* records = nullptr;
    if (ff.getDataset()->findAndGetSequence(DCM_DirectoryRecordSequence, records).bad() || !records)
        throw Error(dicomdir.string(), "DICOMDIR has no directory records");
    std::vector<fs::path> out;
    for (unsigned long i = 0; i < records->card(); ++i) {
        OFString ref;
        if (records->getItem(i)->findAndGetOFStringArray(DCM_ReferencedFileID, ref).bad() ||
            ref.empty())
            continue;
        std::string rel = ref.c_str();
        for (char& c : rel)
            if (c == '\\')
                c = '/';
        fs::path candidate = dicomdir.parent_path() / rel;
        std::error_code ec;
        if (!fs::exists(candidate, ec)) {
            // Media often stores names upper-case while the copy on disk is lower-case.
            std::string lower = rel;
            for (char& c : lower)
                c = char(std::tolower(static_cast<unsigned char>(c)));
            if (fs::exists(dicomdir.parent_path() / lower, ec))
                candidate = dicomdir.parent_path() / lower;
        }
        out.push_back(candidate);
    }
    return out;
}

} // namespace veil
