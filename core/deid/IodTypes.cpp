#include "deid/IodTypes.h"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace veil {

namespace {

using Types = std::unordered_map<std::string_view, AttributeType>;
constexpr auto T1 = AttributeType::Type1;
constexpr auto T2 = AttributeType::Type2;
constexpr auto T3 = AttributeType::Type3;

// Patient, General Study, General Series, Frame of Reference, General Equipment, SOP Common:
// the modules every composite IOD shares.
const Types kCommon = {
    {"PatientName", T2},
    {"PatientID", T2},
    {"PatientBirthDate", T2},
    {"PatientSex", T2},
    {"StudyInstanceUID", T1},
    {"StudyDate", T2},
    {"StudyTime", T2},
    {"ReferringPhysicianName", T2},
    {"StudyID", T2},
    {"AccessionNumber", T2},
    {"StudyDescription", T3},
    {"Modality", T1},
    {"SeriesInstanceUID", T1},
    {"SeriesNumber", T2},
    {"SeriesDate", T3},
    {"SeriesTime", T3},
    {"SeriesDescription", T3},
    {"ProtocolName", T3},
    {"OperatorsName", T3},
    {"PerformingPhysicianName", T3},
    {"ReferencedPerformedProcedureStepSequence", T3},
    {"FrameOfReferenceUID", T1},
    {"Manufacturer", T2},
    {"InstitutionName", T3},
    {"InstitutionAddress", T3},
    {"StationName", T3},
    {"DeviceSerialNumber", T3},
    {"InstitutionCodeSequence", T3},
    {"SOPClassUID", T1},
    {"SOPInstanceUID", T1},
    {"InstanceCreationDate", T3},
    {"InstanceCreationTime", T3},
    {"InstanceCreatorUID", T3},
};

// General Image (and the image IODs built on it).
const Types kImage = {
    {"InstanceNumber", T2},      {"ContentDate", T2},
    {"ContentTime", T2},         {"AcquisitionDate", T3},
    {"AcquisitionTime", T3},     {"AcquisitionDateTime", T3},
    {"ImageComments", T3},       {"ReferencedImageSequence", T3},
    {"SourceImageSequence", T3}, {"DerivationDescription", T3},
};

// Enhanced General Equipment, Multi-frame Functional Groups, Enhanced CT/MR/XA Image.
const Types kEnhanced = {
    {"Manufacturer", T1},        {"ManufacturerModelName", T1}, {"DeviceSerialNumber", T1},
    {"SoftwareVersions", T1},    {"InstanceNumber", T1},        {"ContentDate", T1},
    {"ContentTime", T1},         {"AcquisitionDateTime", T1},   {"ReferencedImageSequence", T3},
    {"SourceImageSequence", T3}, {"ContentCreatorName", T2},    {"ContentLabel", T1},
};

// SR Document Series and SR Document General; Key Object Document Series and Document.
const Types kStructuredReport = {
    {"SeriesNumber", T1},
    {"ReferencedPerformedProcedureStepSequence", T2},
    {"InstanceNumber", T1},
    {"ContentDate", T1},
    {"ContentTime", T1},
    {"CompletionFlag", T1},
    {"VerificationFlag", T1},
    {"PerformedProcedureCodeSequence", T2},
    {"VerifyingObserverSequence", T1},
    {"CurrentRequestedProcedureEvidenceSequence", T1},
    {"ContentSequence", T1},
};

// Presentation Series, Presentation State Identification, Presentation State Relationship.
const Types kPresentationState = {
    {"InstanceNumber", T1},           {"ContentLabel", T1},
    {"ContentDescription", T2},       {"PresentationCreationDate", T1},
    {"PresentationCreationTime", T1}, {"ContentCreatorName", T2},
    {"ReferencedSeriesSequence", T1}, {"GraphicAnnotationSequence", T1},
};

// Encapsulated Document Series, SC Equipment, Encapsulated Document.
const Types kEncapsulated = {
    {"SeriesNumber", T1},   {"InstanceNumber", T1},         {"ContentDate", T2},
    {"ContentTime", T2},    {"AcquisitionDateTime", T2},    {"DocumentTitle", T2},
    {"ConversionType", T1}, {"SourceInstanceSequence", T3},
};

constexpr std::string_view kStorage = "1.2.840.10008.5.1.4.1.1.";

constexpr std::array<std::string_view, 17> kEnhancedClasses = {
    "2.1",    "2.2",    "4.1",  "4.3",  "4.4",  "6.2",    "12.1.1", "12.2.1", "13.1.3",
    "13.1.4", "13.1.5", "14.1", "14.2", "66.4", "77.1.6", "128.1",  "130",
};

} // namespace

IodFamily iodFamilyOf(std::string_view uid) {
    if (uid.substr(0, kStorage.size()) != kStorage)
        return IodFamily::Unknown;
    const std::string_view rest = uid.substr(kStorage.size());
    auto startsWith = [&](std::string_view p) {
        return rest.substr(0, p.size()) == p && (rest.size() == p.size() || rest[p.size()] == '.');
    };
    if (startsWith("88"))
        return IodFamily::StructuredReport;
    if (startsWith("11"))
        return IodFamily::PresentationState;
    if (startsWith("104"))
        return IodFamily::EncapsulatedDocument;
    if (std::find(kEnhancedClasses.begin(), kEnhancedClasses.end(), rest) != kEnhancedClasses.end())
        return IodFamily::EnhancedImage;
    return IodFamily::Image;
}

const char* familyName(IodFamily family) {
    switch (family) {
    case IodFamily::Image:
        return "image";
    case IodFamily::EnhancedImage:
        return "enhanced multi-frame image";
    case IodFamily::StructuredReport:
        return "structured report";
    case IodFamily::PresentationState:
        return "presentation state";
    case IodFamily::EncapsulatedDocument:
        return "encapsulated document";
    case IodFamily::Unknown:
        break;
    }
    return "unknown IOD";
}

AttributeType attributeType(IodFamily family, std::string_view keyword) {
    const Types* specific = nullptr;
    switch (family) {
    case IodFamily::Image:
        specific = &kImage;
        break;
    case IodFamily::EnhancedImage:
        specific = &kEnhanced;
        break;
    case IodFamily::StructuredReport:
        specific = &kStructuredReport;
        break;
    case IodFamily::PresentationState:
        specific = &kPresentationState;
        break;
    case IodFamily::EncapsulatedDocument:
        specific = &kEncapsulated;
        break;
    case IodFamily::Unknown:
        break;
    }
    if (specific)
        if (auto it = specific->find(keyword); it != specific->end())
            return it->second;
    if (auto it = kCommon.find(keyword); it != kCommon.end())
        return it->second;
    return AttributeType::Unknown;
}

} // namespace veil
