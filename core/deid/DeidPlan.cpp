#include "deid/DeidPlan.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace veil {

namespace {

constexpr std::pair<Action, const char*> kNames[] = {
    {Action::Keep, "keep"},
    {Action::Remove, "remove"},
    {Action::Empty, "empty"},
    {Action::Dummy, "dummy"},
    {Action::Clean, "clean"},
    {Action::RemapUid, "remap-uid"},
    {Action::ShiftDate, "shift-date"},
    {Action::Pseudonym, "pseudonym"},
    {Action::Replace, "replace"},
    {Action::Insert, "insert"},
    {Action::Blank, "blank"},
};

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
std::string s(const QJsonValue& v) {
    return v.toString().toStdString();
}

QJsonArray pathToJson(const TagPath& path) {
    QJsonArray out;
    for (const PathStep& step : path.steps) {
        QJsonArray pair{int(step.tag.key()), step.item};
        out.append(pair);
    }
    return out;
}

TagPath pathFromJson(const QJsonArray& a) {
    TagPath p;
    for (const QJsonValue& v : a) {
        const QJsonArray pair = v.toArray();
        if (pair.size() != 2)
            throw Error("plan: a path step must be [tag, item]");
        const auto key = std::uint32_t(pair[0].toInteger());
        p.steps.push_back(
            {Tag(std::uint16_t(key >> 16), std::uint16_t(key & 0xFFFF)), pair[1].toInt(-1)});
    }
    return p;
}

std::string shorten(const std::string& v, std::size_t max = 60) {
    return v.size() <= max ? v : v.substr(0, max - 3) + "...";
}

} // namespace

const char* actionName(Action action) {
    for (const auto& [a, name] : kNames)
        if (a == action)
            return name;
    return "?";
}

bool actionFromName(const std::string& name, Action* out) {
    for (const auto& [a, n] : kNames)
        if (name == n) {
            *out = a;
            return true;
        }
    return false;
}

int DeidPlan::count(Action action) const {
    return int(std::count_if(changes.begin(), changes.end(),
                             [&](const ElementChange& c) { return c.action == action; }));
}

std::string DeidPlan::valueAfter(Tag tag) const {
    for (const ElementChange& c : changes)
        if (c.path.steps.size() == 1 && c.path.leaf() == tag)
            return c.action == Action::Remove ? std::string() : c.after;
    return {};
}

std::string DeidPlan::valueBefore(Tag tag) const {
    for (const ElementChange& c : changes)
        if (c.path.steps.size() == 1 && c.path.leaf() == tag && c.action != Action::Insert)
            return c.before;
    return {};
}

QJsonObject DeidPlan::toJson() const {
    QJsonArray rows;
    for (const ElementChange& c : changes) {
        QJsonObject r{{"path", pathToJson(c.path)},     {"pathText", q(c.path.toString())},
                      {"keyword", q(c.keyword)},        {"vr", q(c.vr)},
                      {"before", q(c.before)},          {"after", q(c.after)},
                      {"action", actionName(c.action)}, {"rule", q(c.rule)}};
        if (!c.privateCreator.empty())
            r.insert("privateCreator", q(c.privateCreator));
        rows.append(r);
    }
    QJsonObject uids;
    for (const auto& [from, to] : uidMap)
        uids.insert(q(from), q(to));
    QJsonArray codes, options;
    for (const MethodCode& m : methodCodes)
        codes.append(QJsonArray{q(m.value), q(m.scheme), q(m.meaning)});
    for (Option o : this->options.list())
        options.append(optionInfo(o).key);
    return QJsonObject{
        {"source", q(source)},
        {"sopClassUid", q(sopClassUid)},
        {"profile", q(profileName)},
        {"tableEdition", q(tableEdition)},
        {"level", levelName(level)},
        {"options", options},
        {"methodCodes", codes},
        {"changes", rows},
        {"uidMap", uids},
        {"patient", QJsonObject{{"originalId", q(patient.originalId)},
                                {"originalName", q(patient.originalName)},
                                {"pseudonymId", q(patient.pseudonymId)},
                                {"pseudonymName", q(patient.pseudonymName)},
                                {"dateOffsetDays", patient.dateOffsetDays}}},
        {"accession",
         QJsonObject{{"original", q(accessionOriginal)}, {"pseudonym", q(accessionPseudonym)}}},
    };
}

DeidPlan DeidPlan::fromJson(const QJsonObject& o) {
    DeidPlan p;
    p.source = s(o.value("source"));
    p.sopClassUid = s(o.value("sopClassUid"));
    p.profileName = s(o.value("profile"));
    p.tableEdition = s(o.value("tableEdition"));
    const auto level = levelFromName(s(o.value("level")));
    if (!level)
        throw Error("plan: level '" + s(o.value("level")) + "' is not a release level");
    p.level = *level;
    for (const QJsonValue& v : o.value("options").toArray()) {
        const auto option = optionFromName(s(v));
        if (!option)
            throw Error("plan: '" + s(v) + "' is not an option");
        p.options.add(*option);
    }
    for (const QJsonValue& v : o.value("methodCodes").toArray()) {
        const QJsonArray a = v.toArray();
        p.methodCodes.push_back({s(a.at(0)), s(a.at(1)), s(a.at(2))});
    }
    for (const QJsonValue& v : o.value("changes").toArray()) {
        const QJsonObject r = v.toObject();
        ElementChange c;
        c.path = pathFromJson(r.value("path").toArray());
        c.keyword = s(r.value("keyword"));
        c.vr = s(r.value("vr"));
        c.privateCreator = s(r.value("privateCreator"));
        c.before = s(r.value("before"));
        c.after = s(r.value("after"));
        c.rule = s(r.value("rule"));
        if (!actionFromName(s(r.value("action")), &c.action))
            throw Error("plan: '" + s(r.value("action")) + "' is not an action");
        p.changes.push_back(std::move(c));
    }
    const QJsonObject uids = o.value("uidMap").toObject();
    for (auto it = uids.begin(); it != uids.end(); ++it)
        p.uidMap[it.key().toStdString()] = s(it.value());
    const QJsonObject pt = o.value("patient").toObject();
    p.patient = {s(pt.value("originalId")), s(pt.value("originalName")), s(pt.value("pseudonymId")),
                 s(pt.value("pseudonymName")), pt.value("dateOffsetDays").toInt()};
    p.accessionOriginal = s(o.value("accession").toObject().value("original"));
    p.accessionPseudonym = s(o.value("accession").toObject().value("pseudonym"));
    return p;
}

std::string DeidPlan::explainText(bool changedOnly) const {
    std::string out = "# " + source + "\n# profile: " + profileName + " (PS3.15 " + tableEdition +
                      "), level " + levelName(level) + ", options: " + options.toString() + "\n";
    for (const ElementChange& c : changes) {
        if (changedOnly && c.action == Action::Keep)
            continue;
        char head[160];
        std::snprintf(head, sizeof head, "%-40s %-32s %-2s %-10s ", c.path.toString().c_str(),
                      (c.keyword.empty()
                           ? (c.privateCreator.empty() ? "?" : "[" + c.privateCreator + "]")
                           : c.keyword)
                          .substr(0, 32)
                          .c_str(),
                      c.vr.c_str(), actionName(c.action));
        out += head;
        if (c.action == Action::Keep)
            out += shorten(c.before);
        else
            out += shorten(c.before) + " -> " +
                   (c.action == Action::Remove ? "(removed)" : shorten(c.after));
        out += "  [" + c.rule + "]\n";
    }
    return out;
}

} // namespace veil
