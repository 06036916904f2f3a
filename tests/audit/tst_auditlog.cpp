#include "audit/AuditLog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

namespace {
QList<QByteArray> lines(const QString& path) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    QList<QByteArray> out = f.readAll().split('\n');
    out.removeAll(QByteArray());
    return out;
}
void writeLines(const QString& path, const QList<QByteArray>& ls) {
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    for (const QByteArray& l : ls)
        f.write(l + '\n');
}
bool mentions(const AuditVerification& v, long long line, const char* word) {
    for (const AuditProblem& p : v.problems)
        if (p.line == line && QString::fromStdString(p.message).contains(word))
            return true;
    return false;
}
} // namespace

class TestAuditLog : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    QString freshLog(int n) {
        static int counter = 0;
        const QString path = m_tmp.filePath(QString("log%1.jsonl").arg(++counter));
        AuditLog log(path);
        for (int i = 0; i < n; ++i)
            log.append("decision", "Dr Reviewer", QJsonObject{{"box", i}});
        return path;
    }

private slots:
    void intactChainVerifies() {
        const QString path = freshLog(5);
        const AuditVerification v = verifyAuditLog(path);
        QVERIFY(v.ok);
        QCOMPARE(v.lines, 5LL);
        QCOMPARE(v.head, AuditLog(path).head());
    }

    void appendsContinueAcrossOpens() {
        const QString path = freshLog(2);
        AuditLog again(path);
        QCOMPARE(again.count(), 2LL);
        again.append("sign-off", "IG Officer");
        QVERIFY(verifyAuditLog(path).ok);
        QCOMPARE(verifyAuditLog(path).lines, 3LL);
    }

    void editedLineIsNamed() {
        const QString path = freshLog(5);
        QList<QByteArray> ls = lines(path);
        ls[2].replace("Dr Reviewer", "Dr Someone");
        writeLines(path, ls);
        const AuditVerification v = verifyAuditLog(path);
        QVERIFY(!v.ok);
        QVERIFY(mentions(v, 3, "edited"));
    }

    void editedLastLineIsNamed() {
        const QString path = freshLog(3);
        QList<QByteArray> ls = lines(path);
        ls[2].replace("\"box\":2", "\"box\":7");
        writeLines(path, ls);
        QVERIFY(mentions(verifyAuditLog(path), 3, "edited"));
    }

    void deletedLineIsNamed() {
        const QString path = freshLog(5);
        QList<QByteArray> ls = lines(path);
        ls.removeAt(1);
        writeLines(path, ls);
        const AuditVerification v = verifyAuditLog(path);
        QVERIFY(!v.ok);
        QVERIFY(mentions(v, 2, "deleted"));
    }

    void reorderedLinesAreNamed() {
        const QString path = freshLog(5);
        QList<QByteArray> ls = lines(path);
        std::swap(ls[1], ls[3]);
        writeLines(path, ls);
        const AuditVerification v = verifyAuditLog(path);
        QVERIFY(!v.ok);
        QVERIFY(mentions(v, 3, "out of order") || mentions(v, 3, "inserted"));
    }

    void insertedLineIsNamed() {
        const QString path = freshLog(4);
        QList<QByteArray> ls = lines(path);
        ls.insert(2, ls[1]); // a copy of line 2, replayed
        writeLines(path, ls);
        const AuditVerification v = verifyAuditLog(path);
        QVERIFY(!v.ok);
        QVERIFY(mentions(v, 3, "inserted"));
    }

    void garbageLineIsNamed() {
        const QString path = freshLog(3);
        QList<QByteArray> ls = lines(path);
        ls[1] = "not json at all";
        writeLines(path, ls);
        QVERIFY(mentions(verifyAuditLog(path), 2, "not valid JSON"));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
