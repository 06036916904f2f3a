#include "deid/ProfileDigest.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace veil {

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}
} // namespace

QJsonObject canonicalProfileJson(const Profile& profile) {
    QJsonArray options, overrides;
    for (Option o : profile.options.list())
        options.append(optionInfo(o).key);
    for (const Override& o : profile.overrides) {
        QJsonObject row{{"tag", q(o.tag.toString())}, {"action", toString(o.action)}};
        if (!o.privateCreator.empty())
            row.insert("privateCreator", q(o.privateCreator));
        if (o.value)
            row.insert("value", q(*o.value));
        overrides.append(row);
    }
    QJsonObject json{{"name", q(profile.name)},
                     {"level", levelName(profile.level)},
                     {"options", options},
                     {"overrides", overrides}};
    if (profile.replaceEncapsulatedDocuments)
        json.insert("replaceEncapsulatedDocuments", true); // absent: the digest of older profiles
    if (profile.tables) {
        json.insert("tableEdition", q(profile.tables->edition()));
        json.insert("safePrivateEdition", q(profile.tables->safePrivateEdition()));
    }
    return json;
}

std::string profileSha256(const Profile& profile) {
    const QByteArray bytes =
        QJsonDocument(canonicalProfileJson(profile)).toJson(QJsonDocument::Compact);
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
}

std::vector<std::string> overrideLines(const Profile& profile) {
    std::vector<std::string> out;
    for (const Override& o : profile.overrides) {
        std::string line = o.tag.toString();
        if (!o.privateCreator.empty())
            line += " " + o.privateCreator;
        line += std::string(" ") + toString(o.action);
        if (o.value)
            line += " '" + *o.value + "'";
        out.push_back(line);
    }
    return out;
}

} // namespace veil
