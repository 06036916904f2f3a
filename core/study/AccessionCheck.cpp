#include "study/AccessionCheck.h"

#include "common/Error.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <cctype>
#include <set>

namespace veil {

namespace {

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n\f\v");
    if (first == std::string::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(first, last - first + 1);
}

std::vector<std::string> splitLines(const std::string& text) {
    std::vector<std::string> lines;
    std::string line;
    for (char c : text) {
        if (c == '\n') {
            lines.push_back(line);
            line.clear();
        } else if (c != '\r') {
            line += c;
        }
    }
    lines.push_back(line);
    return lines;
}

// The separator of a CSV header line (outside quotes), or 0 for a plain list.
char separatorOf(const std::string& header) {
    bool quoted = false;
    for (char c : header) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == ',' || c == ';' || c == '\t'))
            return c;
    }
    return 0;
}

std::vector<std::string> csvCells(const std::string& line, char separator) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == separator) {
            cells.push_back(trim(cell));
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells.push_back(trim(cell));
    return cells;
}

bool isAccessionHeader(const std::string& cell) {
    std::string n;
    for (char c : cell)
        if (std::isalnum(static_cast<unsigned char>(c)))
            n += char(std::tolower(static_cast<unsigned char>(c)));
    return n.rfind("accession", 0) == 0 || n == "accno" || n == "accnumber" || n == "acc";
}

} // namespace

AccessionList parseAccessionList(const std::string& bytes, const std::string& source) {
    if (bytes.find('\0') != std::string::npos)
        throw Error(source, "not a text file: an accession list is one number per line or a CSV");
    std::string text = bytes;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0)
        text.erase(0, 3);
    AccessionList list;
    list.file = source;
    list.sha256 =
        QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
            .toHex()
            .toStdString();
    std::vector<std::string> lines;
    for (const std::string& l : splitLines(text))
        if (!trim(l).empty())
            lines.push_back(l);
    if (lines.empty())
        throw Error(source, "the accession list is empty");
    std::set<std::string> seen;
    auto add = [&](const std::string& value) {
        std::string v = trim(value);
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = trim(v.substr(1, v.size() - 2));
        if (!v.empty() && seen.insert(v).second)
            list.accessions.push_back(v);
    };
    const char separator = separatorOf(lines.front());
    if (separator == 0) {
        // A one-column CSV: its header names the column.
        const bool header = isAccessionHeader(trim(lines.front()));
        if (header)
            list.column = trim(lines.front());
        for (std::size_t i = header ? 1 : 0; i < lines.size(); ++i)
            add(lines[i]);
    } else {
        const std::vector<std::string> header = csvCells(lines.front(), separator);
        std::size_t column = 0;
        for (std::size_t c = 0; c < header.size(); ++c)
            if (isAccessionHeader(header[c])) {
                column = c;
                break;
            }
        list.column = header[column];
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const std::vector<std::string> cells = csvCells(lines[i], separator);
            if (column < cells.size())
                add(cells[column]);
        }
    }
    if (list.accessions.empty())
        throw Error(source, list.column.empty() ? "the accession list holds no accession number"
                                                : "the CSV column \"" + list.column +
                                                      "\" holds no accession number");
    return list;
}

AccessionList loadAccessionList(const std::filesystem::path& file) {
    const std::string name = file.string();
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw Error(name, "the accession list does not exist");
    if (std::filesystem::is_directory(file, ec))
        throw Error(name, "the accession list is a folder, not a file");
    QFile f(QString::fromStdString(name));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(name, "the accession list cannot be read: " + f.errorString().toStdString());
    constexpr qint64 kMaxBytes = 64LL << 20;
    if (f.size() > kMaxBytes)
        throw Error(name, "the accession list is larger than 64 MiB: not a list of numbers");
    return parseAccessionList(f.readAll().toStdString(), name);
}

AccessionComparison compareAccessions(const AccessionList& list, const StudyIndex& index) {
    AccessionComparison c;
    c.listSha256 = list.sha256;
    c.expected = int(list.accessions.size());
    std::set<std::string> present;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies) {
            ++c.studies;
            const std::string acc = trim(st.accessionNumber);
            present.insert(acc);
            if (std::find(list.accessions.begin(), list.accessions.end(), acc) ==
                list.accessions.end())
                c.notOnList.push_back({st.uid, acc});
        }
    for (const std::string& a : list.accessions)
        (present.count(a) ? c.found : c.missing).push_back(a);
    return c;
}

std::vector<std::string> AccessionComparison::problems() const {
    std::vector<std::string> out;
    for (const std::string& a : missing)
        out.push_back("expected accession " + a + " is missing: no study in the inputs carries it");
    for (const StudyOffList& s : notOnList)
        out.push_back("study " + s.studyInstanceUid + " (accession " +
                      (s.accessionNumber.empty() ? std::string("none") : s.accessionNumber) +
                      ") is not on the list");
    return out;
}

std::string AccessionComparison::text() const {
    std::string out = std::to_string(found.size()) + " of " + std::to_string(expected) +
                      " expected accession(s) found in " + std::to_string(studies) + " study(ies)";
    if (complete())
        return out + ": the release is complete";
    out += ": " + std::to_string(missing.size()) + " missing, " + std::to_string(notOnList.size()) +
           " study(ies) not on the list";
    return out;
}

QJsonObject AccessionComparison::auditJson(const AccessionList& list, bool mismatchAccepted) const {
    return QJsonObject{
        {"list", QString::fromStdString(std::filesystem::path(list.file).filename().string())},
        {"listSha256", QString::fromStdString(listSha256)},
        {"expected", expected},
        {"found", int(found.size())},
        {"missing", int(missing.size())},
        {"studiesNotOnList", int(notOnList.size())},
        {"complete", complete()},
        {"mismatchAccepted", !complete() && mismatchAccepted}};
}

std::string accessionCheckReport(const AccessionList& list, const AccessionComparison& c) {
    std::string out =
        "Accession list " + list.file + " (SHA-256 " + list.sha256 + "): " + c.text() + "\n";
    for (const std::string& line : c.problems())
        out += "  " + line + "\n";
    return out;
}

QJsonObject AccessionComparison::toJson() const {
    QJsonArray f, m, extra;
    for (const std::string& a : found)
        f.append(QString::fromStdString(a));
    for (const std::string& a : missing)
        m.append(QString::fromStdString(a));
    for (const StudyOffList& s : notOnList)
        extra.append(QJsonObject{{"studyInstanceUid", QString::fromStdString(s.studyInstanceUid)},
                                 {"accessionNumber", QString::fromStdString(s.accessionNumber)}});
    return QJsonObject{{"listSha256", QString::fromStdString(listSha256)},
                       {"expected", expected},
                       {"studies", studies},
                       {"complete", complete()},
                       {"found", f},
                       {"missing", m},
                       {"notOnList", extra}};
}

} // namespace veil
