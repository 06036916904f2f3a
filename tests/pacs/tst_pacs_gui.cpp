// The GUI against the fixture's Orthanc, offscreen: File › Open from PACS… searches, the
// results table lists the matches, Retrieve (C-GET and C-MOVE) writes the study into the
// PACS cache with progress, and the window opens it in the browser; Cancel stops a retrieve.
// Then the export result page's "Send to…" sends an export folder, writes the send receipt
// (naming the certificate and its SHA-256) and records "pacs-send" in the export's audit log.
#include "OrthancFixture.h"

#include "MainWindow.h"
#include "PacsDialog.h"
#include "PacsSendPanel.h"
#include "ReviewActions.h"

#include "audit/AuditLog.h"
#include "export/Archive.h"
#include "export/ExportJob.h"
#include "study/StudyItemModel.h"

#include <Fixtures.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace veil;
namespace fs = std::filesystem;

class TestPacsGui : public QObject {
    Q_OBJECT
    test::OrthancFixture fx;
    QTemporaryDir tmp;
    std::unique_ptr<ui::MainWindow> window;

    ui::PacsDialog* dialog() {
        ui::PacsDialog* d = window->openPacsDialog();
        d->nodeBox()->setEditText(QString::fromStdString(fx.node.toString()));
        d->callingAetEdit()->setText(QString::fromStdString(fx.veilAet));
        d->movePortBox()->setValue(fx.movePort);
        return d;
    }

    bool finishes(ui::PacsDialog* d, bool expectOk, QString* message = nullptr) {
        QSignalSpy done(d, &ui::PacsDialog::operationFinished);
        if (!done.wait(60000))
            return false;
        if (message)
            *message = done.front().at(1).toString();
        return done.front().at(0).toBool() == expectOk;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_pacs_gui");
        QSettings().clear();
        fx = test::OrthancFixture::load();
        qputenv("VEIL_PACS_CACHE", tmp.filePath("cache").toUtf8());
        window = std::make_unique<ui::MainWindow>();
        window->show();
    }

    void searchListsMatches() {
        VEIL_REQUIRE_ORTHANC(fx);
        ui::PacsDialog* d = dialog();
        QVERIFY(d->isVisible());
        d->levelBox()->setCurrentIndex(1); // study
        d->patientNameEdit()->setText("JONES*");
        QTest::mouseClick(d->searchButton(), Qt::LeftButton);
        QString message;
        QVERIFY2(finishes(d, true, &message), qPrintable(message));
        const auto expected =
            fx.distinct(&InstanceInfo::studyInstanceUid,
                        [](const InstanceInfo& i) { return i.patientName.rfind("JONES", 0) == 0; });
        QCOMPARE(d->results()->rowCount(), int(expected.size()));
        QCOMPARE(d->matches().front().studyUid, expected.front());
        QVERIFY(d->retrieveButton()->isEnabled());
        // The node is remembered for next time.
        QCOMPARE(ui::PacsPreferences::load().nodes.value(0),
                 QString::fromStdString(fx.node.toString()));
        QCOMPARE(ui::PacsPreferences::load().callingAet, QString::fromStdString(fx.veilAet));
    }

