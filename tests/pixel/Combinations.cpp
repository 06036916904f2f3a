#include "PixelTestFiles.h"

namespace veil::test {

namespace {

struct Format {
    std::string photometric;
    int bitsAllocated, bitsStored, pixelRepresentation, planar;
};

const std::vector<Format> kGrey = {
    {"MONOCHROME2", 8, 8, 0, 0},   {"MONOCHROME2", 16, 12, 0, 0}, {"MONOCHROME2", 16, 16, 1, 0},
    {"MONOCHROME2", 16, 12, 1, 0}, {"MONOCHROME1", 16, 12, 0, 0}, {"MONOCHROME1", 8, 8, 0, 0},
};
const std::vector<Format> kColour = {
    {"RGB", 8, 8, 0, 0},
    {"RGB", 8, 8, 0, 1},
    {"YBR_FULL", 8, 8, 0, 0},
    {"YBR_FULL", 8, 8, 0, 1},
};
const std::vector<Format> kPalette = {{"PALETTE COLOR", 8, 8, 0, 0},
                                      {"PALETTE COLOR", 16, 12, 0, 0}};

void add(std::vector<ImageSpec>& out, const std::string& syntax, const std::vector<Format>& formats,
         int frames = 1, int fragments = 1, bool smooth = false) {
    for (const Format& f : formats) {
        ImageSpec s;
        s.syntax = syntax;
        s.photometric = f.photometric;
        s.bitsAllocated = f.bitsAllocated;
        s.bitsStored = f.bitsStored;
        s.pixelRepresentation = f.pixelRepresentation;
        s.planar = f.planar;
        s.frames = frames;
        s.fragmentsPerFrame = fragments;
        s.smooth = smooth;
        s.seed = std::uint32_t(out.size() + 1);
        out.push_back(s);
    }
}

} // namespace

std::vector<ImageSpec> allCombinations() {
    std::vector<ImageSpec> out;
    const std::vector<Format> native422 = {{"YBR_FULL_422", 8, 8, 0, 0}};
    const std::vector<Format> wide = {{"MONOCHROME2", 32, 32, 0, 0}, {"MONOCHROME2", 32, 32, 1, 0}};
    for (const std::string& syntax :
         {uid::ExplicitLE, uid::ImplicitLE, uid::ExplicitBE, uid::Deflated}) {
        add(out, syntax, kGrey, 2);
        add(out, syntax, kColour, 2);
        add(out, syntax, kPalette, 2);
        add(out, syntax, native422, 2);
    }
    add(out, uid::ExplicitLE, wide, 1);
    add(out, uid::Rle, kGrey, 3);
    add(out, uid::Rle, kColour, 3);
    add(out, uid::Rle, kPalette, 2);
    const std::vector<Format> losslessGrey = {kGrey[0], kGrey[1], kGrey[2], kGrey[4]};
    const std::vector<Format> rgb = {kColour[0]};
    for (const std::string& syntax :
         {uid::JpegLosslessSV1, uid::JpegLossless14, uid::JpegLsLossless}) {
        add(out, syntax, losslessGrey, 2);
        add(out, syntax, rgb, 2);
        add(out, syntax, {kPalette[0]}, 1);
        add(out, syntax, {kGrey[1], kColour[0]}, 3, 3); // several fragments per frame
    }
    add(out, uid::JpegBaseline, {kGrey[0], kGrey[5], kColour[0]}, 2, 1, true);
    add(out, uid::JpegBaseline, {kColour[0]}, 3, 2, true);
    add(out, uid::JpegExtended, {kGrey[1]}, 2, 1, true);
    add(out, uid::JpegLsNear, {kGrey[0], kGrey[1], kColour[0]}, 2, 1, true);
    return out;
}

} // namespace veil::test
