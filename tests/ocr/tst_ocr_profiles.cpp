// The allowlist and the device templates: built in as resources, overridable from a folder,
// templates keyed by modality, manufacturer, model and size.
#include "common/Error.h"
#include "ocr/OcrProfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {

InstanceInfo instance(const std::string& modality, int rows, int columns,
                      const std::string& manufacturer = {}, const std::string& model = {}) {
    InstanceInfo i;
    i.modality = modality;
    i.rows = rows;
    i.columns = columns;
    i.manufacturer = manufacturer;
    i.manufacturerModelName = model;
    return i;
}

void write(const QString& path, const QByteArray& text) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

} // namespace

class TestOcrProfiles : public QObject {
    Q_OBJECT

private slots:
    void builtInDataLoads() {
        const OcrProfiles p = OcrProfiles::load();
        QVERIFY2(p.warnings.empty(), p.warnings.empty() ? "" : p.warnings.front().c_str());
        QVERIFY(!p.allowlist.empty());
        QVERIFY(p.templates.size() >= 3);
        QVERIFY(p.allowlist.allowsWord("US", "TIS"));
        QVERIFY(!p.allowlist.allowsWord("CT", "TIS"));
        QVERIFY(p.allowlist.allowsWord("CT", "ERECT"));
        QVERIFY(p.allowlist.allowsWord("DX", "KVP"));
        QVERIFY(p.allowlist.isUnit("MM"));
        QVERIFY(!p.allowlist.allowsWord("US", "SMITH"));
        QVERIFY(p.allowlist.allowsWord("OT", "TIS")); // a capture of any screen
        QVERIFY(p.allowlist.allowsWord("SC", "DLP"));
    }

    void templatesMatchByModalityAndSize() {
        const OcrProfiles p = OcrProfiles::load();
        const auto us = p.templateFindings(instance("US", 480, 640));
        QCOMPARE(int(us.size()), 1);
        QCOMPARE(us[0].frame, -1);
        QCOMPARE(us[0].box, (PixelBox{0, 0, 640, 36}));
        QVERIFY(us[0].phi);
        QCOMPARE(us[0].source, FindingSource::Template);
        QVERIFY(p.templateFindings(instance("CT", 512, 512)).empty());
        QVERIFY(p.templateFindings(instance("US", 512, 640)).empty());
    }

    void templatesMatchByManufacturerAndModel() {
        const OcrProfiles p = OcrProfiles::load();
        QCOMPARE(int(p.templateFindings(instance("US", 910, 1260, "MINDRAY", "DC-30")).size()), 1);
        QVERIFY(p.templateFindings(instance("US", 910, 1260, "Other", "DC-30")).empty());
        QCOMPARE(
            int(p.templateFindings(instance("US", 743, 975, "GE Healthcare", "Voluson S")).size()),
            1);
    }

    // The viewer's "same device" boxes and a template saved from an image: one rule.
    void sameDeviceIsWhatASavedTemplateMatches() {
        const InstanceInfo here = instance("US", 480, 640, "Acme Medical", "Sono 5");
        QVERIFY(sameDevice(here, instance("US", 480, 640, "ACME MEDICAL", "Sono 5")));
        QVERIFY(!sameDevice(here, instance("US", 600, 800, "Acme Medical", "Sono 5")));
        QVERIFY(!sameDevice(here, instance("US", 480, 640, "Acme Medical", "Sono 7")));
        QVERIFY(!sameDevice(here, instance("CT", 480, 640, "Acme Medical", "Sono 5")));
        const InstanceInfo other = instance("US", 480, 640, "Acme Medical", "Sono 5");
        QCOMPARE(sameDevice(here, other), DeviceTemplate::forDevice(here, {}).matches(other));
    }

    void lengthsInPixelsPercentAndFromTheEnd() {
        const DeviceTemplate t = DeviceTemplate::fromJson(
            R"({"name": "t", "boxes": [{"x": -100, "y": "90%", "w": 100, "h": "10%", "label": "corner"}]})",
            "t");
        const auto f = t.findingsFor(500, 800);
        QCOMPARE(int(f.size()), 1);
        QCOMPARE(f[0].box, (PixelBox{700, 450, 100, 50}));
        QCOMPARE(QString::fromStdString(f[0].text), QString("t: corner"));
        QVERIFY(t.matches(instance("CT", 1, 1))); // no keys: any image
    }

    void badTemplatesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(Error, DeviceTemplate::fromJson("{", "bad"));
        QVERIFY_THROWS_EXCEPTION(Error,
                                 DeviceTemplate::fromJson(R"({"name": "x", "boxes": []})", "bad"));
        QVERIFY_THROWS_EXCEPTION(
            Error, DeviceTemplate::fromJson(R"({"name": "x", "boxes": [{"x": 0}]})", "bad"));
        QVERIFY_THROWS_EXCEPTION(
            Error, DeviceTemplate::fromJson(
                       R"({"name": "x", "boxes": [{"x": "a", "y": 0, "w": 1, "h": 1}]})", "b"));
    }

    void folderOverridesFileByFile() {
        QTemporaryDir dir;
        write(dir.filePath("ocr-allowlist.json"), R"({"units": ["mm"], "common": ["FOO"]})");
        write(dir.filePath("templates/us-header-band-640x480.json"),
              R"({"name": "replaced", "match": {"Modality": "US", "Rows": 480, "Columns": 640},
                  "boxes": [{"x": 0, "y": 0, "w": 10, "h": 10}]})");
        write(
            dir.filePath("templates/extra.json"),
            R"({"name": "extra", "match": {"Modality": "CT"}, "boxes": [{"x": 0, "y": 0, "w": 5, "h": 5}]})");
        write(dir.filePath("templates/broken.json"), "not json");
        const OcrProfiles p = OcrProfiles::load(dir.path().toStdString());
        QVERIFY(p.allowlist.allowsWord("US", "FOO"));
        QVERIFY(!p.allowlist.allowsWord("US", "TIS"));
        const auto us = p.templateFindings(instance("US", 480, 640));
        QCOMPARE(int(us.size()), 1);
        QCOMPARE(QString::fromStdString(us[0].text), QString("replaced"));
        QCOMPARE(int(p.templateFindings(instance("CT", 512, 512)).size()), 1);
        QCOMPARE(int(p.warnings.size()), 1); // broken.json, named in the warning
        QVERIFY(QString::fromStdString(p.warnings[0]).contains("broken.json"));
    }
};

QTEST_APPLESS_MAIN(TestOcrProfiles)
#include "tst_ocr_profiles.moc"
