#pragma once
// Changes to a DicomFile's data set (and file meta) at any depth, as values: the DCMTK side of
// carrying out a de-identification plan (deid/DeidApplier turns a DeidPlan into these). What
// to change and why is decided above core/dicom; this only walks to each path and does it.
#include "dicom/Tag.h"

#include <string>
#include <vector>

namespace veil {

class DicomFile;

struct ElementEdit {
    enum class Kind {
        Remove, // the element goes (a sequence with its items; later edits inside it are skipped)
        Empty,  // zero length (a sequence: no items)
        Blank,  // a binary value kept at its size with every bit zero
        Set,    // takes `value` (a sequence is left as it is: its items' edits do the work)
        Insert, // added with `value` (a sequence: added empty), enclosing items created
    };
    TagPath path;
    Kind kind = Kind::Set;
    bool sequence = false; // Insert: the element is a sequence (VR SQ)
    std::string value;
    std::string keyword; // named in errors
};

// Throws veil::Error naming the file and the element that could not be changed, its message
// starting with `context` ("de-identification: element (0010,0010) PatientName ..."). On
// failure the DicomFile is left part-changed: discard it, never save it.
void applyEdits(DicomFile& file, const std::vector<ElementEdit>& edits, const std::string& context);

} // namespace veil
