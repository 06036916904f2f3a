#include "identity/FreeText.h"

#include "identity/TextNormalise.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

namespace veil {

namespace {

bool digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

// Digits from `at`; returns how many.
std::size_t digitsAt(std::string_view t, std::size_t at) {
    std::size_t n = 0;
    while (at + n < t.size() && digit(t[at + n]))
        ++n;
    return n;
}

// A month name (3 letters or more of it) at `at`; returns its length, 0 if none.
std::size_t monthAt(std::string_view t, std::size_t at) {
    std::size_t n = 0;
    while (at + n < t.size() && std::isalpha(static_cast<unsigned char>(t[at + n])))
        ++n;
    if (n < 3)
        return 0;
    std::string word(t.substr(at, 3));
    for (char& c : word)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    for (const char* m : kMonths)
        if (word == m)
            return n;
    return 0;
}

bool startsWord(std::string_view t, std::size_t at) {
    if (at == 0)
        return true;
    const char before = t[at - 1];
    // "1.5", "x2": part of a longer token, not a number of its own.
    return !alnum(before) && !(before == '.' && at >= 2 && digit(t[at - 2]));
}

bool endsWord(std::string_view t, std::size_t end) {
    return end >= t.size() || !alnum(t[end]);
}

// "07700 900461", "0131 496 0821", "+49 89 4961 2207", "(0131) 496-0821", "4821932210":
// 7 to 15 digits in groups of two or more, separated by one space, hyphen or bracket.
std::size_t phoneAt(std::string_view t, std::size_t at) {
    std::size_t i = at;
    if (t[i] == '+' || t[i] == '(')
        ++i;
    std::size_t digits = 0, end = at;
    while (true) {
        const std::size_t group = digitsAt(t, i);
        if (group < 2 && !(group == 1 && digits == 0 && t[at] == '+'))
            break;
        digits += group;
        i += group;
        end = i;
        if (i < t.size() && t[i] == ')')
            end = ++i;
        if (i + 1 < t.size() && (t[i] == ' ' || t[i] == '-' || t[i] == '(') && digit(t[i + 1]))
            ++i;
        else if (i + 2 < t.size() && t[i] == ' ' && t[i + 1] == '(' && digit(t[i + 2]))
            i += 2;
        else
            break;
    }
    return digits >= 7 && digits <= 15 && endsWord(t, end) ? end - at : 0;
}

bool plausibleDayMonth(int d, int m) {
    return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

int number(std::string_view t, std::size_t at, std::size_t n) {
    return std::stoi(std::string(t.substr(at, n)));
}

bool dateSeparator(char c) {
    return c == '/' || c == '.' || c == '-';
}

// 13/07/1961, 13.07.61, 1961-07-13, 7-13-1961. Read off a screen, the two separators may
// differ (OCR reads one '/' as '-') and a letter may touch the date ("DOB01/02/1990").
std::size_t numericDateAt(std::string_view t, std::size_t at, TextSource source) {
    const bool screen = source == TextSource::Screen;
    const std::size_t a = digitsAt(t, at);
    if (a == 0 || a > 4 || at + a >= t.size())
        return 0;
    const char sep = t[at + a];
    if (!dateSeparator(sep))
        return 0;
    const std::size_t b = digitsAt(t, at + a + 1);
    if (b == 0 || b > 2 || at + a + 1 + b >= t.size())
        return 0;
    const char sep2 = t[at + a + 1 + b];
    if (screen ? !dateSeparator(sep2) : sep2 != sep)
        return 0;
    const std::size_t cAt = at + a + 1 + b + 1;
    const std::size_t c = digitsAt(t, cAt); // the whole run: a digit never follows it
    const std::size_t len = cAt + c - at;
    if (!screen && !endsWord(t, at + len))
        return 0;
    const int x = number(t, at, a), y = number(t, at + a + 1, b);
    if (a == 4)
        return (c >= 1 && c <= 2 && x >= 1800 && x <= 2199 &&
                plausibleDayMonth(number(t, cAt, c), y))
                   ? len
                   : 0;
    if (a > 2 || (c != 2 && c != 4))
        return 0;
    return plausibleDayMonth(x, y) || plausibleDayMonth(y, x) ? len : 0;
}

// "ST", "ND", "RD", "TH" after a day (any case): its length, 0 if none.
std::size_t ordinalAt(std::string_view t, std::size_t at) {
    if (at + 2 > t.size())
        return 0;
    std::string s(t.substr(at, 2));
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s == "ST" || s == "ND" || s == "RD" || s == "TH" ? 2 : 0;
}

// 13 Jul 1961, 13-JUL-61, 13th July 1961, Jul 13 1961, July 13th, 1961, 1961 Jul 13. Typed,
// spaces, hyphens, commas and dots separate the parts; read off a screen, any one or two
// characters that are not letters or digits do (OCR reads a space beside a digit as '\', a
// quote or a dot).
std::size_t wordDateAt(std::string_view t, std::size_t at, TextSource source) {
    auto skipSep = [&](std::size_t i) {
        if (source == TextSource::Screen) {
            for (int n = 0; n < 2 && i < t.size() && !alnum(t[i]); ++n)
                ++i;
            return i;
        }
        while (i < t.size() && (t[i] == ' ' || t[i] == '-' || t[i] == ',' || t[i] == '.'))
            ++i;
        return i;
    };
    auto day = [&](std::size_t i) -> std::size_t { // its length with an ordinal, 0 if none
        const std::size_t d = digitsAt(t, i);
        return d >= 1 && d <= 2 ? d + ordinalAt(t, i + d) : 0;
    };
    std::size_t i = at;
    if (digitsAt(t, i) == 4) { // 1961 Jul 13
        const std::size_t mAt = skipSep(i + 4);
        const std::size_t m = monthAt(t, mAt);
        const std::size_t dAt = m > 0 ? skipSep(mAt + m) : 0;
        const std::size_t d = m > 0 ? day(dAt) : 0;
        return d > 0 && endsWord(t, dAt + d) ? dAt + d - at : 0;
    }
    if (const std::size_t d = day(i); d > 0) {
        const std::size_t m = monthAt(t, skipSep(i + d));
        if (m == 0)
            return 0;
        i = skipSep(i + d) + m;
    } else if (const std::size_t m = monthAt(t, i); m > 0) {
        const std::size_t dAt = skipSep(i + m);
        const std::size_t dn = day(dAt);
        if (dn == 0)
            return 0;
        i = dAt + dn;
    } else {
        return 0;
    }
    const std::size_t yAt = skipSep(i);
    const std::size_t y = digitsAt(t, yAt);
    if ((y != 2 && y != 4) || !endsWord(t, yAt + y))
        return 0;
    return yAt + y - at;
}

// Six or more digits with at most one space or hyphen between any two: an ID or a number read
// off a screen, where OCR splits digit groups anywhere.
std::size_t screenDigitRunAt(std::string_view t, std::size_t at) {
    std::size_t digits = 0, end = at;
    for (std::size_t i = at; i < t.size() && digit(t[i]);) {
        ++digits;
        end = ++i;
        if (i + 1 < t.size() && (t[i] == ' ' || t[i] == '-') && digit(t[i + 1]))
            ++i;
    }
    return digits >= 6 ? end - at : 0;
}

// name@example.org
std::size_t emailAround(std::string_view t, std::size_t atSign, std::size_t* start) {
    auto local = [](char c) { return alnum(c) || std::strchr("._%+-", c); };
    auto domain = [](char c) { return alnum(c) || c == '.' || c == '-'; };
    std::size_t s = atSign;
    while (s > 0 && local(t[s - 1]))
        --s;
    std::size_t e = atSign + 1;
    while (e < t.size() && domain(t[e]))
        ++e;
    while (e > atSign + 1 && t[e - 1] == '.')
        --e;
    const std::string_view host = t.substr(atSign + 1, e - atSign - 1);
    if (s == atSign || host.find('.') == std::string_view::npos)
        return 0;
    *start = s;
    return e - s;
}

// A removed name part takes the DICOM name separators next to it and a lone initial after
// them: "SMITH^JOHN^A" goes whole, not leaving "^^A".
void widenOverNameSeparators(std::string_view t, IdentifierMatch& m) {
    while (m.pos > 0 && t[m.pos - 1] == '^') {
        --m.pos;
        ++m.len;
    }
    std::size_t end = m.pos + m.len;
    while (end < t.size() && t[end] == '^') {
        ++end;
        if (end < t.size() && std::isalpha(static_cast<unsigned char>(t[end])) &&
            (end + 1 == t.size() || !alnum(t[end + 1])))
            ++end; // an initial
    }
    m.len = end - m.pos;
}

} // namespace

std::size_t dateAt(std::string_view t, std::size_t at, TextSource source) {
    if (at >= t.size())
        return 0;
    const bool screen = source == TextSource::Screen;
    if (screen ? at > 0 && digit(t[at - 1]) : !startsWord(t, at))
        return 0;
    if (const std::size_t n = numericDateAt(t, at, source); n > 0)
        return n;
    if (screen && at > 0 && alnum(t[at - 1]))
        return 0; // a date in words starts a word
    return wordDateAt(t, at, source);
}

std::size_t digitRunAt(std::string_view t, std::size_t at, TextSource source) {
    if (at >= t.size())
        return 0;
    if (source == TextSource::Screen)
        return screenDigitRunAt(t, at);
    return startsWord(t, at) ? phoneAt(t, at) : 0;
}

bool containsDate(std::string_view t, TextSource source) {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (dateAt(t, i, source) > 0)
            return true;
    return false;
}

bool containsDigitRun(std::string_view t, TextSource source) {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (digitRunAt(t, i, source) > 0)
            return true;
    return false;
}

std::vector<IdentifierMatch> findIdentifyingPatterns(std::string_view t) {
    std::vector<IdentifierMatch> out;
    for (std::size_t i = 0; i < t.size();) {
        std::size_t len = 0;
        const char* what = nullptr;
        if (t[i] == '@') {
            std::size_t start = i;
            if ((len = emailAround(t, i, &start)) > 0) {
                while (!out.empty() && out.back().pos >= start)
                    out.pop_back();
                out.push_back({start, len, "e-mail address", std::string(t.substr(start, len)), 0});
                i = start + len;
                continue;
            }
        } else if (startsWord(t, i)) {
            if ((len = dateAt(t, i)) > 0)
                what = "date";
            else if ((len = nhsNumberAt(t, i)) > 0)
                what = "NHS number";
            else if ((len = digitRunAt(t, i)) > 0)
                what = "phone or ID number";
            else if ((len = ukPostcodeAt(t, i)) > 0)
                what = "postcode";
        }
        if (what) {
            out.push_back({i, len, what, std::string(t.substr(i, len)), 0});
            i += len;
        } else {
            ++i;
        }
    }
    for (IdentifierMatch& m : findNamesInContext(t))
        out.push_back(std::move(m));
    std::stable_sort(
        out.begin(), out.end(),
        [](const IdentifierMatch& a, const IdentifierMatch& b) { return a.pos < b.pos; });
    return out;
}

std::vector<IdentifierMatch> findFreeTextIdentifiers(const IdentifierSet& ids,
                                                     std::string_view text) {
    std::vector<IdentifierMatch> hits = ids.findIn(text);
    for (IdentifierMatch& m : ids.findNamesApprox(text))
        hits.push_back(std::move(m));
    for (IdentifierMatch& m : hits)
        widenOverNameSeparators(text, m);
    const std::vector<IdentifierMatch> patterns = findIdentifyingPatterns(text);
    hits.insert(hits.end(), patterns.begin(), patterns.end());
    std::sort(hits.begin(), hits.end(), [](const IdentifierMatch& a, const IdentifierMatch& b) {
        return a.pos != b.pos ? a.pos < b.pos : a.len > b.len;
    });
    return hits;
}

std::string cleanFreeText(const IdentifierSet& ids, std::string_view text,
                          std::vector<IdentifierMatch>* removed) {
    return removeMatches(text, findFreeTextIdentifiers(ids, text), removed);
}

} // namespace veil