    void retrieveOpensTheStudy_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("C-GET") << 0;
        QTest::newRow("C-MOVE") << 1;
    }
    void retrieveOpensTheStudy() {
        VEIL_REQUIRE_ORTHANC(fx);
        QFETCH(int, method);
        ui::PacsDialog* d = dialog();
        d->retrieveBox()->setCurrentIndex(method);
        d->levelBox()->setCurrentIndex(2); // series: a study is retrieved whole from a series row
        d->patientNameEdit()->clear();
        d->modalityEdit()->setText("CT");
        QTest::mouseClick(d->searchButton(), Qt::LeftButton);
        QVERIFY(finishes(d, true));
        QVERIFY(d->results()->rowCount() > 0);
        d->results()->selectRow(0);
        const std::string study = d->matches().front().studyUid;
        QSignalSpy retrieved(d, &ui::PacsDialog::studiesRetrieved);
        QSignalSpy indexed(window.get(), &ui::MainWindow::indexingFinished);
        QTest::mouseClick(d->retrieveButton(), Qt::LeftButton);
        QVERIFY(d->cancelButton()->isEnabled());
        QString message;
        QVERIFY2(finishes(d, true, &message), qPrintable(message));
        QCOMPARE(retrieved.count(), 1);
        const QStringList folders = retrieved.front().front().toStringList();
        QCOMPARE(folders, QStringList{tmp.filePath("cache") + "/" + QString::fromStdString(study)});
        QVERIFY(indexed.wait(60000));
        const StudyIndex& index = window->studyModel()->index();
        QCOMPARE(index.studyCount(), 1);
        QCOMPARE(index.patients.front().studies.front().uid, study);
        const auto expected =
            fx.distinct(&InstanceInfo::sopInstanceUid,
                        [&](const InstanceInfo& i) { return i.studyInstanceUid == study; });
        QCOMPARE(index.instanceCount(), int(expected.size()));
        QCOMPARE(d->progressBar()->value(), int(expected.size()));
    }

    void cancelStopsTheRetrieve() {
        VEIL_REQUIRE_ORTHANC(fx);
        QTemporaryDir cache;
        qputenv("VEIL_PACS_CACHE", cache.path().toUtf8());
        ui::PacsDialog* d = dialog();
        d->levelBox()->setCurrentIndex(1);
        d->modalityEdit()->clear();
        d->patientNameEdit()->clear();
        QTest::mouseClick(d->searchButton(), Qt::LeftButton);
        QVERIFY(finishes(d, true));
        QSignalSpy retrieved(d, &ui::PacsDialog::studiesRetrieved);
        d->results()->selectAll();
        d->retrieveButton()->click(); // no event processing between the two clicks
        QVERIFY(d->cancelButton()->isEnabled());
        QVERIFY(d->runner()->isRunning());
        d->cancelButton()->click();
        QString message;
        QVERIFY2(finishes(d, false, &message), qPrintable(message));
        QVERIFY2(message.contains("cancelled"), qPrintable(message));
        QCOMPARE(retrieved.count(), 0);
        QVERIFY(QDir(cache.path()).isEmpty()); // no study, no partial folder
        QVERIFY(d->searchButton()->isEnabled());
        qputenv("VEIL_PACS_CACHE", tmp.filePath("cache").toUtf8());
    }

    void errorsShowTheNode() {
        VEIL_REQUIRE_ORTHANC(fx);
        ui::PacsDialog* d = dialog();
        const QString wrong = "WRONGAE@127.0.0.1:" + QString::number(fx.node.port);
        d->nodeBox()->setEditText(wrong);
        d->echo();
        QString message;
        QVERIFY(finishes(d, false, &message));
        QVERIFY2(message.contains(wrong) && message.contains("rejected"), qPrintable(message));
        QCOMPARE(d->statusLabel()->text(), message);
        d->nodeBox()->setEditText("not a node");
        d->search();
        QVERIFY2(d->statusLabel()->text().contains("not a node"),
                 qPrintable(d->statusLabel()->text()));
    }

    void sendAnExport() {
        VEIL_REQUIRE_ORTHANC(fx);
        // An export's result as the export dialog gets it: the folder, its certificate and
        // its own audit log beside it.
        const fs::path dest = tmp.filePath("release").toStdString();
        fixtures::Variant v;
        v.seed = 8814;
        fixtures::writeVariant(dest / "DICOM" / "IM0001", v);
        v.seed = 8815;
        fixtures::writeVariant(dest / "DICOM" / "IM0002", v);
        const fs::path cert = dest.string() + ".certificate.json";
        QFile c(QString::fromStdString(cert.string()));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("{\"note\": \"stands for the export's certificate\"}\n");
        c.close();
        ExportResult r;
        r.status = ExportStatus::Exported;
        r.destination = dest;
        r.certificateFile = cert;
        r.auditFile = dest.string() + ".audit.jsonl";

        ui::PacsSendPanel panel(window->actions()->audit());
        panel.setExport(r);
        QVERIFY(!panel.isHidden());
        panel.nodeBox()->setEditText(QString::fromStdString(fx.node.toString()));
        QSettings().setValue("pacs/callingAet", QString::fromStdString(fx.veilAet));
        QSignalSpy sent(&panel, &ui::PacsSendPanel::sent);
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        QVERIFY(sent.wait(60000));
        QVERIFY2(sent.front().at(0).toBool(), qPrintable(sent.front().at(1).toString()));
        // Orthanc has both files.
        std::vector<std::string> studies;
        for (const char* f : {"IM0001", "IM0002"}) {
            const InstanceInfo i =
                DicomFile::open(dest / "DICOM" / f, DicomFile::Load::HeaderOnly).info();
            QVERIFY2(fx.hasInstance(i.sopInstanceUid), f);
            studies.push_back(i.studyInstanceUid);
        }
        // The receipt: beside the export, bound to the certificate.
        QFile receipt(panel.lastReceipt());
        QVERIFY2(receipt.open(QIODevice::ReadOnly), qPrintable(panel.lastReceipt()));
        QVERIFY(panel.lastReceipt().startsWith(QString::fromStdString(dest.string()) + ".sent-" +
                                               QString::fromStdString(fx.node.aet) + "-"));
        const QJsonObject o = QJsonDocument::fromJson(receipt.readAll()).object();
        QCOMPARE(o.value("node").toString().toStdString(), fx.node.toString());
        QCOMPARE(o.value("sent").toInt(), 2);
        QCOMPARE(o.value("failed").toInt(), 0);
        QCOMPARE(o.value("certificateSha256").toString().toStdString(), fileSha256(cert));
        QStringList paths;
        for (const auto& f : o.value("files").toArray())
            paths << f.toObject().value("path").toString();
        paths.sort();
        QCOMPARE(paths, (QStringList{"DICOM/IM0001", "DICOM/IM0002"}));
        // The export's audit log: a valid chain ending with the send.
        const AuditVerification log = verifyAuditLog(QString::fromStdString(r.auditFile.string()));
        QVERIFY(log.ok);
        QCOMPARE(log.lastEvent, std::string("pacs-send"));
        QVERIFY(log.closed); // `veil-cli audit verify` sees a complete run
        for (const std::string& s : studies) {
            const QString id = fx.orthancId(s, "Study");
            if (!id.isEmpty())
                fx.restDelete("/studies/" + id);
        }
    }

    void cleanupTestCase() {
        window.reset();
        qunsetenv("VEIL_PACS_CACHE");
    }
};

QTEST_MAIN(TestPacsGui)
#include "tst_pacs_gui.moc"
