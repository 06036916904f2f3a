#pragma once
// Whose text is it? A line read on screen is the patient's when it matches the study's own
// identifiers (IdentifierSet, OCR-tolerant), or when it looks like an identifier even
// without a match: a date, a long run of digits, a "Name:"/"DOB"/"ID:" label with a value,
// a "Lastname, Firstname". Measurements and allowlisted screen words never count.
#include "identity/IdentifierSet.h"
#include "ocr/OcrProfiles.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace veil {

struct TextVerdict {
    bool phi = false;
    std::string matched; // attribute keyword of a header match; empty otherwise
    std::string reason;  // "header", "date", "digits", "label", "name", or empty
};

class IdentifierMatcher {
public:
    IdentifierMatcher(IdentifierSet identifiers, Allowlist allowlist, std::string modality);

    // Lines read with less confidence than this are only matched against the header.
    static constexpr double kHeuristicConfidence = 0.5;
    // A line that starts with an identifying label is the patient's even when its value reads
    // badly: only the label needs to be read with this much confidence.
    static constexpr double kLabelConfidence = 0.2;

    // Below this, a line that is text by its shape (textLike) is not read well enough to be
    // cleared: it is treated as identifying ("unreadable").
    static constexpr double kReadableConfidence = 0.45;
    // Glyphs this small (median height in frame pixels: text of 6-9 px on a 256x256 MR) are
    // misread with confidence far more often than large ones, so a reading must be surer to
    // clear them.
    static constexpr int kSmallGlyph = 7;
    static constexpr double kReadableConfidenceSmall = 0.7;

    // `textLike`, `glyphHeight` and `stable` describe the line (TextLine): glyph height 0 is
    // unknown, not small; a stable reading (two renderings read the same) of glyphs that are not
    // small is a reading, however doubtful the engine says it is; of small glyphs, it needs the
    // confidence large ones need alone.
    TextVerdict classify(std::string_view text, double confidence, bool textLike = false,
                         int glyphHeight = 0, bool stable = false) const;

    // A line that can be the rest of a value wrapped from the line above ("Royal Infirmary
    // of" / "Edinburgh"): words of four letters or more that are not screen words, no label,
    // no digits, no colon.
    bool couldContinueValue(std::string_view text) const;

    // The text with measurements ("12.3 mm", "MI 0.9", "65dB") and allowlisted words
    // replaced by spaces, positions kept.
    std::string maskHarmless(std::string_view text) const;

private:
    TextVerdict headerMatch(std::string masked, std::string_view original) const;
    std::optional<std::string> embeddedName(const std::string& masked) const;
    std::optional<std::string> misreadNumber(const std::string& masked) const;
    bool isHarmlessWord(const std::string& upperWord) const;

    IdentifierSet m_ids;
    Allowlist m_allow;
    std::string m_modality;
    std::vector<std::pair<std::string, std::string>> m_longNames; // folded name part, attribute
    std::vector<std::pair<std::string, std::string>>
        m_longNumbers; // folded ID or date form, attribute
};

// The identifying label a line starts with ("Name", "Patient ID", "MRN", "Hosp No", "DOB",
// "Age", "Sex", "Institution", "Study Date", "Accession", "Ref", "Physician", ...: any case,
// with or without a colon, OCR confusions and a misread letter tolerated), when a value
// follows it: the label as listed, or empty. The one definition of the label rule.
std::string identifierLabel(std::string_view text);

// A line that is an identifying label and nothing else ("Study Date:", "Patient ID"): the
// words printed after it on its line are its value, however badly they read.
bool isBareLabel(std::string_view text);

// Heuristics alone, for tests and for text without a header: the reason, or empty.
std::string identifierLikeReason(std::string_view masked, std::string_view original,
                                 const std::function<bool(const std::string&)>& harmless);

} // namespace veil
