#pragma once
// Burned-in text on real anatomy: the public sample images (../shared/samples, pydicom's
// test files) with synthetic patient details written into their stored pixel values, the
// way devices and PACS exports write them ("Label: value" blocks in corners and over the
// body, 6-20 px, sans/mono/serif, antialiased or not, at the data's maximum level or below
// it, on the data's own type: signed 16-bit CT, 12-bit in 16, MONOCHROME1, RGB...), plus
// text-free slices of real CT/MR texture. Every line's box and whether it identifies the
// patient go into a key. Needs a QGuiApplication (fonts). Bench-side only: never a test input
// that is committed; the files are written into a temporary folder.
#include <opencv2/core/types.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace veil::bench {

struct KeyLine {
    std::string text;
    cv::Rect box; // tight ink box, stored-pixel coordinates
    bool phi = false;
    int sizePx = 0;
    std::string font;
    bool antialias = true;
    bool native = false; // the sample's own text (its device's), not generated: scored for
                         // precision, its recall apart from the generated lines'
    std::vector<std::string> causes; // "small", "anatomy", "below-max", "monochrome1", "rgb",
                                     // "container", "signed", "wrapped", "label-only",
                                     // "dark-text"
};

struct KeyImage {
    std::string file;           // absolute path of the written DICOM file
    std::string source;         // sample it was made from
    std::string form;           // "CT 512x512 signed 16", "CR MONOCHROME1 10 in 16", ...
    bool headerMatches = false; // the header carries the burned-in patient's details
    std::vector<KeyLine> lines;
};

struct RealTextSet {
    std::vector<KeyImage> images;      // with text
    std::vector<std::string> textFree; // text-free CT/MR slices (files)
    std::vector<std::string> sources;  // samples used
    std::vector<std::string> missing;  // samples looked for and not found
};

// The samples present on this machine (anatomy only: CT, MR, CR, NM, US).
std::vector<std::filesystem::path> realAnatomySources(std::vector<std::string>* missing = nullptr);

// Writes `perSource` images with text per sample and `textFree` text-free slices into dir
// (created), plus dir/key.json. Deterministic from the seed. Throws std::runtime_error.
RealTextSet writeRealTextSet(const std::filesystem::path& dir, std::uint32_t seed, int perSource,
                             int textFree);

std::string keyJson(const RealTextSet& set);

} // namespace veil::bench
