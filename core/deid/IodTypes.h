#pragma once
// Which attributes an object's IOD requires (Type 1), requires present but possibly empty
// (Type 2) or leaves optional (Type 3): the knowledge PS3.15's compound actions (X/Z, X/D,
// Z/D, X/Z/D, X/Z/U*) need. DCMTK's dictionary does not carry module types, so this is a
// small built-in table of the common modules (Patient, General Study, General Series,
// General / Enhanced General Equipment, General Image, Multi-frame Functional Groups,
// SR Document General, Presentation State Identification, Encapsulated Document),
// grouped by IOD family. It answers for top-level attributes only; docs/profiles.md
// states the rule used for everything it does not know.
#include <string>
#include <string_view>

namespace veil {

enum class AttributeType { Type1, Type2, Type3, Unknown };

enum class IodFamily {
    Image,             // CT, MR, US, CR, DX, MG, NM, PET, XA, SC, ...: General Image and Equipment
    EnhancedImage,     // multi-frame functional-group IODs: Enhanced General Equipment
    StructuredReport,  // SR documents and Key Object Selection
    PresentationState, // GSPS and its siblings
    EncapsulatedDocument, // PDF, CDA, STL, ...
    Unknown,              // no or unrecognised SOP Class: only the Patient/Study/Series core
};

IodFamily iodFamilyOf(std::string_view sopClassUid);
const char* familyName(IodFamily family);
AttributeType attributeType(IodFamily family, std::string_view keyword);

} // namespace veil
