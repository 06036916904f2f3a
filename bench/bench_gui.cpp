// How long a reviewer waits: from opening a 2,000-instance study to its first image on
// screen (offscreen platform), and whether the GUI thread stayed responsive meanwhile.
#include "BenchUtil.h"
#include "Fixtures.h"
#include "MainWindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("VeilBench");
    const int n = argc > 1 ? std::atoi(argv[1]) : 2000;
    const fs::path dir = fs::temp_directory_path() / ("veil-bench-index-" + std::to_string(n));
    if (!fs::exists(dir / "key.json"))
        veil::fixtures::writeCtSeries(dir, n);

    veil::ui::MainWindow w;
    w.show();
    QElapsedTimer clock;
    qint64 firstImage = -1, indexed = -1, longestStall = 0, lastTick = 0;
    // A 5 ms heartbeat on the GUI thread: the longest gap between beats is the longest freeze.
    QTimer heartbeat;
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        longestStall = std::max(longestStall, now - lastTick);
        lastTick = now;
    });
    QObject::connect(&w, &veil::ui::MainWindow::indexingFinished, [&] {
        indexed = clock.elapsed();
        QTimer::singleShot(300, &app, &QApplication::quit);
    });
    QObject::connect(&w, &veil::ui::MainWindow::frameShown, [&] {
        if (firstImage < 0)
            firstImage = clock.elapsed();
    });
    clock.start();
    heartbeat.start(5);
    w.openPaths({QString::fromStdString(dir.string())});
    app.exec();
    std::printf("%d instances: indexed in %lld ms, first image shown at %lld ms; longest GUI-thread "
                "stall %lld ms; peak memory %.1f MiB\n",
                n, indexed, firstImage, longestStall, veil::bench::peakMiB());
    return 0;
}
