#include "ocr/RedactionPolicy.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace veil {

namespace {

bool selected(const Finding& f, RedactPolicy policy) {
    switch (policy) {
    case RedactPolicy::Auto:
        return f.phi || f.source == FindingSource::Template;
    case RedactPolicy::AllText:
        return true;
    case RedactPolicy::None:
        return false;
    }
    return false;
}

auto key(const Finding& f) {
    return std::make_tuple(f.box.x, f.box.y, f.box.w, f.box.h, f.overlayGroup);
}

} // namespace

std::vector<RedactionRegion> redactionRegions(const std::vector<Finding>& findings,
                                              RedactPolicy policy, int frameCount) {
    std::vector<RedactionRegion> regions;
    std::map<std::tuple<int, int, int, int, int>, std::set<int>> framesOfBox;
    for (const Finding& f : findings) {
        if (!selected(f, policy) || f.box.empty())
            continue;
        framesOfBox[key(f)].insert(f.frame);
    }
    for (const auto& [k, frames] : framesOfBox) {
        const PixelBox box{std::get<0>(k), std::get<1>(k), std::get<2>(k), std::get<3>(k)};
        const int overlay = std::get<4>(k); // text in an overlay plane: the plane goes
        const bool everyFrame =
            frames.count(-1) > 0 || (frameCount > 1 && int(frames.size()) == frameCount);
        if (everyFrame) {
            regions.push_back({-1, box.x, box.y, box.w, box.h, overlay});
            continue;
        }
        for (int f : frames)
            regions.push_back({f, box.x, box.y, box.w, box.h, overlay});
    }
    std::sort(regions.begin(), regions.end(),
              [](const RedactionRegion& a, const RedactionRegion& b) {
                  return std::tie(a.frame, a.y, a.x, a.w, a.h, a.overlayGroup) <
                         std::tie(b.frame, b.y, b.x, b.w, b.h, b.overlayGroup);
              });
    return regions;
}

std::optional<RedactPolicy> parseRedactPolicy(std::string_view name) {
    if (name == "auto")
        return RedactPolicy::Auto;
    if (name == "all-text")
        return RedactPolicy::AllText;
    if (name == "none")
        return RedactPolicy::None;
    return std::nullopt;
}

const char* redactPolicyName(RedactPolicy policy) {
    switch (policy) {
    case RedactPolicy::Auto:
        return "auto";
    case RedactPolicy::AllText:
        return "all-text";
    case RedactPolicy::None:
        return "none";
    }
    return "?";
}

} // namespace veil
