// The boxes file: parsing, matching by path (relative or absolute) and by UID, and errors that
// name the file, the entry and the problem.
#include "common/Error.h"
#include "pixel/RedactionRegions.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;

class TestRedactionRegions : public QObject {
    Q_OBJECT
private slots:
    void readsAndMatches();
    void malformed_data();
    void malformed();
    void missingFileIsNamed();
};

void TestRedactionRegions::readsAndMatches() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("study/series"));
    const QString json = QString(R"([
        {"file": "study/series/a.dcm", "frame": "all", "x": 1, "y": 2, "w": 30, "h": 40},
        {"file": "%1", "frame": 3, "x": 5, "y": 6, "w": 7, "h": 8},
        {"sopInstanceUid": "1.2.3.4", "frame": 0, "x": 0, "y": 0, "w": 10, "h": 10},
        {"file": "./study/series/../series/a.dcm", "sopInstanceUid": "9.9", "frame": 0, "x": 0, "y": 0, "w": 1, "h": 1}
    ])")
                             .arg(dir.filePath("study/series/a.dcm"));
    const QString previous = QDir::currentPath();
    QDir::setCurrent(dir.path());
    const BoxesFile boxes = parseBoxes(json.toStdString(), "boxes.json");
    InstanceInfo a;
    a.path = dir.filePath("study/series/a.dcm").toStdString(); // absolute, as Veil found it
    a.sopInstanceUid = "1.2.3.4";
    const auto regions = regionsFor(boxes, a);
    QCOMPARE(regions.size(),
             std::size_t(3)); // relative, absolute and UID; the 4th needs UID 9.9 too
    QCOMPARE(regions[0], (RedactionRegion{-1, 1, 2, 30, 40}));
    QCOMPARE(regions[1], (RedactionRegion{3, 5, 6, 7, 8}));
    InstanceInfo other;
    other.path = "study/series/a.dcm"; // relative, same file
    other.sopInstanceUid = "9.9";
    QCOMPARE(regionsFor(boxes, other).size(), std::size_t(3));
    QDir::setCurrent(previous);
}

void TestRedactionRegions::malformed_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not json") << "[{"
                              << "boxes.json: is not valid JSON";
    QTest::newRow("not a list") << R"({"file":"a"})"
                                << "must be a JSON list of boxes";
    QTest::newRow("not an object") << R"([1])"
                                   << "entry 0 is not a JSON object";
    QTest::newRow("no key") << R"([{"frame":0,"x":0,"y":0,"w":1,"h":1}])"
                            << "entry 0 names no instance";
    QTest::newRow("no w")
        << R"([{"file":"a","frame":0,"x":0,"y":0,"w":1,"h":1},{"file":"a","frame":0,"x":0,"y":0,"h":1}])"
        << "entry 1 lacks \"w\"";
    QTest::newRow("zero h") << R"([{"file":"a","frame":0,"x":0,"y":0,"w":1,"h":0}])"
                            << "\"h\" = 0: must be at least 1";
    QTest::newRow("bad frame") << R"([{"file":"a","frame":"first","x":0,"y":0,"w":1,"h":1}])"
                               << "neither a 0-based frame number nor \"all\"";
    QTest::newRow("negative frame") << R"([{"file":"a","frame":-1,"x":0,"y":0,"w":1,"h":1}])"
                                    << "\"frame\"";
    QTest::newRow("fraction") << R"([{"file":"a","frame":0,"x":0.5,"y":0,"w":1,"h":1}])"
                              << "\"x\" that is not a whole number";
    QTest::newRow("typo") << R"([{"file":"a","frame":0,"x":0,"y":0,"width":1,"h":1}])"
                          << "unknown key \"width\"";
    QTest::newRow("empty file") << R"([{"file":"","frame":0,"x":0,"y":0,"w":1,"h":1}])"
                                << "\"file\" that is not a non-empty string";
}

void TestRedactionRegions::malformed() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    try {
        parseBoxes(json.toStdString(), "boxes.json");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).startsWith("boxes.json: "), e.what());
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestRedactionRegions::missingFileIsNamed() {
    try {
        loadBoxesFile("/nonexistent/boxes.json");
        QFAIL("no error");
    } catch (const Error& e) {
        QVERIFY(QString(e.what()).startsWith("/nonexistent/boxes.json: cannot be read"));
    }
}

QTEST_GUILESS_MAIN(TestRedactionRegions)
#include "tst_pixel_redaction_regions.moc"
