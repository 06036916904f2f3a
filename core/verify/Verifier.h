#pragma once
#include <QByteArray>
// The verification gate: before an export is declared complete, every output file is
// re-read and searched for its sources' identifying values (every element at every depth,
// private and file meta included, as text and as raw bytes), original UIDs, and in free
// text the identifying patterns of identity/FreeText.h; every frame is read again through
// a PixelChecker when one is given (none: the pixels are not checked, and reports say so).
#include "dicom/DicomFile.h"
#include "identity/IdentifierSet.h"

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace veil {

struct VerificationHit {
    std::string file;  // the output file
    std::string where; // "(0010,0010)", "(0008,1115)[0].(0008,1155)", "raw bytes at 1234", "frame 3
                       // box 10,10 80x14"
    std::string value; // what was found
    std::string attribute; // which identifier it matched ("PatientName", "original UID", ...)
    bool inPixels = false; // found by the PixelChecker in a frame
};

// What a PixelChecker did with one output's frames.
struct PixelCheck {
    std::vector<VerificationHit> hits; // identifying text still there; unreadable frames too
    int framesRead = 0;                // read (OCR) in this call
    int framesSame = 0;   // pixels equal to a frame already read clean in this run: not read twice
    int framesFailed = 0; // could not be decoded or read (each is also a hit)
};

// Re-checks pixels (OCR): implemented by the text detection; absent means "not checked".
class PixelChecker {
public:
    virtual ~PixelChecker() = default;
    // Every frame of `output`; returns what it still finds and how many frames it read.
    virtual PixelCheck check(const DicomFile& output, const IdentifierSet& ids) = 0;
    // May check() be called from several threads at once?
    virtual bool threadSafe() const { return false; }
};

// What the outputs must not contain: built from the source files.
struct SourceEvidence {
    IdentifierSet identifiers; // of every source
    // Of each study's sources: an output is searched for its own study's identifiers when it
    // names its study (one patient's words are not another's leak: a surname that is a word
    // in another device's header, an ID of "0"), for every source's otherwise.
    std::map<std::string, IdentifierSet> byStudy;
    std::set<std::string>
        uids; // every UID value in the sources except standard ones (1.2.840.10008.*)
    // Identifier attributes the chosen profile keeps on purpose (e.g. dates under Retain
    // Longitudinal Full Dates): their values are not hits. Empty for publication level.
    std::set<std::string> retainedAttributes;
    bool checkUids = true; // false under Retain UIDs
    // Clean Graphics: overlay planes with data and bits outside BitsStored in Pixel Data
    // (overlays kept there) are hits.
    bool checkGraphics = false;

    void addSource(const DicomFile& source, const std::string& studyUid = {});
    // The same from a source's elements already read (DicomFile::elements()).
    void addElements(const std::vector<ElementValue>& elements, const std::string& studyUid = {});
    // The same with IdentifierSet::fromElements(elements) already taken.
    void addElements(const std::vector<ElementValue>& elements, const IdentifierSet& ids,
                     const std::string& studyUid);
    // Adds what `other` gathered (identifiers, studies, UIDs); not its options.
    void merge(const SourceEvidence& other);
    const IdentifierSet& identifiersFor(const std::string& studyUid) const;
};

struct FileVerification {
    std::string file;
    std::vector<VerificationHit> hits;
    std::string error;                                    // the output could not be read
    int frames = 0;                                       // frames of pixel data in the output
    int framesRead = 0, framesSame = 0, framesFailed = 0; // by the PixelChecker (none: 0)
    // SHA-256 (hex) of the bytes that were checked, read once for both (the certificate lists
    // it); empty when the file could not be read whole.
    std::string sha256;
    bool ok() const { return hits.empty() && error.empty(); }
    // Every frame was read by OCR (or equals one read clean); true for files without pixels.
    bool pixelsCovered() const { return framesFailed == 0 && framesRead + framesSame >= frames; }
};

class Verifier {
public:
    explicit Verifier(const SourceEvidence& evidence, PixelChecker* pixels = nullptr)
        : m_evidence(evidence), m_pixels(pixels) {}

    // The header checks, and every frame through the PixelChecker when there is one, against
    // the identifiers of the source study `studyUid` (empty: of every source).
    FileVerification verifyFile(const std::filesystem::path& output,
                                const std::string& studyUid = {}) const;

private:
    void checkElements(const std::vector<ElementValue>& elements, const IdentifierSet& ids,
                       FileVerification& out) const;
    void checkGraphics(DicomFile& f, FileVerification& out) const;
    // A report's PDF (an Encapsulated PDF's document, or a .pdf output beside the images):
    // every page rendered, its text layer searched, and with a PixelChecker (pixels are
    // checked) every page read by OCR too. `where` names it in a hit.
    void checkReport(const QByteArray& pdf, const std::string& where, const IdentifierSet& ids,
                     FileVerification& out) const;
    // A .pdf output's bytes: hashed, its objects outside streams searched, its pages checked.
    void checkPdfFile(const QByteArray& bytes, const IdentifierSet& ids,
                      FileVerification& out) const;
    // The file's bytes (read once, already hashed into out.sha256): searched as text outside
    // Pixel Data (the code strings of `elements` exempted).
    void checkRawBytes(std::string bytes, const std::string& syntax,
                       const std::vector<ElementValue>& elements, const IdentifierSet& ids,
                       FileVerification& out) const;

    const SourceEvidence& m_evidence;
    PixelChecker* m_pixels;
};

enum class PixelEncoding { ExplicitLittleEndian, ImplicitLittleEndian, ExplicitBigEndian };
// Byte range of the top-level Pixel Data value, to leave pixels to the PixelChecker.
std::pair<std::size_t, std::size_t> pixelDataRange(const std::string& bytes,
                                                   PixelEncoding encoding);

} // namespace veil
