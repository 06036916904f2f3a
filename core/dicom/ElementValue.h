#pragma once
// One element at any depth, as values: what DicomFile::elements() hands out and what the
// de-identification planner, the identifier set and the verifier read. No DCMTK, no OpenCV,
// so the planner is logic over values.
// The standard headers before Tag.h: moc, following this header from a test, stops at
// <compare> (through <concepts>) when it is the first standard header it meets.
#include <cstdint>
#include <string>
#include <string_view>

#include "dicom/Tag.h"

namespace veil {

// The one test of "this element is a sequence" on a VR as Veil carries it (DicomFile writes
// "SQ" for every sequence, whatever DCMTK's own VR says).
inline bool isSequenceVr(std::string_view vr) {
    return vr == "SQ";
}

struct ElementValue {
    TagPath path;
    std::string vr;      // "PN", "SQ", ...
    std::string keyword; // "PatientName"; empty for unknown/private elements
    std::string value;   // string form; multiple values joined with '\'; binary VRs summarised
    std::string privateCreator; // for private elements: the creator of their block
    std::uint32_t length = 0;   // value length in bytes
    int items = 0;              // for SQ: number of items
    bool isSequence() const { return isSequenceVr(vr); }
};

} // namespace veil
