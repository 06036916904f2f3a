// A box saved as a device template comes back as a template finding on that device only.
#include "ocr/OcrProfiles.h"

#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestSavedTemplate : public QObject {
    Q_OBJECT

private slots:
    void roundTripsAndMatchesOnlyThatDevice() {
        InstanceInfo us;
        us.modality = "US";
        us.manufacturer = "ACME Ultrasound";
        us.manufacturerModelName = "Sono 7";
        us.rows = 480;
        us.columns = 640;
        TemplateBox box;
        box.x.value = 10;
        box.y.value = 4;
        box.w.value = 200;
        box.h.value = 30;
        box.label = "name band";
        const DeviceTemplate t = DeviceTemplate::forDevice(us, {box});
        const DeviceTemplate back = DeviceTemplate::fromJson(t.toJson(), "memory");
        QVERIFY(back.matches(us));
        InstanceInfo other = us;
        other.rows = 600;
        QVERIFY(!back.matches(other));
        other = us;
        other.manufacturer = "Other";
        QVERIFY(!back.matches(other));

        QTemporaryDir dir;
        const auto path = t.saveInto(dir.path().toStdString());
        QVERIFY(std::filesystem::exists(path));
        const OcrProfiles profiles = OcrProfiles::load(dir.path().toStdString());
        const std::vector<Finding> found = profiles.templateFindings(us);
        bool ours = false;
        for (const Finding& f : found)
            ours |= f.source == FindingSource::Template && f.box == PixelBox{10, 4, 200, 30} &&
                    f.frame == -1;
        QVERIFY(ours);
    }
};

QTEST_GUILESS_MAIN(TestSavedTemplate)
#include "tst_ocr_savedtemplate.moc"
