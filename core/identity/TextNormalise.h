#pragma once
// Text helpers for identifier search: normalised views that map back to the original,
// OCR confusion folding, and approximate substring search.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace veil {

enum class Fold { Exact, OcrConfusions };

// Upper-case letters and digits only; UTF-8 Latin letters with diacritics as their base
// letters (Ü → U, ß → SS), other characters dropped.
std::string normalise(std::string_view s);
// O/Q→0, I/L→1, S→5, B→8, Z→2 on normalised text.
std::string foldOcr(std::string s);
// Words of letters and digits, upper-cased: "Smith^John^A" → SMITH, JOHN, A.
std::vector<std::string> splitWords(std::string_view s);
// DICOM multi-values: "A\B" → A, B.
std::vector<std::string> splitValues(std::string_view s);

struct NormalisedText {
    std::string text;              // normalised characters
    std::vector<std::size_t> from; // original index of each character
    std::vector<std::size_t> to;   // original index just after it (UTF-8 letters take two bytes)

    static NormalisedText of(std::string_view original, Fold fold);
    // The original span covered by normalised [at, at+len).
    std::pair<std::size_t, std::size_t> span(std::size_t at, std::size_t len) const;
    // Neither side of the original span continues a word.
    static bool isWholeWord(std::string_view original, std::size_t pos, std::size_t len);
};

struct ApproxHit {
    std::size_t start = 0, length = 0;
    int distance = 0;
};
// Levenshtein distance of two words; past `limit` it stops and returns limit + 1.
int editDistance(const std::string& a, const std::string& b, int limit = 1 << 20);

// Best occurrence of needle in hay within `maxEdits` (Sellers' algorithm).
std::optional<ApproxHit> approximateFind(const std::string& hay, const std::string& needle,
                                         int maxEdits);

// Collapses the spaces and separators left where words were removed.
std::string tidyAfterRemoval(std::string_view s);

} // namespace veil
