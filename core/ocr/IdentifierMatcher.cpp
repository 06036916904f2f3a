#include "ocr/IdentifierMatcher.h"

#include "identity/FreeText.h"
#include "identity/TextNormalise.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace veil {

namespace {

bool isDigit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool isAlnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}

struct Atom {
    std::size_t pos = 0, len = 0;
};

// Runs of letters and digits; '.' and ',' between two digits belong to the number.
std::vector<Atom> atomsOf(std::string_view s) {
    std::vector<Atom> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!isAlnum(s[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < s.size() &&
               (isAlnum(s[i]) || ((s[i] == '.' || s[i] == ',') && i > start && isDigit(s[i - 1]) &&
                                  i + 1 < s.size() && isDigit(s[i + 1]))))
            ++i;
        out.push_back({start, i - start});
    }
    return out;
}

const std::regex& re(const char* pattern) = delete;

bool matches(const std::string& s, const std::regex& r) {
    return std::regex_match(s, r);
}

const std::regex kDecimal(R"([-+]?\d+[.,]\d+)");
const std::regex kInteger(R"(\d{1,5})");
const std::regex kNumberWithUnit(R"((\d+(?:[.,]\d+)?)([A-Z]+[23]?))");
const std::regex kPrefixedNumber(R"(([A-Z]+)(\d{1,4}|\d+[.,]\d+))");

// OCR reads 0 as O and 1 as I or l inside numbers: fold them in tokens that are mostly digits.
std::string foldDigits(std::string_view text) {
    std::string out(text);
    for (const Atom& a : atomsOf(text)) {
        const auto digits =
            std::count_if(text.begin() + long(a.pos), text.begin() + long(a.pos + a.len), isDigit);
        if (a.len < 2 || digits * 2 < long(a.len))
            continue;
        for (std::size_t i = a.pos; i < a.pos + a.len; ++i) {
            char& c = out[i];
            if (c == 'O' || c == 'o')
                c = '0';
            else if (c == 'I' || c == 'l' || c == '|')
                c = '1';
        }
    }
    return out;
}

bool onlySpacesBetween(std::string_view s, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i)
        if (s[i] != ' ')
            return false;
    return true;
}

bool hasIdLabel(const std::string& upperText) {
    static const std::regex label(
        R"(\b(ID|MRN|PID|NHS|SSN|ACC|ACCESSION|CHART|RECORD|HOSP|MR|DOB|D\.O\.B|BIRTH|BORN|NO|NUMBER)\b\.?\s*[:#=.]?)");
    return std::regex_search(upperText, label);
}

// "ID: 12345", "DOB 01/02/1960", "Name: Smith": a label, then a value that is not harmless.
bool hasLabelledValue(const std::string& upperText,
                      const std::function<bool(const std::string&)>& harmless) {
    static const std::regex idLabel(
        R"(\b(?:PATIENT ID|PAT ID|PT ID|ID|MRN|PID|NHS(?: NO)?|SSN|ACC(?:ESSION)?(?: NO)?|HOSP(?:ITAL)? NO|CHART|MR ?#|DOB|D\.O\.B\.?|BIRTH ?DATE|DATE OF BIRTH|BORN)\b\s*[:#=.]?\s*([A-Z0-9][A-Z0-9/.\- ]*\d[A-Z0-9/.\-]*))");
    static const std::regex nameLabel(
        R"(\b(?:NAME|PATIENT|PATIENT NAME|PAT|PT|DR|DOCTOR|REF(?:ERRING)?(?: PHYS(?:ICIAN)?)?|PHYSICIAN|OPERATOR|SONOGRAPHER|TECH(?:NOLOGIST)?|PERFORMED BY|READ BY)\s*[:.]\s*([A-Z][A-Z'\-]+))");
    std::smatch m;
    if (std::regex_search(upperText, m, idLabel) && normalise(m[1].str()).size() >= 2)
        return true;
    for (auto it = std::sregex_iterator(upperText.begin(), upperText.end(), nameLabel);
         it != std::sregex_iterator(); ++it)
        if ((*it)[1].length() >= 2 && !harmless((*it)[1].str()))
            return true;
    return false;
}

