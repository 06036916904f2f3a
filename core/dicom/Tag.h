#pragma once
// DICOM tags and element paths as plain values: no DCMTK here.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace veil {

struct Tag {
    std::uint16_t group = 0;
    std::uint16_t element = 0;

    constexpr Tag() = default;
    constexpr Tag(std::uint16_t g, std::uint16_t e) : group(g), element(e) {}
    constexpr std::uint32_t key() const { return (std::uint32_t(group) << 16) | element; }
    constexpr bool isPrivate() const { return (group & 1) != 0; }
    constexpr bool isPrivateCreator() const {
        return isPrivate() && element >= 0x0010 && element <= 0x00FF;
    }
    constexpr auto operator<=>(const Tag&) const = default;

    std::string toString() const;                      // "(0010,0010)"
    static std::optional<Tag> parse(std::string_view); // "(0010,0010)", "0010,0010", "00100010"
};

// One step of a path into nested sequences: the sequence's tag and an item index.
struct PathStep {
    Tag tag;
    int item = -1; // -1 for the leaf element
    auto operator<=>(const PathStep&) const = default;
};

// Where an element sits: items of enclosing sequences, then the element itself.
struct TagPath {
    std::vector<PathStep> steps;

    Tag leaf() const { return steps.empty() ? Tag{} : steps.back().tag; }
    int depth() const { return int(steps.size()) - 1; }
    std::string toString() const; // "(0008,1115)[0].(0008,1150)"
    auto operator<=>(const TagPath&) const = default;
};

namespace tags {
inline constexpr Tag TransferSyntaxUID{0x0002, 0x0010};
inline constexpr Tag MediaStorageSOPInstanceUID{0x0002, 0x0003};
inline constexpr Tag SOPClassUID{0x0008, 0x0016};
inline constexpr Tag SOPInstanceUID{0x0008, 0x0018};
inline constexpr Tag StudyDate{0x0008, 0x0020};
inline constexpr Tag StudyTime{0x0008, 0x0030};
inline constexpr Tag AccessionNumber{0x0008, 0x0050};
inline constexpr Tag Modality{0x0008, 0x0060};
inline constexpr Tag Manufacturer{0x0008, 0x0070};
inline constexpr Tag InstitutionName{0x0008, 0x0080};
inline constexpr Tag StudyDescription{0x0008, 0x1030};
inline constexpr Tag SeriesDescription{0x0008, 0x103E};
inline constexpr Tag ManufacturerModelName{0x0008, 0x1090};
inline constexpr Tag PatientName{0x0010, 0x0010};
inline constexpr Tag PatientID{0x0010, 0x0020};
inline constexpr Tag PatientBirthDate{0x0010, 0x0030};
inline constexpr Tag PatientSex{0x0010, 0x0040};
inline constexpr Tag StudyInstanceUID{0x0020, 0x000D};
inline constexpr Tag SeriesInstanceUID{0x0020, 0x000E};
inline constexpr Tag StudyID{0x0020, 0x0010};
inline constexpr Tag SeriesNumber{0x0020, 0x0011};
inline constexpr Tag InstanceNumber{0x0020, 0x0013};
inline constexpr Tag SamplesPerPixel{0x0028, 0x0002};
inline constexpr Tag PhotometricInterpretation{0x0028, 0x0004};
inline constexpr Tag PlanarConfiguration{0x0028, 0x0006};
inline constexpr Tag NumberOfFrames{0x0028, 0x0008};
inline constexpr Tag Rows{0x0028, 0x0010};
inline constexpr Tag Columns{0x0028, 0x0011};
inline constexpr Tag BitsAllocated{0x0028, 0x0100};
inline constexpr Tag BitsStored{0x0028, 0x0101};
inline constexpr Tag HighBit{0x0028, 0x0102};
inline constexpr Tag PixelRepresentation{0x0028, 0x0103};
inline constexpr Tag WindowCenter{0x0028, 0x1050};
inline constexpr Tag WindowWidth{0x0028, 0x1051};
inline constexpr Tag RescaleIntercept{0x0028, 0x1052};
inline constexpr Tag RescaleSlope{0x0028, 0x1053};
inline constexpr Tag BurnedInAnnotation{0x0028, 0x0301};
inline constexpr Tag RecognizableVisualFeatures{0x0028, 0x0302};
inline constexpr Tag BodyPartExamined{0x0018, 0x0015};
inline constexpr Tag SliceThickness{0x0018, 0x0050};
inline constexpr Tag ProtocolName{0x0018, 0x1030};
inline constexpr Tag ImagePositionPatient{0x0020, 0x0032};
inline constexpr Tag ImageOrientationPatient{0x0020, 0x0037};
inline constexpr Tag PixelSpacing{0x0028, 0x0030};
inline constexpr Tag PixelData{0x7FE0, 0x0010};
} // namespace tags

} // namespace veil
