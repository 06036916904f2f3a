#pragma once
// Allowed: DCMTK in a .cpp of core/dicom would be; in a header other than DicomFileImpl.h it is
// not.
#include <dcmtk/dcmdata/dctagkey.h>
