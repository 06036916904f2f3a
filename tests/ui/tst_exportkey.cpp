// The export's project key is derived on a worker (Argon2id, about a second): openKey returns
// at once with the key not yet there, keyOpened() follows on the GUI thread; a wrong or
// unconfirmed passphrase is keyNotOpened() naming the key file; cancel drops the result; and
// a controller destroyed while the key is derived goes without a crash.
#include "ExportController.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace veil;

class TestExportKey : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

    std::unique_ptr<ui::ExportController> controller(const QString& keyName) const {
        // Opening the key needs none of the window's parts.
        auto c = std::make_unique<ui::ExportController>(nullptr, nullptr, nullptr, nullptr);
        ui::ExportControllerOptions options;
        options.keyFile = m_tmp.filePath(keyName).toStdString();
        c->setOptions(options);
        return c;
    }
    static PassphraseEntry typedTwice(const char* text) {
        PassphraseEntry e;
        e.passphrase = Passphrase(text);
        e.repeated = Passphrase(text);
        return e;
    }

private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void theKeyIsDerivedOffTheGuiThread() {
        auto c = controller("new.veilkey");
        QSignalSpy opened(c.get(), &ui::ExportController::keyOpened);
        QVERIFY(c->openKey(typedTwice("correct horse battery staple")));
        // Returned before the key exists: the derivation is not on this thread.
        QVERIFY(c->isOpeningKey());
        QVERIFY(!c->hasKey());
        QCOMPARE(opened.count(), 0);
        // One opening at a time; no export while it runs.
        QVERIFY(!c->openKey(typedTwice("correct horse battery staple")));
        QVERIFY(!c->start({}));
        QVERIFY(opened.wait(60000));
        QVERIFY(c->hasKey());
        QVERIFY(!c->isOpeningKey());
        // Created with the passphrase typed (opening it again works).
        keyfile::open(c->keyFile(), Passphrase("correct horse battery staple"));
    }

    void aWrongPassphraseNamesTheKeyFile() {
        {
            auto first = controller("kept.veilkey");
            QSignalSpy opened(first.get(), &ui::ExportController::keyOpened);
            QVERIFY(first->openKey(typedTwice("the right one")));
            QVERIFY(opened.wait(60000));
        }
        auto c = controller("kept.veilkey");
        QSignalSpy notOpened(c.get(), &ui::ExportController::keyNotOpened);
        PassphraseEntry wrong;
        wrong.passphrase = Passphrase("the wrong one");
        QVERIFY(c->openKey(std::move(wrong)));
        QVERIFY(notOpened.wait(60000));
        const QString message = notOpened.at(0).at(0).toString();
        QVERIFY2(message.contains("kept.veilkey"), qPrintable(message));
        QCOMPARE(notOpened.at(0).at(1).toBool(), false);
        QVERIFY(!c->hasKey());
    }

    void aNewKeyTypedDifferentlyIsNotCreated() {
        auto c = controller("unconfirmed.veilkey");
        QSignalSpy notOpened(c.get(), &ui::ExportController::keyNotOpened);
        PassphraseEntry e;
        e.passphrase = Passphrase("one thing");
        e.repeated = Passphrase("another thing");
        QVERIFY(c->openKey(std::move(e)));
        QVERIFY(notOpened.wait(60000));
        QVERIFY(!c->hasKey());
        QVERIFY(!keyfile::exists(c->keyFile()));
    }

    void cancelDropsTheKey() {
        auto c = controller("cancelled.veilkey");
        QSignalSpy opened(c.get(), &ui::ExportController::keyOpened);
        QSignalSpy notOpened(c.get(), &ui::ExportController::keyNotOpened);
        QVERIFY(c->openKey(typedTwice("never kept")));
        c->cancel();
        QVERIFY(notOpened.wait(60000));
        QCOMPARE(notOpened.at(0).at(1).toBool(), true);
        QCOMPARE(opened.count(), 0);
        QVERIFY(!c->hasKey());
        QVERIFY(!c->isOpeningKey());
    }

    void destroyedWhileDerivingGoesQuietly() {
        auto c = controller("abandoned.veilkey");
        QVERIFY(c->openKey(typedTwice("left behind")));
        QVERIFY(c->isOpeningKey());
        c.reset(); // waits for the worker, delivers nothing
        QCoreApplication::processEvents();
        QVERIFY(!c);
    }
};

QTEST_GUILESS_MAIN(TestExportKey)
#include "tst_exportkey.moc"
