// The engine's one JSON reader (common/JsonRead): every failure names the file (or origin) and
// the problem, in one wording for every format that reads JSON.
#include "common/Error.h"
#include "common/JsonRead.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestJsonRead : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    std::filesystem::path write(const QString& name, const QByteArray& bytes) {
        QFile f(m_tmp.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(bytes);
        return f.fileName().toStdString();
    }
    template <class F> static QString failure(F&& f) {
        try {
            f();
        } catch (const Error& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    }

private slots:
    void readsAnObject() {
        const auto file = write("ok.json", R"({"a": 1, "b": [true]})");
        const QJsonObject o = readJsonObject(file);
        QCOMPARE(o.value("a").toInt(), 1);
        QVERIFY(o.value("b").toArray().at(0).toBool());
        QCOMPARE(parseJsonArray("[1, 2]", "inline").size(), 2);
    }

    void failuresNameTheFileAndTheProblem_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{ nope") << QString()
                                  << "bad.json: is not valid JSON at offset ";
        QTest::newRow("named") << QByteArray("[1,") << "review file"
                               << "bad.json: review file is not valid JSON at offset ";
        QTest::newRow("a list") << QByteArray("[1]") << "certificate"
                                << "bad.json: certificate must be a JSON object";
        QTest::newRow("empty") << QByteArray() << QString()
                               << "bad.json: is not valid JSON at offset ";
    }
    void failuresNameTheFileAndTheProblem() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, what);
        QFETCH(QString, expected);
        const auto file = write("bad.json", bytes);
        const QString message = failure([&] { readJsonObject(file, what.toStdString()); });
        QVERIFY2(message.startsWith(QString::fromStdString(file.parent_path().string())),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void aListWhereOneIsExpected() {
        const QString message = failure(
            [] { parseJsonArray(R"({"a": 1})", "boxes.json", {}, "a JSON list of boxes"); });
        QCOMPARE(message, QString("boxes.json: must be a JSON list of boxes"));
    }

    void aMissingFileCannotBeRead() {
        const std::string missing = m_tmp.filePath("missing.json").toStdString();
        const QString message = failure([&] { readJsonObject(missing, "profile"); });
        QVERIFY2(message.startsWith(QString::fromStdString(missing) + ": profile cannot be read: "),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestJsonRead)
#include "tst_jsonread.moc"
