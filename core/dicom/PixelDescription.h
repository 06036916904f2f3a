#pragma once
// How an image's stored values are laid out and meant to be shown, as plain values read
// from the header: layout, modality rescale or LUT, VOI windows and LUT, palette.
// Shared by the display renderer and the redaction burn (which needs the true black).
#include <optional>
#include <string>
#include <vector>

namespace veil {

class DicomFile;

// A lookup table as PS3.3 C.11 describes it: stored value `firstMapped` maps to data[0];
// values below map to data.front(), values above to data.back(). Entries are the raw
// table values of `bits` bits (8 or 16).
struct Lut {
    int firstMapped = 0;
    int bits = 16;
    std::vector<int> data;
    std::string explanation;
    int lookup(long stored) const;
    bool empty() const { return data.empty(); }
};

// PALETTE COLOR tables, expanded (segmented tables are expanded on reading).
struct PaletteLut {
    Lut red, green, blue;
    // The stored value whose colour is darkest (lowest luminance).
    int darkestIndex() const;
};

struct WindowPreset {
    double center = 0, width = 0; // in modality (rescaled) units
    std::string explanation;      // "BONE", "LUNG"..., or empty
    std::string function;         // VOI LUT Function: LINEAR (default), LINEAR_EXACT, SIGMOID
};

struct PixelDescription {
    std::string photometric; // as the header says
    int rows = 0, columns = 0, frames = 1;
    int samplesPerPixel = 1, bitsAllocated = 0, bitsStored = 0, highBit = 0;
    int pixelRepresentation = 0, planarConfiguration = 0;
    double slope = 1, intercept = 0;
    std::optional<Lut> modalityLut;    // replaces slope/intercept when present
    std::vector<WindowPreset> windows; // every WindowCenter/Width pair, in header order
    std::vector<Lut> voiLuts;          // VOI LUT Sequence items
    std::optional<PaletteLut> palette; // for PALETTE COLOR

    bool isSigned() const { return pixelRepresentation == 1; }
    long minStored() const; // lowest value BitsStored/PixelRepresentation allow
    long maxStored() const; // highest
};

// Reads the description from the file's header. Throws veil::Error naming the file for a
// malformed palette or LUT.
PixelDescription describePixels(const DicomFile& file);

} // namespace veil
