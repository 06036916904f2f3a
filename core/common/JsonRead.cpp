#include "common/JsonRead.h"

#include "common/Error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace veil {

namespace {

std::string subject(const std::string& what) {
    return what.empty() ? std::string() : what + " ";
}

QJsonDocument parse(std::string_view text, const std::string& origin, const std::string& what) {
    QJsonParseError err{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray(text.data(), qsizetype(text.size())), &err);
    if (err.error != QJsonParseError::NoError)
        throw Error(origin, subject(what) + "is not valid JSON at offset " +
                                std::to_string(err.offset) + ": " +
                                err.errorString().toStdString());
    return doc;
}

} // namespace

QJsonObject parseJsonObject(std::string_view text, const std::string& origin,
                            const std::string& what) {
    const QJsonDocument doc = parse(text, origin, what);
    if (!doc.isObject())
        throw Error(origin, subject(what) + "must be a JSON object");
    return doc.object();
}

QJsonArray parseJsonArray(std::string_view text, const std::string& origin, const std::string& what,
                          const std::string& expected) {
    const QJsonDocument doc = parse(text, origin, what);
    if (!doc.isArray())
        throw Error(origin, subject(what) + "must be " + expected);
    return doc.array();
}

std::string readFileOrThrow(const std::filesystem::path& file, const std::string& what) {
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(file.string(),
                    subject(what) + "cannot be read: " + f.errorString().toStdString());
    return f.readAll().toStdString();
}

QJsonObject readJsonObject(const std::filesystem::path& file, const std::string& what) {
    return parseJsonObject(readFileOrThrow(file, what), file.string(), what);
}

} // namespace veil
