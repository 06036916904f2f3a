#include "ocr/Finding.h"

#include <cstdio>

namespace veil {

const char* sourceName(FindingSource source) {
    return source == FindingSource::Template ? "template" : "ocr";
}

std::string overlayLabel(const Finding& f) {
    if (!f.overlayGroup)
        return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "overlay %04X", f.overlayGroup);
    return buf;
}

} // namespace veil
