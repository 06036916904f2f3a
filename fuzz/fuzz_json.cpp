// fuzz_json: the JSON files Veil reads from users, the first byte choosing which: a profile,
// a review file, a boxes file, a device template, an OCR allowlist.
#include "FuzzCommon.h"

#include "common/Error.h"
#include "deid/Profile.h"
#include "ocr/OcrProfiles.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewSession.h"

#include <QJsonDocument>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1)
        return 0;
    const std::string json(reinterpret_cast<const char*>(data + 1), size - 1);
    try {
        switch (data[0] % 5) {
        case 0:
            (void)veil::Profile::fromJson(json, "fuzz.json");
            break;
        case 1: {
            const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
            (void)veil::ReviewSession::fromJson(doc.object());
            break;
        }
        case 2:
            (void)veil::parseBoxes(json, "fuzz.json");
            break;
        case 3:
            (void)veil::DeviceTemplate::fromJson(json, "fuzz.json");
            break;
        default:
            (void)veil::Allowlist::fromJson(json, "fuzz.json");
            break;
        }
    } catch (const veil::Error&) {
    }
    return 0;
}
