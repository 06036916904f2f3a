#include "dicom/Tag.h"

#include <cctype>
#include <cstdio>

namespace veil {

std::string Tag::toString() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "(%04X,%04X)", group, element);
    return buf;
}

std::optional<Tag> Tag::parse(std::string_view s) {
    std::string hex;
    for (char c : s) {
        if (std::isxdigit(static_cast<unsigned char>(c)))
            hex += c;
        else if (c != '(' && c != ')' && c != ',' && c != ' ')
            return std::nullopt;
    }
    if (hex.size() != 8)
        return std::nullopt;
    const unsigned long v = std::stoul(hex, nullptr, 16);
    return Tag(std::uint16_t(v >> 16), std::uint16_t(v & 0xFFFF));
}

std::string TagPath::toString() const {
    std::string out;
    for (const PathStep& s : steps) {
        if (!out.empty())
            out += '.';
        out += s.tag.toString();
        if (s.item >= 0)
            out += '[' + std::to_string(s.item) + ']';
    }
    return out;
}

} // namespace veil
