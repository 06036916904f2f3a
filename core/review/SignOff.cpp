#include "review/SignOff.h"

#include "common/Error.h"
#include "review/SignerKey.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cctype>

namespace veil {

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string normalisedName(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += char(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string requireString(const QJsonObject& o, const char* key) {
    const QJsonValue v = o.value(key);
    if (!v.isString())
        throw Error(std::string("sign-off: ") + key + " is missing or not a string");
    return v.toString().toStdString();
}

std::string who(const SignOff& s) {
    return std::string(roleName(s.role)) + " sign-off" + (s.name.empty() ? "" : " by " + s.name);
}

} // namespace

const char* roleName(SignOffRole role) {
    return role == SignOffRole::Approver ? "approver" : "reviewer";
}

std::optional<SignOffRole> roleFromName(std::string_view name) {
    const std::string n = normalisedName(name);
    if (n == "reviewer")
        return SignOffRole::Reviewer;
    if (n == "approver" || n == "ig" || n == "information governance")
        return SignOffRole::Approver;
    return std::nullopt;
}

const std::vector<ChecklistItem>& checklistFor(ReleaseLevel level) {
    static const std::vector<ChecklistItem> publication = {
        {"burned-in-text", "Burned-in text was reviewed on every image."},
        {"no-rare-feature",
         "No rare feature (condition, implant, anatomy, marking) singles the patient out."},
        {"faces-handled", "Face-revealing CT/MR volumes were defaced, cropped or left out."},
        {"only-needed-images", "Only the images needed are included."},
        {"slides-single-slices", "Slides are exported as single slices without metadata."},
    };
    static const std::vector<ChecklistItem> limited = {
        {"burned-in-text", "Burned-in text was reviewed on every image."},
        {"only-needed-images", "Only the images needed are included."},
        {"recipient-agreement", "The recipient is bound by a data-sharing agreement; the "
                                "mapping table stays with the sender."},
    };
    return level == ReleaseLevel::Limited ? limited : publication;
}

std::vector<ChecklistItem> checklistFor(ReleaseLevel level,
                                        const std::vector<std::string>& faceSeries) {
    std::vector<ChecklistItem> list = checklistFor(level);
    if (faceSeries.empty())
        return list;
    std::string names;
    for (const std::string& s : faceSeries)
        names += (names.empty() ? "" : "; ") + s;
    for (ChecklistItem& item : list)
        if (item.id == "faces-handled")
            item.text = "Face-revealing CT/MR volumes were defaced, cropped or left out. May show "
                        "a face: " +
                        names + ".";
    return list;
}

QJsonObject SignOff::toJson() const {
    QJsonArray items;
    for (const std::string& c : confirmed)
        items.append(q(c));
    QJsonObject o{{"name", q(name)},
                  {"role", roleName(role)},
                  {"time", q(time)},
                  {"level", levelName(level)},
                  {"confirmed", items}};
    if (!title.empty())
        o.insert("title", q(title));
    if (!comment.empty())
        o.insert("comment", q(comment));
    if (!account.empty())
        o.insert("account", q(account));
    if (!publicKey.empty())
        o.insert("publicKey", q(publicKey));
    if (!signature.empty()) {
        o.insert("signature", q(signature));
        o.insert("fingerprint", q(fingerprint()));
    }
    return o;
}

std::string SignOff::statement() const {
    QJsonObject o = toJson();
    o.remove("signature");
    o.remove("fingerprint");
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

void SignOff::signWith(const SignerKey& key) {
    publicKey = key.publicKeyHex();
    signature.clear();
    signature = key.signHex(statement());
}

bool SignOff::signatureValid() const {
    return isSigned() && verifySignature(publicKey, statement(), signature);
}

std::string SignOff::fingerprint() const {
    return keyFingerprint(publicKey);
}

SignOff SignOff::fromJson(const QJsonObject& json) {
    SignOff s;
    s.name = requireString(json, "name");
    const auto role = roleFromName(requireString(json, "role"));
    if (!role)
        throw Error("sign-off: role \"" + json.value("role").toString().toStdString() +
                    "\" is not reviewer or approver");
    s.role = *role;
    s.time = requireString(json, "time");
    const auto level = levelFromName(requireString(json, "level"));
    if (!level)
        throw Error("sign-off: level \"" + json.value("level").toString().toStdString() +
                    "\" is not publication or limited");
    s.level = *level;
    if (!json.value("confirmed").isArray())
        throw Error("sign-off: confirmed is missing or not a list");
    for (const QJsonValue& v : json.value("confirmed").toArray())
        s.confirmed.insert(v.toString().toStdString());
    s.title = json.value("title").toString().toStdString();
    s.comment = json.value("comment").toString().toStdString();
    s.account = json.value("account").toString().toStdString();
    s.publicKey = json.value("publicKey").toString().toStdString();
    s.signature = json.value("signature").toString().toStdString();
    return s;
}

std::string utcNow() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
}

bool samePerson(std::string_view a, std::string_view b) {
    return normalisedName(a) == normalisedName(b);
}

Problems checkSignOff(const SignOff& s, ReleaseLevel level) {
    Problems p;
    if (normalisedName(s.name).empty())
        p.add(std::string(roleName(s.role)) + " sign-off: the person's name is missing");
    if (!QDateTime::fromString(q(s.time), Qt::ISODate).isValid())
        p.add(who(s) + ": the time \"" + s.time + "\" is not an ISO 8601 date and time");
    if (s.isSigned() && !s.signatureValid())
        p.add(who(s) + ": the signature does not match the sign-off (altered, or signed with "
                       "another key)");
    if (s.level != level)
        p.add(who(s) + ": signed for the " + levelName(s.level) + " level, but the export is " +
              levelName(level));
    const std::vector<ChecklistItem>& list = checklistFor(level);
    for (const ChecklistItem& item : list)
        if (!s.confirmed.count(item.id))
            p.add(who(s) + ": not confirmed: " + item.text);
    for (const std::string& c : s.confirmed)
        if (std::none_of(list.begin(), list.end(),
                         [&](const ChecklistItem& i) { return i.id == c; }))
            p.add(who(s) + ": \"" + c + "\" is not an item of the " + levelName(level) +
                  " checklist");
    return p;
}

const SignOff* approverOf(const std::vector<SignOff>& signOffs) {
    for (const SignOff& s : signOffs)
        if (s.role == SignOffRole::Approver)
            return &s;
    return nullptr;
}

Problems checkSignOffs(const std::vector<SignOff>& signOffs, ReleaseLevel level) {
    Problems p;
    int reviewers = 0, approvers = 0;
    for (const SignOff& s : signOffs) {
        for (std::string& problem : checkSignOff(s, level).items)
            p.add(std::move(problem));
        (s.role == SignOffRole::Reviewer ? reviewers : approvers)++;
    }
    if (reviewers == 0)
        p.add("no reviewer has signed off");
    if (approvers > 1)
        p.add("more than one approver sign-off: one approver releases an export");
    if (approvers == 0 && level == ReleaseLevel::Publication)
        p.add("the publication level needs a second sign-off by an approver (information "
              "governance role)");
    if (const SignOff* a = approverOf(signOffs)) {
        for (const SignOff& s : signOffs) {
            if (s.role == SignOffRole::Reviewer && samePerson(s.name, a->name))
                p.add("the approver (" + a->name +
                      ") also signed as reviewer: the approver must be another person");
            else if (s.role == SignOffRole::Reviewer && !s.publicKey.empty() &&
                     s.publicKey == a->publicKey)
                p.add("the approver (" + a->name + ") signed with the same key as the reviewer (" +
                      s.name + "): the approver must be another person, with their own key");
        }
    }
    return p;
}

} // namespace veil
