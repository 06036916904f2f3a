// How long a reviewer waits: from opening a 2,000-instance study to its first image on
// screen (offscreen platform), and whether the GUI thread stayed responsive meanwhile.
// `bench_gui review`: a keyboard-only review of the fixtures study (CT, dose screen, US cine,
// DX; KeyboardReplay.h) replayed through QTest key clicks; prints the key presses, those that
// did nothing, and the seconds from the first press to every image reviewed.
#include "BenchUtil.h"
#include "Fixtures.h"
#include "KeyboardReplay.h"
#include "MainWindow.h"
#include "ReviewAudit.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

int keyboardReview() {
    QTemporaryDir tmp;
    veil::fixtures::CorpusOptions o;
    o.compressedVariants = false;
    const auto key = veil::fixtures::writeCorpus(tmp.filePath("corpus").toStdString(), o);
    veil::ui::ReviewAudit::setReviewerName("Bench Reviewer");
    veil::ui::MainWindow w;
    w.resize(1400, 900);
    w.show();
    w.activateWindow();
    QSignalSpy scanned(&w, &veil::ui::MainWindow::scanFinished);
    w.openPaths({tmp.filePath("corpus")});
    if (!scanned.wait(600000)) {
        std::fprintf(stderr, "bench_gui: the scan did not finish\n");
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    const veil::testing::ReplayResult r = veil::testing::replayKeyboardReview(w);
    const double seconds = clock.elapsed() / 1000.0;
    int findings = 0;
    for (const auto* i : w.studyModel()->index().instances())
        findings += int(w.findings()->findingsFor(i->sopInstanceUid).size());
    std::printf("keyboard review of the fixtures study (%zu files, %d findings): %d key presses, "
                "%d did nothing, %.1f s (offscreen, OCR done before the first press); %s\n",
                key.files.size(), findings, r.presses, r.didNothing, seconds,
                r.finished ? "every image reviewed" : "NOT finished");
    std::printf("keys: %s\n", qPrintable(r.log.join(' ')));
    return r.finished ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("VeilBench");
    if (argc > 1 && std::string(argv[1]) == "review")
        return keyboardReview();
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
    std::printf(
        "%d instances: indexed in %lld ms, first image shown at %lld ms; longest GUI-thread "
        "stall %lld ms; peak memory %.1f MiB\n",
        n, indexed, firstImage, longestStall, veil::bench::peakMiB());
    return 0;
}
