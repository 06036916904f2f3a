#include "pacs/PacsTypes.h"

#include <algorithm>
#include <cctype>

namespace veil::pacs {

namespace {

PacsError bad(const std::string& message) {
    return PacsError(PacsError::Kind::BadInput, message);
}

bool allDigits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

void checkDate(const std::string& date, const std::string& whole) {
    if (date.size() != 8 || !allDigits(date))
        throw bad("study date '" + whole + "': '" + date +
                  "' is not a date written YYYYMMDD (a range is FROM-TO, FROM- or -TO)");
    const int month = std::stoi(date.substr(4, 2)), day = std::stoi(date.substr(6, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31)
        throw bad("study date '" + whole + "': '" + date + "' has no such month or day");
}

} // namespace

void checkAeTitle(const std::string& aet, const std::string& what) {
    if (aet.empty())
        throw bad(what + ": the AE title is empty");
    if (aet.size() > 16)
        throw bad(what + ": AE title '" + aet + "' is longer than 16 characters");
    for (unsigned char c : aet) {
        if (c < 0x20 || c == 0x7f || c == '\\')
            throw bad(what + ": AE title '" + aet + "' holds a backslash or a control character");
    }
    if (aet.find_first_not_of(' ') == std::string::npos)
        throw bad(what + ": the AE title is only spaces");
}

PacsNode PacsNode::parse(const std::string& text) {
    const std::string what = "node '" + text + "'";
    const auto at = text.rfind('@');
    if (at == std::string::npos)
        throw bad(what + ": expected AET@HOST:PORT (no '@')");
    PacsNode node;
    node.aet = text.substr(0, at);
    checkAeTitle(node.aet, what);
    std::string rest = text.substr(at + 1);
    std::string portText;
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':')
            throw bad(what + ": expected [IPV6]:PORT after '@'");
        node.host = rest.substr(1, close - 1);
        portText = rest.substr(close + 2);
    } else {
        const auto colon = rest.rfind(':');
        if (colon == std::string::npos)
            throw bad(what + ": expected HOST:PORT after '@' (no ':PORT')");
        node.host = rest.substr(0, colon);
        portText = rest.substr(colon + 1);
    }
    if (node.host.empty())
        throw bad(what + ": the host is empty");
    if (!allDigits(portText) || portText.size() > 5 || std::stoi(portText) < 1 ||
        std::stoi(portText) > 65535)
        throw bad(what + ": port '" + portText + "' is not a number from 1 to 65535");
    node.port = std::stoi(portText);
    return node;
}

std::string PacsNode::toString() const {
    const bool v6 = host.find(':') != std::string::npos;
    return aet + "@" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string levelName(QueryLevel level) {
    switch (level) {
    case QueryLevel::Patient:
        return "patient";
    case QueryLevel::Study:
        return "study";
    case QueryLevel::Series:
        return "series";
    }
    return "study";
}

QueryLevel parseLevel(const std::string& text) {
    if (text == "patient")
        return QueryLevel::Patient;
    if (text == "study")
        return QueryLevel::Study;
    if (text == "series")
        return QueryLevel::Series;
    throw bad("level '" + text + "': expected patient, study or series");
}

void checkQuery(const PacsQuery& query) {
    if (!query.studyDate.empty()) {
        const auto dash = query.studyDate.find('-');
        if (dash == std::string::npos) {
            checkDate(query.studyDate, query.studyDate);
        } else {
            const std::string from = query.studyDate.substr(0, dash);
            const std::string to = query.studyDate.substr(dash + 1);
            if (from.empty() && to.empty())
                throw bad("study date '-': give FROM-TO, FROM- or -TO");
            if (!from.empty())
                checkDate(from, query.studyDate);
            if (!to.empty())
                checkDate(to, query.studyDate);
            if (!from.empty() && !to.empty() && from > to)
                throw bad("study date '" + query.studyDate + "': the range ends before it starts");
        }
    }
    for (const auto* key : {&query.patientId, &query.patientName, &query.accession, &query.modality,
                            &query.studyUid}) {
        if (key->find('\\') != std::string::npos)
            throw bad("query key '" + *key + "': a backslash would make it a list of values");
    }
    if (query.level == QueryLevel::Patient &&
        (!query.accession.empty() || !query.studyDate.empty() || !query.modality.empty() ||
         !query.studyUid.empty()))
        throw bad("a patient-level query takes only the patient ID and name; accession, study "
                  "date and modality need --level study or series");
}

int SendReport::sent() const {
    return static_cast<int>(
        std::count_if(files.begin(), files.end(), [](const SendFileResult& f) { return f.ok; }));
}

int SendReport::failed() const {
    return static_cast<int>(files.size()) - sent();
}

} // namespace veil::pacs
