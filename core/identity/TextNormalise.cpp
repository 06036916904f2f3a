#include "identity/TextNormalise.h"

#include <algorithm>
#include <cctype>

namespace veil {

namespace {
bool isAlnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
char upper(char c) {
    return char(std::toupper(static_cast<unsigned char>(c)));
}

char foldChar(char c) {
    switch (c) {
    case 'O':
    case 'Q':
        return '0';
    case 'I':
    case 'L':
        return '1';
    case 'S':
        return '5';
    case 'B':
        return '8';
    case 'Z':
        return '2';
    default:
        return c;
    }
}

// U+00C0..U+017F: Latin letters with diacritics as their base letters, upper-case.
// Screens and OCR often drop the accents: MÜLLER is read MULLER.
const char* latinBase(unsigned cp) {
    static const char* const latin1[64] = {
        "A", "A", "A", "A", "A", "A", "AE", "C",     "E", "E", "E", "E", "I", "I", "I",  "I",
        "D", "N", "O", "O", "O", "O", "O",  nullptr, "O", "U", "U", "U", "U", "Y", "TH", "SS",
        "A", "A", "A", "A", "A", "A", "AE", "C",     "E", "E", "E", "E", "I", "I", "I",  "I",
        "D", "N", "O", "O", "O", "O", "O",  nullptr, "O", "U", "U", "U", "U", "Y", "TH", "Y"};
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    // Latin Extended-A, by ranges of one base letter (upper and lower case alternate).
    struct Range {
        unsigned last;
        const char* base;
    };
    static const Range extended[] = {
        {0x105, "A"}, {0x10D, "C"},  {0x111, "D"}, {0x11B, "E"}, {0x123, "G"}, {0x127, "H"},
        {0x131, "I"}, {0x133, "IJ"}, {0x135, "J"}, {0x138, "K"}, {0x142, "L"}, {0x14B, "N"},
        {0x151, "O"}, {0x153, "OE"}, {0x159, "R"}, {0x161, "S"}, {0x167, "T"}, {0x173, "U"},
        {0x175, "W"}, {0x178, "Y"},  {0x17E, "Z"}, {0x17F, "S"}};
    if (cp >= 0x100 && cp <= 0x17F)
        for (const Range& r : extended)
            if (cp <= r.last)
                return r.base;
    return nullptr;
}

// The letters or digit at s[i], upper-case ASCII (empty if none), and the bytes it takes.
struct Letter {
    std::string text;
    std::size_t bytes = 1;
};

Letter letterAt(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80)
        return {isAlnum(char(c)) ? std::string(1, upper(char(c))) : std::string(), 1};
    if ((c & 0xE0) == 0xC0 && i + 1 < s.size() &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
        const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
        const char* base = latinBase(cp);
        return {base ? base : "", 2};
    }
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80)
        ++n;
    return {"", n};
}
} // namespace

std::string normalise(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const Letter l = letterAt(s, i);
        out += l.text;
        i += l.bytes;
    }
    return out;
}

std::string foldOcr(std::string s) {
    for (char& c : s)
        c = foldChar(c);
    return s;
}

