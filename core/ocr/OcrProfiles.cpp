#include "ocr/OcrProfiles.h"

#include <QSaveFile>

#include "common/Error.h"
#include "common/JsonRead.h"
#include "identity/TextNormalise.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace veil {

namespace {

const char* kBuiltIn = ":/veil/ocr";

std::set<std::string, std::less<>> wordSet(const QJsonValue& v) {
    std::set<std::string, std::less<>> out;
    for (const QJsonValue& w : v.toArray()) {
        const std::string n = normalise(w.toString().toStdString());
        if (!n.empty())
            out.insert(n);
    }
    return out;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return s;
}

bool containsNoCase(const std::string& hay, const std::string& needle) {
    return needle.empty() || upper(hay).find(upper(needle)) != std::string::npos;
}

TemplateLength lengthOf(const QJsonValue& v, const std::string& origin) {
    if (v.isDouble())
        return {v.toDouble(), false};
    const QString s = v.toString().trimmed();
    bool ok = false;
    const double value = s.endsWith('%') ? s.chopped(1).toDouble(&ok) : s.toDouble(&ok);
    if (!ok)
        throw Error(origin,
                    "box length '" + s.toStdString() + "' is neither pixels nor a percentage");
    return {value, s.endsWith('%')};
}

// NAME.json → path, built-in first, then the override folder's files replacing or adding.
std::map<QString, QString> templateFiles(const std::filesystem::path& folder) {
    std::map<QString, QString> files;
    for (const QString& root : {QString(kBuiltIn), QString::fromStdString(folder.string())}) {
        if (root.isEmpty())
            continue;
        const QDir dir(root + "/templates");
        for (const QString& name : dir.entryList({"*.json"}, QDir::Files, QDir::Name))
            files[name] = dir.filePath(name);
    }
    return files;
}

} // namespace

Allowlist Allowlist::fromJson(std::string_view json, const std::string& origin) {
    const QJsonObject o = parseJsonObject(json, origin);
    Allowlist a;
    a.m_units = wordSet(o.value("units"));
    a.m_common = wordSet(o.value("common"));
    const QJsonObject byModality = o.value("modalities").toObject();
    for (auto it = byModality.begin(); it != byModality.end(); ++it) {
        const auto words = wordSet(it.value());
        for (const QString& m : it.key().split(QRegularExpression("[ ,/]+"), Qt::SkipEmptyParts))
            a.m_byModality.emplace_back(m.toUpper().toStdString(), words);
    }
    return a;
}

bool Allowlist::allowsWord(std::string_view modality, std::string_view word) const {
    if (m_common.count(word) || m_units.count(word))
        return true;
    // A modality without a list of its own (OT, SC: captures of any screen) takes them all.
    const bool listed = std::any_of(m_byModality.begin(), m_byModality.end(),
                                    [&](const auto& entry) { return entry.first == modality; });
    for (const auto& [m, words] : m_byModality)
        if ((m == modality || !listed) && words.count(word))
            return true;
    return false;
}

bool Allowlist::isUnit(std::string_view word) const {
    return m_units.count(word) > 0;
}

int TemplateLength::resolve(int extent) const {
    const double v = percent ? value * extent / 100.0 : value;
    return int(std::lround(v < 0 ? extent + v : v));
}

DeviceTemplate DeviceTemplate::fromJson(std::string_view json, const std::string& origin) {
    const QJsonObject o = parseJsonObject(json, origin);
    DeviceTemplate t;
    t.origin = origin;
    t.name = o.value("name").toString().toStdString();
    const QJsonObject match = o.value("match").toObject();
    t.modality = match.value("Modality").toString().toStdString();
    t.manufacturer = match.value("Manufacturer").toString().toStdString();
    t.model = match.value("ManufacturerModelName").toString().toStdString();
    t.rows = match.value("Rows").toInt();
    t.columns = match.value("Columns").toInt();
    for (const QJsonValue& b : o.value("boxes").toArray()) {
        const QJsonObject box = b.toObject();
        for (const char* key : {"x", "y", "w", "h"})
            if (!box.contains(key))
                throw Error(origin, std::string("a box has no '") + key + "'");
        t.boxes.push_back({lengthOf(box.value("x"), origin), lengthOf(box.value("y"), origin),
                           lengthOf(box.value("w"), origin), lengthOf(box.value("h"), origin),
                           box.value("label").toString().toStdString()});
    }
    if (t.name.empty() || t.boxes.empty())
        throw Error(origin, "a template needs a name and at least one box");
    return t;
}

