#pragma once
// The one place DCMTK lives, behind a PImpl. Everything that leaves this class is a
// plain value: InstanceInfo, ElementValue, cv::Mat frames, veil::Error.
#include "dicom/ElementValue.h"
#include "dicom/InstanceInfo.h"
#include "dicom/Tag.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace veil {

// One decoded frame: stored values (no rescale, no VOI), channels interleaved.
struct Frame {
    cv::Mat pixels;          // CV_8U/8S/16U/16S/32S, 1 or 3 channels
    std::string photometric; // of the decoded pixels (a YBR JPEG may come out as RGB)
};

// A Full open of a file up to this size reads it whole and parses it from memory (a slice of
// CT or MR; a larger file, a radiograph or a cine, streams: one frame of it is read alone).
inline constexpr std::uintmax_t kParsedInMemoryMax = 4u << 20;

class DicomFile {
public:
    enum class Load {
        HeaderOnly, // stop parsing before Pixel Data: indexing
        Full        // everything; in a file larger than kParsedInMemoryMax, large values stay on
                    // disk until asked for
    };

    // Throws veil::Error naming the file and the problem.
    // A Full open of a file up to kParsedInMemoryMax reads it whole and parses it from memory.
    static DicomFile open(const std::filesystem::path& path, Load load = Load::Full);
    // A Full open of bytes already read from `path` (the gate parses, searches and hashes an
    // output from one read); `path` names the file in errors. Every value is read now.
    static DicomFile parse(const std::filesystem::path& path, const std::string& bytes);

    DicomFile(DicomFile&&) noexcept;
    DicomFile& operator=(DicomFile&&) noexcept;
    ~DicomFile();

    const std::filesystem::path& path() const;
    InstanceInfo info() const;
    // The transfer syntax it was read in (info().transferSyntaxUid, without the rest).
    std::string transferSyntaxUid() const;

    bool has(Tag tag) const;
    std::string string(Tag tag) const; // top level; every value joined with '\', trimmed
    std::optional<long> integer(Tag tag) const;
    std::optional<double> decimal(Tag tag, unsigned index = 0) const;
    // A top-level binary value (OB: an encapsulated document), its bytes as stored; empty when
    // absent. setBytes replaces it (OB); setUnsigned a UL value. Throw veil::Error.
    std::string bytes(Tag tag) const;
    void setBytes(Tag tag, const std::string& value);
    void setUnsigned(Tag tag, std::uint32_t value);

    // Every element at every depth in file order, file meta first.
    std::vector<ElementValue> elements() const;

    int frameCount() const;
    // What a decoded frame keeps of each stored word: the BitsStored bits at HighBit (shifted
    // down, sign-extended), or the whole word as stored, so that bits outside BitsStored (the
    // retired overlays kept in Pixel Data, stray bits) can be seen; compressed frames too.
    enum class Bits { Stored, Whole };
    // Decodes one frame (0-based). Throws veil::Error naming an undecodable syntax.
    Frame frame(int index, Bits bits = Bits::Stored) const;

    // Writes the (possibly modified) object to `target` atomically: a temporary file in the
    // same folder, then renamed over the target. Empty syntax: keep the current one.
    // Throws veil::Error; on failure nothing is left at `target`.
    void save(const std::filesystem::path& target, const std::string& transferSyntaxUid = {}) const;

    struct Impl;
    Impl& impl() { return *m_impl; } // for the adapters in core/dicom only

private:
    explicit DicomFile(std::unique_ptr<Impl> impl);
    void checkComplete() const;
    std::unique_ptr<Impl> m_impl;
};

enum class Sniff { Dicom, DatasetOnly, NotDicom, Empty };
// Cheap look at the first bytes: is this worth handing to the parser?
Sniff sniffDicom(const std::filesystem::path& path, std::string* reason = nullptr);
// The same look at the first bytes of a file already in memory.
Sniff sniffDicomBytes(const unsigned char* bytes, std::size_t size, std::string* reason = nullptr);

} // namespace veil
