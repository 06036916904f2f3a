#pragma once
// Keyed, deterministic replacements: the same input and project key always give the same
// output, another key gives unlinkable output. Nothing here is stored: a mapping table is
// only the record of what these functions returned.
#include "deid/ProjectKey.h"

#include <optional>
#include <string>
#include <string_view>

namespace veil {

class Pseudonymiser {
public:
    explicit Pseudonymiser(const ProjectKey& key) : m_key(key) {}

    // "2.25.<decimal of the first 128 bits of HMAC(old UID)>", at most 44 characters.
    std::string uid(std::string_view original) const;
    // "VEIL-" + 10 characters of base-32: PatientID and PatientName of a patient.
    std::string patient(std::string_view patientKey) const;
    std::string accessionNumber(std::string_view original) const; // "A" + 12 base-32 characters
    // Whole days to add to every date of a patient: between -3650 and -366 (one to ten
    // years back), never 0, so a shifted date never equals the original.
    int dateOffsetDays(std::string_view patientKey) const;

private:
    std::string code(std::string_view domain, std::string_view input, std::size_t length) const;
    const ProjectKey& m_key;
};

// What identifies "the same patient" for pseudonyms and date offsets: Patient ID with its
// issuer; without an ID, name and birth date; without those, the study.
std::string patientKeyOf(std::string_view patientId, std::string_view issuer, std::string_view name,
                         std::string_view birthDate, std::string_view studyUid);

// Date arithmetic on DICOM values; nothing when the value cannot be read as a date.
std::optional<std::string> shiftDate(std::string_view da, int days); // DA, ranges and multi-values
std::optional<std::string> shiftDateTime(std::string_view dt, int days); // DT, keeps time and zone
// 128 bits, big-endian, as a decimal string without leading zeros.
std::string decimalOf128(const std::uint8_t* bytes);

} // namespace veil
