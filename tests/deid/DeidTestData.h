#pragma once
// Small DICOM instances built in code for the de-identification tests (until and besides
// the fixtures generator): every identifying value they plant is listed, so a test can
// prove each one is gone from the output.
#include <filesystem>
#include <string>
#include <vector>

namespace deidtest {

inline const char* kCtImage = "1.2.840.10008.5.1.4.1.1.2";
inline const char* kComprehensiveSr = "1.2.840.10008.5.1.4.1.1.88.33";

struct Instance {
    std::string patientName = "SMITH^JOHN^A", patientId = "NHS-482-193-2210",
                birthDate = "19610713";
    std::string studyUid = "1.2.826.0.1.3680043.9.7777.1",
                seriesUid = "1.2.826.0.1.3680043.9.7777.1.1";
    std::string sopUid = "1.2.826.0.1.3680043.9.7777.1.1.1", sopClass = kCtImage;
    std::string studyDate = "20210304", seriesDate = "20210305", accession = "ACC55123";
    int seriesNumber = 1, number = 1;
    // For an SR: the instances it references (same study): series UID and SOP instance UIDs.
    std::string referencedSeries;
    std::vector<std::string> referencedSops;
};

// Writes an instance with names, IDs, dates, addresses, private tags, nested sequences,
// overlays, an icon image and descriptors carrying identifiers. Throws std::runtime_error.
void write(const std::filesystem::path& file, const Instance& spec);

// Every identifying value write() planted (apart from UIDs): none may survive.
std::vector<std::string> plantedValues(const Instance& spec);
std::vector<std::string> originalUids(const Instance& spec);

// Raw bytes of a file.
std::string slurp(const std::filesystem::path& file);

} // namespace deidtest