std::vector<std::string> splitWords(std::string_view s) {
    std::vector<std::string> out;
    std::string word;
    for (std::size_t i = 0; i < s.size();) {
        const Letter l = letterAt(s, i);
        i += l.bytes;
        if (!l.text.empty()) {
            word += l.text;
        } else if (!word.empty()) {
            out.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

std::vector<std::string> splitValues(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const std::size_t end = std::min(s.find('\\', start), s.size());
        std::string v(s.substr(start, end - start));
        if (!normalise(v).empty())
            out.push_back(v);
        start = end + 1;
    }
    return out;
}

NormalisedText NormalisedText::of(std::string_view original, Fold fold) {
    NormalisedText n;
    n.text.reserve(original.size());
    n.from.reserve(original.size());
    n.to.reserve(original.size());
    for (std::size_t i = 0; i < original.size();) {
        const Letter l = letterAt(original, i);
        for (char c : l.text) {
            n.text += fold == Fold::OcrConfusions ? foldChar(c) : c;
            n.from.push_back(i);
            n.to.push_back(i + l.bytes);
        }
        i += l.bytes;
    }
    return n;
}

std::pair<std::size_t, std::size_t> NormalisedText::span(std::size_t at, std::size_t len) const {
    if (len == 0 || at >= from.size())
        return {0, 0};
    const std::size_t last = std::min(at + len, from.size()) - 1;
    return {from[at], to[last] - from[at]};
}

bool NormalisedText::isWholeWord(std::string_view original, std::size_t pos, std::size_t len) {
    // Bytes of multi-byte UTF-8 characters count as letters.
    const auto wordByte = [](char c) {
        return isAlnum(c) || static_cast<unsigned char>(c) >= 0x80;
    };
    const bool before = pos > 0 && wordByte(original[pos - 1]);
    const bool after = pos + len < original.size() && wordByte(original[pos + len]);
    return !before && !after;
}

// Levenshtein distance of two short words, giving up (returning limit + 1) past `limit`.
int editDistance(const std::string& a, const std::string& b, int limit) {
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        int best = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            best = std::min(best, cur[j]);
        }
        if (best > limit)
            return limit + 1;
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::optional<ApproxHit> approximateFind(const std::string& hay, const std::string& needle,
                                         int maxEdits) {
    const std::size_t m = needle.size(), n = hay.size();
    if (m == 0)
        return std::nullopt;
    if (maxEdits == 0) {
        const auto at = hay.find(needle);
        if (at == std::string::npos)
            return std::nullopt;
        return ApproxHit{at, m, 0};
    }
    // prev/cur: edit distance of needle[0..i) against a suffix of hay[0..j); start: where that
    // suffix begins.
    std::vector<int> prev(n + 1, 0), cur(n + 1, 0);
    std::vector<std::size_t> prevStart(n + 1), curStart(n + 1);
    for (std::size_t j = 0; j <= n; ++j)
        prevStart[j] = j;
    for (std::size_t i = 1; i <= m; ++i) {
        cur[0] = int(i);
        curStart[0] = 0;
        for (std::size_t j = 1; j <= n; ++j) {
            const int sub = prev[j - 1] + (needle[i - 1] == hay[j - 1] ? 0 : 1);
            const int del = prev[j] + 1;    // needle char missing from hay
            const int ins = cur[j - 1] + 1; // extra char in hay
            if (sub <= del && sub <= ins) {
                cur[j] = sub;
                curStart[j] = prevStart[j - 1];
            } else if (del <= ins) {
                cur[j] = del;
                curStart[j] = prevStart[j];
            } else {
                cur[j] = ins;
                curStart[j] = curStart[j - 1];
            }
        }
        std::swap(prev, cur);
        std::swap(prevStart, curStart);
    }
    std::optional<ApproxHit> best;
    for (std::size_t j = 1; j <= n; ++j)
        if (prev[j] <= maxEdits && (!best || prev[j] < best->distance))
            best = ApproxHit{prevStart[j], j - prevStart[j], prev[j]};
    return best;
}

std::string tidyAfterRemoval(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += c;
    }
    // Separators left dangling: "for , follow-up", "Pt : ", "( )".
    auto dangling = [](char c) { return c == ',' || c == ':' || c == ';' || c == '/' || c == '-'; };
    std::string tidy;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (dangling(c)) {
            const bool leftBlank = tidy.empty() || tidy.back() == ' ';
            const bool rightBlank =
                i + 1 >= out.size() || out[i + 1] == ' ' || dangling(out[i + 1]);
            if (leftBlank && rightBlank)
                continue;
        }
        if (c == ' ' && !tidy.empty() && tidy.back() == ' ')
            continue;
        tidy += c;
    }
    while (!tidy.empty() && (tidy.back() == ' ' || dangling(tidy.back())))
        tidy.pop_back();
    while (!tidy.empty() && (tidy.front() == ' ' || dangling(tidy.front())))
        tidy.erase(0, 1);
    std::string result;
    for (std::size_t i = 0; i < tidy.size(); ++i) {
        if (tidy[i] == '(' && i + 1 < tidy.size() && tidy[i + 1] == ')') {
            ++i;
            continue;
        }
        result += tidy[i];
    }
    return result;
}

} // namespace veil
