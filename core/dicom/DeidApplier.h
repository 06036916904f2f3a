#pragma once
// Carries a DeidPlan out on a DicomFile's dataset (and file meta). The plan decided
// everything; this only walks to each path and does what its row says.
#include "deid/DeidPlan.h"
#include "dicom/DicomFile.h"

namespace veil {

// Throws veil::Error naming the file and the element that could not be changed. On failure
// the DicomFile is left part-changed: discard it, never save it.
void applyPlan(DicomFile& file, const DeidPlan& plan);

} // namespace veil