// "DOE, JOHN", "Lastname, Firstname", "SMITH^JOHN": how names are written on screens.
bool hasNameForm(const std::string& upperText,
                 const std::function<bool(const std::string&)>& harmless) {
    // Small commas read as full stops: "BRENNAN. SIOBHAN" (a full stop then a space).
    static const std::regex comma(R"(\b([A-Z][A-Z'\-]+)(?:\s*[,^]\s*|\.\s+)([A-Z][A-Z'\-]+)\b)");
    for (auto it = std::sregex_iterator(upperText.begin(), upperText.end(), comma);
         it != std::sregex_iterator(); ++it)
        if (!harmless((*it)[1].str()) && !harmless((*it)[2].str()))
            return true;
    return false;
}

// An institution named on the screen: the word that says what it is with a name before it
// ("St Mary's Hospital", "University Hospital", "City Clinic Imaging Centre") or after it
// ("Royal Infirmary of Edinburgh"). Where a patient was seen narrows who they are.
bool hasInstitution(const std::string& upperText,
                    const std::function<bool(const std::string&)>& harmless) {
    static const std::regex named(
        R"(\b([A-Z][A-Z'\-]+)\s+(?:HOSPITAL|INFIRMARY|CLINIC|KLINIKUM|HOSPICE|(?:MEDICAL|HEALTH|IMAGING) CENT(?:RE|ER)|MED CTR)\b)");
    static const std::regex of(R"(\b(?:HOSPITAL|INFIRMARY|CLINIC|KLINIKUM)\s+OF\s+[A-Z]{3,})");
    for (auto it = std::sregex_iterator(upperText.begin(), upperText.end(), named);
         it != std::sregex_iterator(); ++it)
        if (!harmless((*it)[1].str()))
            return true;
    return std::regex_search(upperText, of);
}

// A person named by a title ("Dr J Berg", or as the engine misreads it: "Or P walsh"), by
// identity/FreeText's rule for screen text. On a screen "MR" and
// "MS" in capitals are a modality and a sequence far more often than titles: those count
// in mixed-case text only.
bool hasNameAfterTitle(std::string_view text) {
    const bool mixedCase = std::any_of(text.begin(), text.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c));
    });
    for (const IdentifierMatch& m : findNamesInContext(text, TextSource::Screen)) {
        if (m.attribute != "name after a title")
            continue;
        std::size_t end = m.pos;
        while (end > 0 && !std::isalpha(static_cast<unsigned char>(text[end - 1])))
            --end;
        std::size_t start = end;
        while (start > 0 && std::isalpha(static_cast<unsigned char>(text[start - 1])))
            --start;
        const std::string title = upper(text.substr(start, end - start));
        if (mixedCase || (title != "MR" && title != "MS" && title != "MX"))
            return true;
    }
    return false;
}

// Labels whose value identifies the patient, word by word; the longest match wins.
const std::vector<std::vector<std::string>>& identifyingLabels() {
    static const std::vector<std::vector<std::string>> labels = {{"PATIENT", "NAME"},
                                                                 {"PATIENT", "ID"},
                                                                 {"PAT", "NAME"},
                                                                 {"PAT", "ID"},
                                                                 {"PT", "ID"},
                                                                 {"PATIENTID"},
                                                                 {"PATIENTNAME"},
                                                                 {"NAME"},
                                                                 {"PATIENT"},
                                                                 {"ID"},
                                                                 {"MRN"},
                                                                 {"PID"},
                                                                 {"HOSP", "NO"},
                                                                 {"HOSPITAL", "NO"},
                                                                 {"HOSPNO"},
                                                                 {"NHS", "NO"},
                                                                 {"NHSNO"},
                                                                 {"NHS"},
                                                                 {"DOB"},
                                                                 {"D", "O", "B"},
                                                                 {"DATE", "OF", "BIRTH"},
                                                                 {"BIRTH", "DATE"},
                                                                 {"BIRTHDATE"},
                                                                 {"BIRTH"},
                                                                 {"AGE"},
                                                                 {"SEX"},
                                                                 {"INSTITUTION"},
                                                                 {"HOSPITAL"},
                                                                 {"STUDY", "DATE"},
                                                                 {"STUDYDATE"},
                                                                 {"ACCESSION", "NO"},
                                                                 {"ACCESSION"},
                                                                 {"ACC", "NO"},
                                                                 {"ACC"},
                                                                 {"REF"},
                                                                 {"REF", "PHYS"},
                                                                 {"REFERRING", "PHYSICIAN"},
                                                                 {"REFERRING"},
                                                                 {"PHYSICIAN"}};
    return labels;
}

