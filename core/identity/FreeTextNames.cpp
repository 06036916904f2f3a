// Identifying text recognised by what the words are rather than by whose header they come
// from: names after a title or a relation ("Dr Castellano", "daughter Jane Whitfield"),
// UK postcodes and NHS numbers. Part of findIdentifyingPatterns (FreeText.h).
#include "identity/FreeText.h"

#include <array>
#include <cctype>
#include <string>

namespace veil {

namespace {

bool upper(char c) {
    return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool lower(char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
}
bool alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

std::string upperCopy(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

struct Word {
    std::size_t pos = 0, len = 0;
};

// A word of letters (with inner apostrophes and hyphens: O'Brien, Smith-Jones) at `at`.
Word wordAt(std::string_view t, std::size_t at) {
    std::size_t e = at;
    while (e < t.size() && (alpha(t[e]) || ((t[e] == '\'' || t[e] == '-') && e + 1 < t.size() &&
                                            alpha(t[e + 1]) && e > at)))
        ++e;
    return {at, e - at};
}

constexpr std::array<const char*, 12> kTitles = {
    "DR", "MR", "MRS", "MS", "MISS", "PROF", "PROFESSOR", "SISTER", "NURSE", "MX", "SIR", "DAME"};
constexpr std::array<const char*, 22> kRelations = {
    "DAUGHTER", "SON",    "WIFE",    "HUSBAND", "PARTNER",  "MOTHER",       "FATHER", "SISTER",
    "BROTHER",  "MUM",    "DAD",     "MOM",     "AUNT",     "UNCLE",        "NIECE",  "NEPHEW",
    "COUSIN",   "FIANCE", "FIANCEE", "CARER",   "GUARDIAN", "GRANDDAUGHTER"};
// Words that may follow a title or a relation without being a name.
constexpr std::array<const char*, 24> kNotNames = {
    "AND", "OR", "THE",  "A",    "AN",   "IS",    "WAS",  "HAS", "HAD", "WHO", "TO",   "OF",
    "IN",  "AT", "WITH", "FROM", "SAID", "NOTED", "WILL", "NOT", "ON",  "FOR", "ALSO", "HERE"};

template <std::size_t N> bool among(const std::string& w, const std::array<const char*, N>& list) {
    for (const char* x : list)
        if (w == x)
            return true;
    return false;
}

bool hasLowerCase(std::string_view t) {
    for (char c : t)
        if (lower(c))
            return true;
    return false;
}

// Could this word be (part of) a name? In mixed-case text names are capitalised; in text
// written all in capitals any word that is not a common function word may be one.
bool nameLike(std::string_view t, Word w, bool mixedCase) {
    if (w.len == 0 || !upper(t[w.pos]))
        return false;
    if (among(upperCopy(t.substr(w.pos, w.len)), kNotNames))
        return false;
    return mixedCase || w.len >= 2;
}

std::size_t skipSpaces(std::string_view t, std::size_t i) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t'))
        ++i;
    return i;
}

// The name words after a title or relation ending at `end`: up to three, initials included.
// Returns the span, or len 0.
Word namesAfter(std::string_view t, std::size_t end, bool mixedCase, bool relation) {
    std::size_t i = end;
    if (i < t.size() && t[i] == '.')
        ++i;
    i = skipSpaces(t, i);
    if (relation) { // "daughter, Jane", "daughter (Jane)", "son: Tom", "wife is Mary", "son named
                    // Tom"
        if (i < t.size() && (t[i] == ',' || t[i] == ':' || t[i] == '('))
            i = skipSpaces(t, i + 1);
        const Word link = wordAt(t, i);
        const std::string l = upperCopy(t.substr(link.pos, link.len));
        if (l == "IS" || l == "NAMED" || l == "CALLED")
            i = skipSpaces(t, link.pos + link.len);
    }
    const std::size_t start = i;
    std::size_t last = start;
    for (int n = 0; n < 3 && i < t.size(); ++n) {
        const Word w = wordAt(t, i);
        if (!nameLike(t, w, mixedCase))
            break;
        i = w.pos + w.len;
        if (i < t.size() && t[i] == '.' && w.len == 1)
            ++i; // "J."
        last = i;
        const std::size_t next = skipSpaces(t, i);
        if (next == i)
            break;
        i = next;
    }
    return {start, last - start};
}

// "Dr" as OCR misreads it off a screen: D as O or 0, r as f, t or e ("Or P Walsh", "De K
// Patel", "OF L Moreau"). Two letters that are also words ("Or", "Of"), so what follows must
// be a name by its shape: an initial (not "A" or "I") and a word of two letters or more
// (whose capital the engine may have read small), or a capitalised word of three letters or
// more with lower case after its capital ("Or SOkope": in capitals "OR CORONAL" is a word).
bool misreadDoctor(std::string_view word) {
    if (word.size() != 2)
        return false;
    const char d = word[0], r = word[1];
    return (d == 'D' || d == 'O' || d == '0') &&
           (r == 'r' || r == 'R' || r == 'f' || r == 'F' || r == 't' || r == 'e');
}

Word nameAfterMisreadTitle(std::string_view t, std::size_t end) {
    const std::size_t i = skipSpaces(t, end);
    if (i == end)
        return {};
    const Word first = wordAt(t, i);
    if (first.len == 0 || !upper(t[first.pos]))
        return {};
    if (first.len == 1) { // an initial, then the surname
        if (t[first.pos] == 'A' || t[first.pos] == 'I')
            return {};
        std::size_t j = first.pos + 1;
        if (j < t.size() && t[j] == '.')
            ++j;
        const std::size_t k = skipSpaces(t, j);
        const Word surname = wordAt(t, k);
        if (k == j || surname.len < 2 || among(upperCopy(t.substr(k, surname.len)), kNotNames))
            return {};
        return {first.pos, surname.pos + surname.len - first.pos};
    }
    if (first.len >= 3 && hasLowerCase(t.substr(first.pos + 1, first.len - 1)) &&
        !among(upperCopy(t.substr(first.pos, first.len)), kNotNames))
        return first;
    return {};
}

} // namespace

std::vector<IdentifierMatch> findNamesInContext(std::string_view t, TextSource source) {
    std::vector<IdentifierMatch> out;
    const bool mixedCase = hasLowerCase(t);
    for (std::size_t i = 0; i < t.size();) {
        if (!alpha(t[i]) || (i > 0 && alpha(t[i - 1]))) {
            ++i;
            continue;
        }
        const Word w = wordAt(t, i);
        const std::string word = upperCopy(t.substr(w.pos, w.len));
        const bool title = among(word, kTitles) && upper(t[w.pos]);
        const bool relation = among(word, kRelations);
        if (title || relation) {
            const Word names = namesAfter(t, w.pos + w.len, mixedCase, relation && !title);
            if (names.len > 0) {
                out.push_back({names.pos, names.len,
                               title ? "name after a title" : "name after a relation",
                               std::string(t.substr(names.pos, names.len)), 0});
                i = names.pos + names.len;
                continue;
            }
        } else if (source == TextSource::Screen && misreadDoctor(t.substr(w.pos, w.len))) {
            const Word names = nameAfterMisreadTitle(t, w.pos + w.len);
            if (names.len > 0) {
                out.push_back({names.pos, names.len, "name after a title",
                               std::string(t.substr(names.pos, names.len)), 0});
                i = names.pos + names.len;
                continue;
            }
        }
        i = w.pos + std::max<std::size_t>(1, w.len);
    }
    return out;
}

// EH16 4SA, SW1A 1AA, M1 1AE: outward code (1–2 letters, a digit, an optional letter or
// digit), optional space, inward code (a digit, two letters). Capitals only.
std::size_t ukPostcodeAt(std::string_view t, std::size_t at) {
    if (at > 0 && (alpha(t[at - 1]) || digit(t[at - 1])))
        return 0;
    for (std::size_t letters = 1; letters <= 2; ++letters) {
        std::size_t p = at;
        while (p < at + letters && p < t.size() && upper(t[p]))
            ++p;
        if (p != at + letters || p >= t.size() || !digit(t[p]))
            continue;
        ++p;
        for (std::size_t extra : {1u, 0u}) {
            if (extra && (p >= t.size() || !(digit(t[p]) || upper(t[p]))))
                continue;
            std::size_t r = p + extra;
            if (r < t.size() && t[r] == ' ')
                ++r;
            if (r + 3 > t.size() || !digit(t[r]) || !upper(t[r + 1]) || !upper(t[r + 2]))
                continue;
            r += 3;
            if (r < t.size() && (alpha(t[r]) || digit(t[r])))
                continue;
            return r - at;
        }
    }
    return 0;
}

// Ten digits, optionally written 3-3-4 with spaces or hyphens, whose modulus-11 check digit
// is right (NHS England, Wales and Isle of Man numbers).
std::size_t nhsNumberAt(std::string_view t, std::size_t at) {
    std::string digits;
    std::size_t i = at;
    const int groups[] = {3, 3, 4};
    bool grouped = false;
    for (int g = 0; g < 3; ++g) {
        for (int k = 0; k < groups[g]; ++k, ++i) {
            if (i >= t.size() || !digit(t[i]))
                return 0;
            digits += t[i];
        }
        if (g < 2 && i < t.size() && (t[i] == ' ' || t[i] == '-') && i + 1 < t.size() &&
            digit(t[i + 1]) && (g == 0 || grouped)) {
            grouped = true;
            ++i;
        } else if (g == 1 && grouped) {
            return 0;
        }
    }
    if (i < t.size() && (digit(t[i]) || alpha(t[i])))
        return 0;
    int sum = 0;
    for (int k = 0; k < 9; ++k)
        sum += (digits[k] - '0') * (10 - k);
    int check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    return check != 10 && check == digits[9] - '0' ? i - at : 0;
}

} // namespace veil
