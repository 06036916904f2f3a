#include "common/Problems.h"

namespace veil {

std::string Problems::message() const {
    std::string out;
    for (const std::string& p : items)
        out += (out.empty() ? "" : "\n") + p;
    return out;
}

} // namespace veil