std::string DeviceTemplate::toJson() const {
    auto length = [](const TemplateLength& l) {
        return l.percent ? QJsonValue(QString::number(l.value) + "%") : QJsonValue(l.value);
    };
    QJsonArray list;
    for (const TemplateBox& b : boxes)
        list.append(QJsonObject{{"x", length(b.x)},
                                {"y", length(b.y)},
                                {"w", length(b.w)},
                                {"h", length(b.h)},
                                {"label", QString::fromStdString(b.label)}});
    QJsonObject match;
    if (!modality.empty())
        match.insert("Modality", QString::fromStdString(modality));
    if (!manufacturer.empty())
        match.insert("Manufacturer", QString::fromStdString(manufacturer));
    if (!model.empty())
        match.insert("ManufacturerModelName", QString::fromStdString(model));
    if (rows > 0)
        match.insert("Rows", rows);
    if (columns > 0)
        match.insert("Columns", columns);
    return QJsonDocument(QJsonObject{{"name", QString::fromStdString(name)},
                                     {"description", "Saved by a reviewer from a drawn box."},
                                     {"match", match},
                                     {"boxes", list}})
        .toJson(QJsonDocument::Indented)
        .toStdString();
}

DeviceTemplate DeviceTemplate::forDevice(const InstanceInfo& info, std::vector<TemplateBox> boxes) {
    DeviceTemplate t;
    t.modality = info.modality;
    t.manufacturer = info.manufacturer;
    t.model = info.manufacturerModelName;
    t.rows = info.rows;
    t.columns = info.columns;
    t.boxes = std::move(boxes);
    t.name = (info.manufacturer.empty() ? std::string("Unknown maker") : info.manufacturer) +
             (info.manufacturerModelName.empty() ? "" : " " + info.manufacturerModelName) + " (" +
             std::to_string(info.columns) + "x" + std::to_string(info.rows) + ")";
    return t;
}

std::filesystem::path DeviceTemplate::saveInto(const std::filesystem::path& folder) const {
    std::string file;
    for (char c : name)
        file += std::isalnum(static_cast<unsigned char>(c))
                    ? char(std::tolower(static_cast<unsigned char>(c)))
                    : '-';
    const std::filesystem::path path = folder / "templates" / (file + ".json");
    std::filesystem::create_directories(path.parent_path());
    QSaveFile f(QString::fromStdString(path.string()));
    if (!f.open(QIODevice::WriteOnly))
        throw Error(path.string(), "template cannot be written: " + f.errorString().toStdString());
    f.write(QByteArray::fromStdString(toJson()));
    if (!f.commit())
        throw Error(path.string(), "template could not be saved: " + f.errorString().toStdString());
    return path;
}

bool DeviceTemplate::matches(const InstanceInfo& i) const {
    return (modality.empty() || upper(modality) == upper(i.modality)) &&
           containsNoCase(i.manufacturer, manufacturer) &&
           containsNoCase(i.manufacturerModelName, model) && (rows == 0 || rows == i.rows) &&
           (columns == 0 || columns == i.columns);
}

bool sameDevice(const InstanceInfo& device, const InstanceInfo& other) {
    return DeviceTemplate::forDevice(device, {}).matches(other);
}

std::vector<Finding> DeviceTemplate::findingsFor(int imageRows, int imageColumns) const {
    std::vector<Finding> out;
    for (const TemplateBox& b : boxes) {
        const int x0 = std::clamp(b.x.resolve(imageColumns), 0, imageColumns);
        const int y0 = std::clamp(b.y.resolve(imageRows), 0, imageRows);
        const int x1 = std::clamp(x0 + b.w.resolve(imageColumns), 0, imageColumns);
        const int y1 = std::clamp(y0 + b.h.resolve(imageRows), 0, imageRows);
        if (x1 <= x0 || y1 <= y0)
            continue;
        Finding f;
        f.frame = -1;
        f.box = {x0, y0, x1 - x0, y1 - y0};
        f.text = b.label.empty() ? name : name + ": " + b.label;
        f.confidence = 1;
        f.phi = true;
        f.source = FindingSource::Template;
        out.push_back(std::move(f));
    }
    return out;
}

OcrProfiles OcrProfiles::load(const std::filesystem::path& folder) {
    OcrProfiles p;
    QString allowlistPath = QString(kBuiltIn) + "/ocr-allowlist.json";
    if (!folder.empty() && std::filesystem::exists(folder / "ocr-allowlist.json"))
        allowlistPath = QString::fromStdString((folder / "ocr-allowlist.json").string());
    try {
        p.allowlist = Allowlist::fromJson(readFileOrThrow(allowlistPath.toStdString()),
                                          allowlistPath.toStdString());
    } catch (const Error& e) {
        p.warnings.push_back(e.what());
    }
    for (const auto& [name, path] : templateFiles(folder)) {
        try {
            p.templates.push_back(
                DeviceTemplate::fromJson(readFileOrThrow(path.toStdString()), path.toStdString()));
        } catch (const Error& e) {
            p.warnings.push_back(e.what());
        }
    }
    return p;
}

std::vector<Finding> OcrProfiles::templateFindings(const InstanceInfo& info) const {
    std::vector<Finding> out;
    for (const DeviceTemplate& t : templates)
        if (t.matches(info))
            for (Finding& f : t.findingsFor(info.rows, info.columns))
                out.push_back(std::move(f));
    return out;
}

} // namespace veil
