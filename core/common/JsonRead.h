#pragma once
// The engine's one JSON reader: text or a file → the object (or list) a format expects, each
// failure a veil::Error naming where the text came from and the problem ("profile.json: is
// not valid JSON at offset 17: unterminated object"). Formats then read their fields.
//
// `what` names the text in the message ("review file", "certificate"); empty: the origin's
// name alone says it.
#include <QJsonArray>
#include <QJsonObject>

#include <filesystem>
#include <string>
#include <string_view>

namespace veil {

// Throws Error(origin, "[what ]is not valid JSON at offset N: why") or Error(origin,
// "[what ]must be a JSON object").
QJsonObject parseJsonObject(std::string_view text, const std::string& origin,
                            const std::string& what = {});
// The same for a list; `expected` says what the list holds ("a JSON list of boxes").
QJsonArray parseJsonArray(std::string_view text, const std::string& origin,
                          const std::string& what = {},
                          const std::string& expected = "a JSON list");
// The file's bytes; Error(file, "[what ]cannot be read: why") when it cannot be opened (the
// throwing reader of a format's file; common/FileBytes' readFileBytes is the parser's
// size-capped fast path, which says nothing).
std::string readFileOrThrow(const std::filesystem::path& file, const std::string& what = {});
// readFileOrThrow then parseJsonObject, the file as the origin.
QJsonObject readJsonObject(const std::filesystem::path& file, const std::string& what = {});

} // namespace veil
