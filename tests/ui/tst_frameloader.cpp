// FrameLoader over the GUI's JobRunner: the frame being decoded is shown, and of the requests
// made meanwhile only the newest runs next (cine skips frames, it never starves); a file that
// cannot be read is that frame's error, not a crash.
#include "Fixtures.h"
#include "FrameLoader.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestFrameLoader : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    InstanceInfo m_info;

private slots:
    void initTestCase() {
        fixtures::Variant v;
        v.frames = 5;
        const std::filesystem::path file = m_tmp.filePath("cine.dcm").toStdString();
        fixtures::writeVariant(file, v);
        m_info.localPath = m_info.path = file.string();
        m_info.frames = 5;
    }

    void theRunningFrameIsShownThenTheNewest() {
        ui::FrameLoader loader;
        QList<int> shown;
        connect(&loader, &ui::FrameLoader::loaded, this,
                [&](const ui::LoadedFrame& f) { shown << f.frame; });
        // All asked at once: 0 is being decoded (nothing is delivered before the event loop
        // runs), 1..3 replace each other while it runs, 4 is the newest.
        for (int f = 0; f < 5; ++f)
            loader.request(m_info, f);
        QVERIFY(loader.isRunning());
        QTRY_VERIFY(!loader.isRunning());
        QCOMPARE(shown, (QList<int>{0, 4}));
    }

    void aFrameThatCannotBeReadIsItsError() {
        ui::FrameLoader loader;
        std::optional<ui::LoadedFrame> got;
        connect(&loader, &ui::FrameLoader::loaded, this,
                [&](const ui::LoadedFrame& f) { got = f; });
        InstanceInfo missing = m_info;
        missing.localPath = missing.path = m_tmp.filePath("missing.dcm").toStdString();
        loader.request(missing, 2);
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 30000);
        const ui::LoadedFrame& f = *got;
        QVERIFY(!f.error.isEmpty());
        QCOMPARE(f.frame, 2);
        QVERIFY2(f.error.contains("missing.dcm"), qPrintable(f.error));
    }
};

QTEST_MAIN(TestFrameLoader)
#include "tst_frameloader.moc"