// A word read as a label word: OCR confusions folded (0/O, 1/I/L, 5/S, 8/B), and one letter
// in four misread for words of four letters or more (short labels must read exactly).
bool readsAsLabelWord(const std::string& word, const std::string& label) {
    const std::string a = foldOcr(word), b = foldOcr(label);
    if (label.size() < 4)
        return a == b;
    return editDistance(a, b) <= int(label.size()) / 4;
}

} // namespace

namespace {

struct LabelAt {
    std::string label;    // the label's words, spaced; empty: none
    std::size_t last = 0; // end of its last word in the text
};

bool colonAfter(std::string_view text, std::size_t end) {
    while (end < text.size() && text[end] == ' ')
        ++end;
    return end < text.size() && text[end] == ':';
}

int digitsIn(const std::string& word) {
    return int(std::count_if(word.begin(), word.end(),
                             [](unsigned char c) { return std::isdigit(c) != 0; }));
}

// A one-word label followed by its colon reads with more tolerance than alone: one of three
// letters with one misread when a value with two digits or more follows ("OGE: B44"); one of
// eight letters or more with a letter in three misread ("Qeeession:" for "Accession:"); one
// of seven or more cut at the line's start where its box began late, its last five letters
// or more read with one wrong at most ("ision:" for "[Acce]ssion:"). No other screen word
// with a colon is that close to one ("SEQ: 5", "Station:", "Motion:" are not labels).
bool readsBeforeColon(const std::string& word, const std::string& label, int edits, bool lineStart,
                      const std::string& value) {
    if (label.size() == 3)
        return edits == 1 && word.size() == 3 && digitsIn(value) >= 2;
    if (label.size() >= 8 && edits <= int(label.size()) / 3)
        return true;
    const std::string w = foldOcr(word), l = foldOcr(label);
    return lineStart && l.size() >= 7 && w.size() >= 5 && w.size() < l.size() &&
           editDistance(w, l.substr(l.size() - w.size())) <= 1;
}

// The longest identifying label whose words start at word `first`, with a value after it.
LabelAt labelFrom(std::string_view text,
                  const std::vector<std::pair<std::size_t, std::size_t>>& words,
                  std::size_t first) {
    auto word = [&](std::size_t w) {
        return upper(
            text.substr(words[first + w].first, words[first + w].second - words[first + w].first));
    };
    const std::size_t count = words.size() - first;
    LabelAt best;
    std::size_t bestWords = 0;
    int bestEdits = 0;
    for (const std::vector<std::string>& label : identifyingLabels()) {
        if (label.size() >= count)
            continue; // a value must follow
        int edits = 0, letters = 0;
        bool all = true, nearly = true;
        for (std::size_t w = 0; w < label.size(); ++w) {
            const int e = editDistance(foldOcr(word(w)), foldOcr(label[w]));
            all = all && readsAsLabelWord(word(w), label[w]);
            nearly = nearly && e <= 1;
            edits += e;
            letters += int(label[w].size());
        }
        // A label of several words reads as one: a letter in four misread over all of them
        // ("Rel Phys" for "Ref Phys"), where each short word alone must read exactly.
        all = all || (label.size() >= 2 && letters >= 6 && nearly && edits <= letters / 4);
        if (!all && label.size() == 1 && colonAfter(text, words[first].second))
            all = readsBeforeColon(word(0), label[0], edits, first == 0, word(1));
        if (!all || label.size() < bestWords || (label.size() == bestWords && edits >= bestEdits))
            continue;
        // "Patient Position: HFS", "Patient Orientation": the patient's pose, not the patient.
        const std::string next = word(label.size());
        if (next == "POSITION" || next == "ORIENTATION" || next == "POS")
            continue;
        // "Patient ID:" alone: what follows is the rest of a label, not a value.
        bool onlyLabelWords = true;
        for (std::size_t w = label.size(); w < count && onlyLabelWords; ++w)
            onlyLabelWords = std::any_of(
                identifyingLabels().begin(), identifyingLabels().end(),
                [&](const std::vector<std::string>& l) {
                    return std::find(l.begin(), l.end(), word(w)) != l.end() && word(w).size() > 1;
                });
        if (onlyLabelWords)
            continue;
        bestWords = label.size();
        bestEdits = edits;
        best.label.clear();
        for (const std::string& w : label)
            best.label += (best.label.empty() ? "" : " ") + w;
        best.last = words[first + label.size() - 1].second;
    }
    return best;
}

} // namespace

