#pragma once
// The verification gate: before an export is declared complete, every output file is
// re-read and searched for its sources' identifying values (every element at every depth,
// private and file meta included, as text and as raw bytes) and original UIDs; frames that
// had burned-in identifiers are checked again through a PixelChecker.
#include "dicom/DicomFile.h"
#include "identity/IdentifierSet.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace veil {

struct VerificationHit {
    std::string file;      // the output file
    std::string where;     // "(0010,0010)", "(0008,1115)[0].(0008,1155)", "raw bytes at 1234", "frame 3 box 10,10 80x14"
    std::string value;     // what was found
    std::string attribute; // which identifier it matched ("PatientName", "original UID", ...)
};

// Re-checks pixels (OCR): implemented by the text detection; absent means "not checked".
class PixelChecker {
public:
    virtual ~PixelChecker() = default;
    // Frames to check (empty: every frame); returns what it still finds.
    virtual std::vector<VerificationHit> check(const DicomFile& output, const IdentifierSet& ids,
                                               const std::vector<int>& frames) = 0;
};

// What the outputs must not contain: built from the source files.
struct SourceEvidence {
    IdentifierSet identifiers;
    std::set<std::string> uids; // every UID value in the sources except standard ones (1.2.840.10008.*)
    // Identifier attributes the chosen profile keeps on purpose (e.g. dates under Retain
    // Longitudinal Full Dates): their values are not hits. Empty for publication level.
    std::set<std::string> retainedAttributes;
    bool checkUids = true; // false under Retain UIDs

    void addSource(const DicomFile& source);
};

struct FileVerification {
    std::string file;
    std::vector<VerificationHit> hits;
    std::string error; // the output could not be read
    bool ok() const { return hits.empty() && error.empty(); }
};

class Verifier {
public:
    explicit Verifier(const SourceEvidence& evidence, PixelChecker* pixels = nullptr)
        : m_evidence(evidence), m_pixels(pixels) {}

    // framesToOcr: frames of this output that had burned-in identifiers (empty: none asked).
    FileVerification verifyFile(const std::filesystem::path& output,
                                const std::vector<int>& framesToOcr = {}) const;

private:
    void checkElements(const DicomFile& f, FileVerification& out) const;
    void checkRawBytes(const std::filesystem::path& p, const std::string& syntax, FileVerification& out) const;

    const SourceEvidence& m_evidence;
    PixelChecker* m_pixels;
};

enum class PixelEncoding { ExplicitLittleEndian, ImplicitLittleEndian, ExplicitBigEndian };
// Byte range of the top-level Pixel Data value, to leave pixels to the PixelChecker.
std::pair<std::size_t, std::size_t> pixelDataRange(const std::string& bytes, PixelEncoding encoding);

} // namespace veil
