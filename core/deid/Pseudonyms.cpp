#include "deid/Pseudonyms.h"

#include <cctype>
#include <chrono>

namespace veil {

namespace {

constexpr char kBase32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no I, O, 0, 1: read aloud safely

bool allDigits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return !s.empty();
}

// Shifts one date of 4, 6 or 8 digits, keeping its precision.
std::optional<std::string> shiftOne(std::string_view d, int days) {
    if (!allDigits(d) || (d.size() != 8 && d.size() != 6 && d.size() != 4))
        return std::nullopt;
    using namespace std::chrono;
    const int y = std::stoi(std::string(d.substr(0, 4)));
    const unsigned m = d.size() >= 6 ? unsigned(std::stoi(std::string(d.substr(4, 2)))) : 7u;
    const unsigned dd = d.size() == 8 ? unsigned(std::stoi(std::string(d.substr(6, 2)))) : 1u;
    const year_month_day ymd{year{y}, month{m}, day{dd}};
    if (!ymd.ok())
        return std::nullopt;
    const year_month_day shifted{sys_days{ymd} + std::chrono::days{days}};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02u%02u", int(shifted.year()), unsigned(shifted.month()),
                  unsigned(shifted.day()));
    return std::string(buf, d.size());
}

template <typename Fn> std::optional<std::string> eachValue(std::string_view value, Fn&& fn) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = value.find('\\', start);
        const std::string_view part =
            value.substr(start, end == std::string_view::npos ? end : end - start);
        const auto shifted = fn(part);
        if (!shifted)
            return std::nullopt;
        out += *shifted;
        if (end == std::string_view::npos)
            return out;
        out += '\\';
        start = end + 1;
    }
}

} // namespace

std::string decimalOf128(const std::uint8_t* bytes) {
    std::array<std::uint8_t, 16> n{};
    std::copy(bytes, bytes + 16, n.begin());
    std::string digits;
    bool zero = false;
    while (!zero) {
        unsigned rem = 0;
        zero = true;
        for (std::uint8_t& b : n) {
            const unsigned cur = (rem << 8) | b;
            b = std::uint8_t(cur / 10);
            rem = cur % 10;
            zero = zero && b == 0;
        }
        digits += char('0' + rem);
    }
    return {digits.rbegin(), digits.rend()};
}

std::string Pseudonymiser::uid(std::string_view original) const {
    const ProjectKey::Bytes m = m_key.mac("veil/uid/v1", original);
    return "2.25." + decimalOf128(m.data());
}

std::string Pseudonymiser::code(std::string_view domain, std::string_view input,
                                std::size_t length) const {
    const ProjectKey::Bytes m = m_key.mac(domain, input);
    std::string out;
    for (std::size_t i = 0; i < length; ++i)
        out += kBase32[m[i] & 31];
    return out;
}

std::string Pseudonymiser::patient(std::string_view patientKey) const {
    return "VEIL-" + code("veil/patient/v1", patientKey, 10);
}

std::string Pseudonymiser::accessionNumber(std::string_view original) const {
    return "A" + code("veil/accession/v1", original, 12);
}

int Pseudonymiser::dateOffsetDays(std::string_view patientKey) const {
    const ProjectKey::Bytes m = m_key.mac("veil/date-offset/v1", patientKey);
    const std::uint32_t v = (std::uint32_t(m[0]) << 24) | (std::uint32_t(m[1]) << 16) |
                            (std::uint32_t(m[2]) << 8) | m[3];
    return -366 - int(v % (3650 - 366 + 1));
}

std::string patientKeyOf(std::string_view id, std::string_view issuer, std::string_view name,
                         std::string_view birthDate, std::string_view studyUid) {
    if (!id.empty())
        return "id:" + std::string(id) + "^" + std::string(issuer);
    if (!name.empty() || !birthDate.empty())
        return "name:" + std::string(name) + "^" + std::string(birthDate);
    return "study:" + std::string(studyUid);
}

std::optional<std::string> shiftDate(std::string_view da, int days) {
    return eachValue(da, [days](std::string_view v) -> std::optional<std::string> {
        // A range "A-B", "-B" or "A-": shift each end that is there.
        const auto dash = v.find('-');
        if (dash == std::string_view::npos)
            return shiftOne(v, days);
        std::string out;
        if (dash > 0) {
            const auto a = shiftOne(v.substr(0, dash), days);
            if (!a)
                return std::nullopt;
            out = *a;
        }
        out += '-';
        if (dash + 1 < v.size()) {
            const auto b = shiftOne(v.substr(dash + 1), days);
            if (!b)
                return std::nullopt;
            out += *b;
        }
        return out;
    });
}

std::optional<std::string> shiftDateTime(std::string_view dt, int days) {
    return eachValue(dt, [days](std::string_view v) -> std::optional<std::string> {
        std::size_t digits = 0;
        while (digits < v.size() && digits < 8 &&
               std::isdigit(static_cast<unsigned char>(v[digits])))
            ++digits;
        if (digits != 4 && digits != 6 && digits != 8)
            return std::nullopt;
        const auto date = shiftOne(v.substr(0, digits), days);
        if (!date)
            return std::nullopt;
        return *date + std::string(v.substr(digits));
    });
}

} // namespace veil
