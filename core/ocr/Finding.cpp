#include "ocr/Finding.h"

namespace veil {

const char* sourceName(FindingSource source) {
    return source == FindingSource::Template ? "template" : "ocr";
}

} // namespace veil