std::string identifierLabel(std::string_view text) {
    // A letter misread as a stroke inside a word ("HOSPTY\L", "PAT|ENT"): the word is whole.
    for (std::size_t i = 1; i + 1 < text.size(); ++i)
        if ((text[i] == '\\' || text[i] == '|') &&
            std::isalpha(static_cast<unsigned char>(text[i - 1])) &&
            std::isalpha(static_cast<unsigned char>(text[i + 1]))) {
            std::string whole(text);
            if (whole[i] == '|')
                whole[i] = 'I';
            else
                whole.erase(i, 1);
            return identifierLabel(whole);
        }
    std::vector<std::pair<std::size_t, std::size_t>> words; // [start, end) of alnum runs
    for (std::size_t i = 0; i < text.size();) {
        if (!isAlnum(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < text.size() && isAlnum(text[i]))
            ++i;
        words.emplace_back(start, i);
    }
    if (words.empty())
        return {};
    // The label starts the line; a stray mark or two read before it does not matter, nor
    // specks read as a letter or two at the line's start ('"4 Physician Dr J Berg').
    for (std::size_t first = 0; first < words.size(); ++first) {
        if (LabelAt at = labelFrom(text, words, first); !at.label.empty())
            return at.label;
        if (words[first].second - words[first].first > 2)
            break;
    }
    // Or it follows other text on the line and says it is a label with its colon ("Age: 0?3Y
    // SEX: F", the first label misread).
    for (std::size_t first = 1; first < words.size(); ++first) {
        const LabelAt at = labelFrom(text, words, first);
        if (at.label.empty())
            continue;
        std::size_t next = at.last;
        while (next < text.size() && text[next] == ' ')
            ++next;
        if (next < text.size() && text[next] == ':')
            return at.label;
    }
    return {};
}

bool isBareLabel(std::string_view text) {
    return identifierLabel(text).empty() && !identifierLabel(std::string(text) + " VALUE").empty();
}

std::string identifierLikeReason(std::string_view masked, std::string_view original,
                                 const std::function<bool(const std::string&)>& harmless) {
    const std::string m(masked), o = upper(original);
    // Dates and digit runs by identity/FreeText's rules, with its tolerance for screen text.
    if (containsDate(m, TextSource::Screen))
        return "date";
    if (containsDigitRun(m, TextSource::Screen))
        return "digits";
    if (hasLabelledValue(o, harmless))
        return "label";
    if (hasNameForm(o, harmless))
        return "name";
    if (hasNameAfterTitle(original))
        return "name after a title";
    if (hasInstitution(o, harmless))
        return "institution";
    return {};
}

bool IdentifierMatcher::isHarmlessWord(const std::string& upperWord) const {
    return m_allow.allowsWord(m_modality, normalise(upperWord));
}

std::string IdentifierMatcher::maskHarmless(std::string_view text) const {
    std::string out(text);
    const std::vector<Atom> atoms = atomsOf(text);
    auto blank = [&](const Atom& a) { std::fill_n(out.begin() + long(a.pos), a.len, ' '); };
    std::smatch m;
    for (std::size_t i = 0; i < atoms.size(); ++i) {
        const std::string u = upper(text.substr(atoms[i].pos, atoms[i].len));
        const std::size_t end = atoms[i].pos + atoms[i].len;
        if (matches(u, kDecimal)) {
            blank(atoms[i]);
        } else if (matches(u, kInteger)) {
            std::size_t next = end;
            while (next < text.size() && text[next] == ' ')
                ++next;
            const bool percent = next < text.size() && text[next] == '%';
            const bool unit =
                i + 1 < atoms.size() && onlySpacesBetween(text, end, atoms[i + 1].pos) &&
                m_allow.isUnit(normalise(text.substr(atoms[i + 1].pos, atoms[i + 1].len)));
            if (percent || unit)
                blank(atoms[i]);
        } else if (std::regex_match(u, m, kNumberWithUnit) && m_allow.isUnit(m[2].str())) {
            blank(atoms[i]);
        } else if (std::regex_match(u, m, kPrefixedNumber) && isHarmlessWord(m[1].str())) {
            blank(atoms[i]);
        } else if (isHarmlessWord(u)) {
            blank(atoms[i]);
        }
    }
    return out;
}

IdentifierMatcher::IdentifierMatcher(IdentifierSet identifiers, Allowlist allowlist,
                                     std::string modality)
    : m_ids(std::move(identifiers)), m_allow(std::move(allowlist)),
      m_modality(std::move(modality)) {
    for (const Identifier& id : m_ids.identifiers()) {
        const bool name = id.kind == Identifier::Kind::Name;
        const bool number = id.kind == Identifier::Kind::Id; // dates differ in a digit or two
        for (const std::string& n : IdentifierSet::needlesFor(id)) {
            if (name && n.size() >= 5 &&
                std::all_of(n.begin(), n.end(), [](char c) { return std::isalpha(c); }))
                m_longNames.emplace_back(foldOcr(n), id.attribute);
            if (number && n.size() >= 8)
                m_longNumbers.emplace_back(foldOcr(n), id.attribute);
        }
    }
}

// A long ID read badly: a third of its characters may be wrong ("EDH-0645215" for
// EDH-0048213). Strings this long and this close to the patient's are not chance. Not for
// dates: another date is a digit or two away, and the heuristics flag it anyway.
std::optional<std::string> IdentifierMatcher::misreadNumber(const std::string& masked) const {
    const std::string hay = NormalisedText::of(masked, Fold::OcrConfusions).text;
    for (const auto& [needle, attribute] : m_longNumbers)
        if (approximateFind(hay, needle, int(needle.size() / 3)))
            return attribute;
    return std::nullopt;
}

// A long name inside a longer word: OCR joined it to its neighbour ("SMITHAJOHN" for
// SMITH^JOHN). Exact search would want word boundaries; names this long are taken anyway.
std::optional<std::string> IdentifierMatcher::embeddedName(const std::string& masked) const {
    const std::string hay = NormalisedText::of(masked, Fold::OcrConfusions).text;
    for (const auto& [needle, attribute] : m_longNames)
        if (hay.find(needle) != std::string::npos)
            return attribute;
    return std::nullopt;
}

TextVerdict IdentifierMatcher::headerMatch(std::string masked, std::string_view original) const {
    if (auto attribute = embeddedName(masked))
        return {true, *attribute, "header"};
    const bool labelled = hasIdLabel(upper(original));
    for (int attempt = 0; attempt < 4; ++attempt) {
        const std::optional<IdentifierMatch> m = m_ids.matchOcr(masked);
        if (!m)
            break;
        const bool digitsOnly = std::all_of(m->needle.begin(), m->needle.end(), isDigit);
        // A short number ("123") is an identifier only where a label says so.
        if (!(digitsOnly && m->needle.size() < 5 && !labelled))
            return {true, m->attribute, "header"};
        std::fill_n(masked.begin() + long(m->pos), std::min(m->len, masked.size() - m->pos), ' ');
    }
    if (auto attribute = misreadNumber(masked))
        return {true, *attribute, "header"};
    return {};
}

bool IdentifierMatcher::couldContinueValue(std::string_view text) const {
    if (text.find(':') != std::string_view::npos || !identifierLabel(text).empty())
        return false;
    if (std::any_of(text.begin(), text.end(), isDigit))
        return false;
    const std::string masked = maskHarmless(text);
    int letters = 0, longest = 0, run = 0;
    for (char c : masked) {
        run = std::isalpha(static_cast<unsigned char>(c)) ? run + 1 : 0;
        letters += run > 0;
        longest = std::max(longest, run);
    }
    return longest >= 4 && letters >= 4;
}

TextVerdict IdentifierMatcher::classify(std::string_view text, double confidence, bool textLike,
                                        int glyphHeight, bool stable) const {
    const std::string folded = foldDigits(text);
    const std::string masked = maskHarmless(folded);
    if (!m_ids.empty())
        if (TextVerdict v = headerMatch(masked, folded); v.phi)
            return v;
    if (confidence >= kHeuristicConfidence) {
        const std::string reason = identifierLikeReason(
            masked, folded, [this](const std::string& w) { return isHarmlessWord(w); });
        if (!reason.empty())
            return {true, {}, reason};
    }
    if (confidence >= kLabelConfidence && !identifierLabel(folded).empty())
        return {true, {}, "label"};
    const bool small = glyphHeight > 0 && glyphHeight <= kSmallGlyph;
    // Small glyphs need a surer reading, or one that two renderings agree on; large ones a
    // sure reading or an agreed one.
    const double bar = small ? (stable ? kReadableConfidence : kReadableConfidenceSmall)
                             : (stable ? 0.0 : kReadableConfidence);
    if (textLike && confidence < bar)
        return {true, {}, "unreadable"};
    return {};
}

} // namespace veil
