#include "review/ReviewProfile.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil {

namespace {

constexpr const char* kOrigin = "review profile";
constexpr std::string_view kRemove = "no-";

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

struct ChoiceOption {
    Option option;
    bool remove = false;
};

std::optional<ChoiceOption> parseChoiceOption(const std::string& text) {
    const bool remove = text.starts_with(kRemove);
    const auto option = optionFromName(remove ? text.substr(kRemove.size()) : text);
    if (!option)
        return std::nullopt;
    return ChoiceOption{*option, remove};
}

} // namespace

ProfileSettings settingsFromChoice(const ProfileChoice& choice) {
    ProfileSettings s;
    s.level = choice.level;
    s.options = defaultOptions(s.level);
    OptionSet added;
    for (const std::string& text : choice.options) {
        if (text == kReplaceReportsChoice || text == std::string(kRemove) + kReplaceReportsChoice) {
            s.replaceEncapsulatedDocuments = text == kReplaceReportsChoice;
            continue;
        }
        const auto o = parseChoiceOption(text);
        if (!o)
            continue;
        if (o->remove) {
            s.options.remove(o->option);
        } else {
            s.options.add(o->option);
            added.add(o->option);
        }
    }
    // The two longitudinal options exclude each other: the one chosen beats the level's.
    const Option full = Option::RetainLongitudinalFullDates;
    const Option modified = Option::RetainLongitudinalModifiedDates;
    if (s.options.has(full) && s.options.has(modified) && added.has(full) != added.has(modified))
        s.options.remove(added.has(full) ? modified : full);
    s.overrides = overrideRows(choice.overrides);
    return s;
}

ProfileChoice choiceFromSettings(const ProfileSettings& settings) {
    ProfileChoice c;
    c.level = settings.level;
    const OptionSet defaults = defaultOptions(settings.level);
    for (const OptionInfo& info : allOptions()) {
        const bool on = settings.options.has(info.option);
        if (on != defaults.has(info.option))
            c.options.push_back(on ? std::string(info.key) : std::string(kRemove) + info.key);
    }
    if (settings.replaceEncapsulatedDocuments)
        c.options.push_back(kReplaceReportsChoice);
    c.overrides = overridesJson(settings.overrides);
    return c;
}

QJsonObject overridesJson(const std::vector<OverrideRow>& rows) {
    QJsonArray list;
    for (const OverrideRow& row : rows) {
        if (row.empty())
            continue;
        QJsonObject o;
        const std::string target = trimmed(row.target);
        const std::string creator = trimmed(row.privateCreator);
        if (!creator.empty()) {
            o.insert("privateCreator", q(creator));
            o.insert("tag", q(target));
        } else {
            o.insert(TagPattern::parse(target) ? "tag" : "keyword", q(target));
        }
        o.insert("action", toString(row.action));
        if (!row.value.empty())
            o.insert("value", q(row.value));
        if (!row.comment.empty())
            o.insert("comment", q(row.comment));
        list.append(o);
    }
    return list.isEmpty() ? QJsonObject() : QJsonObject{{"overrides", list}};
}

std::vector<OverrideRow> overrideRows(const QJsonObject& overrides) {
    std::vector<OverrideRow> rows;
    for (const QJsonValue& v : overrides.value("overrides").toArray()) {
        const QJsonObject o = v.toObject();
        OverrideRow row;
        row.target =
            (o.contains("tag") ? o.value("tag") : o.value("keyword")).toString().toStdString();
        row.privateCreator = o.value("privateCreator").toString().toStdString();
        const std::optional<TableAction> action =
            parseTableAction(o.value("action").toString().toStdString());
        if (!action)
            continue; // malformed: profileFromChoice names it
        row.action = *action;
        row.value = o.value("value").toString().toStdString();
        row.comment = o.value("comment").toString().toStdString();
        rows.push_back(std::move(row));
    }
    return rows;
}

Profile profileFromChoice(const ProfileChoice& choice) {
    for (const std::string& text : choice.options)
        if (!parseChoiceOption(text) && text != kReplaceReportsChoice &&
            text != std::string(kRemove) + kReplaceReportsChoice)
            throw Error(kOrigin,
                        "options: '" + text + "' is not a PS3.15 option (see docs/profiles.md)");
    const ProfileSettings s = settingsFromChoice(choice);
    QJsonObject options;
    for (const OptionInfo& info : allOptions())
        options.insert(info.key, s.options.has(info.option));
    const bool adjusted = !choice.options.empty() || !choice.overrides.isEmpty();
    QJsonObject json{
        {"veilProfile", 1},
        {"name", QString("PS3.15 Basic Profile, %1 level%2")
                     .arg(levelName(s.level), adjusted ? ", adjusted in review" : "")},
        {"level", levelName(s.level)},
        {"options", options},
    };
    if (choice.overrides.contains("overrides"))
        json.insert("overrides", choice.overrides.value("overrides"));
    Profile p = Profile::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString(),
                                  kOrigin);
    p.replaceEncapsulatedDocuments = s.replaceEncapsulatedDocuments;
    return p;
}

} // namespace veil
