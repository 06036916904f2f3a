// The app hands the project key to the metadata diff once it is open: from then on the diff
// previews the export's own pseudonyms, UIDs and date shifts, not a session key's.
#include "DiffPanel.h"
#include "ExportController.h"
#include "MainWindow.h"
#include "ReviewActions.h"
#include "ReviewSidebar.h"

#include "deid/ProjectKey.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;

class TestDiffKey : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_diffkey");
    }

    void openingTheKeyReachesTheDiff() {
        ui::MainWindow w;
        ui::DiffPanel* diff = w.sidebar()->diff();
        QVERIFY(diff->usesSessionKey());
        const QString before = diff->keyNote()->text();
        ui::ExportController* exporter = w.actions()->exporter();
        ui::ExportControllerOptions options = exporter->options();
        options.keyFile = m_tmp.filePath("project.key").toStdString();
        exporter->setOptions(options);
        QSignalSpy opened(exporter, &ui::ExportController::keyOpened);
        QVERIFY(exporter->openKey({Passphrase("correct horse battery staple"),
                                   Passphrase("correct horse battery staple")}));
        QVERIFY(opened.wait(60000)); // derived on a worker
        QVERIFY(exporter->hasKey());
        QVERIFY(!diff->usesSessionKey());
        QVERIFY(diff->keyNote()->text() != before);
        const ProjectKey onDisk =
            keyfile::open(options.keyFile, Passphrase("correct horse battery staple"));
        QVERIFY(diff->keyNote()->text().contains(QString::fromStdString(onDisk.fingerprint())));
    }
};

QTEST_MAIN(TestDiffKey)
#include "tst_diffkey.moc"
