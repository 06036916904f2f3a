// End to end through the GUI on the fixtures corpus: open, wait for the scan, decide every
// finding (identifying text redacted, the rest kept), approve each study in bulk, sign off as
// reviewer and approver through the dialog, export through the export controller (the dialog
// checked too), and check the result: the export exists, the certificate and its PDF lie
// beside it, the certificate lists the SHA-256 of every exported file, the Verifier passes on
// every output, and the study's audit log holds the decisions. Then one identifying finding
// on the CT slice with the burned-in name is kept: the gate's OCR re-check blocks the export,
// nothing appears at DEST, and only the approver's override lets it through.
#include "ExportController.h"
#include "ExportDialog.h"
#include "FindingsController.h"
#include "Fixtures.h"
#include "GateHitsPanel.h"
#include "MainWindow.h"
#include "OrthancFixture.h"
#include "PacsSendPanel.h"
#include "ReviewActions.h"
#include "ReviewAudit.h"
#include "ReviewController.h"
#include "SignOffDialog.h"
#include "StudyBrowserModel.h"

#include "audit/AuditLog.h"
#include "dicom/DicomFile.h"
#include "export/Archive.h"
#include "export/Certificate.h"
#include "export/CertificateVerify.h"
#include "study/StudyItemModel.h"
#include "verify/VerificationGate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <set>

using namespace veil;
namespace fs = std::filesystem;

namespace {

const char* kReviewer = "Dr Ada Reviewer";
const char* kApprover = "Grace Approver";

std::map<std::string, std::string> sha256Below(const QString& dir) {
    std::map<std::string, std::string> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&f);
        out[QDir(dir).relativeFilePath(path).toStdString()] = h.result().toHex().toStdString();
    }
    return out;
}

QStringList auditEvents(const QString& path) {
    QStringList out;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                out << QJsonDocument::fromJson(line).object().value("event").toString();
    return out;
}

} // namespace

class TestGuiExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_corpus;
    fixtures::CorpusKey m_key;
    std::unique_ptr<ui::MainWindow> m_window;

    ui::MainWindow& w() const { return *m_window; }
    QString out(const QString& name) const { return m_tmp.filePath(name); }

    // Signs through the dialog's widgets, as a person would.
    void signOff(const char* name, SignOffRole role) {
        // Each person signs with their own key, in their own data folder.
        qputenv("VEIL_SIGNER_KEY", m_tmp.filePath(QString("%1.veilkey").arg(int(role))).toUtf8());
        ui::SignOffDialog* d = w().actions()->openSignOff();
        QVERIFY(d->isVisible());
        QCOMPARE(d->checklistBoxes().size(), checklistFor(ReleaseLevel::Publication).size());
        d->nameEdit()->clear();
        QTest::keyClicks(d->nameEdit(), name);
        d->roleButton(role)->click();
        for (QCheckBox* c : d->checklistBoxes())
            if (!c->isChecked())
                c->click();
        QVERIFY2(d->signButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QTest::mouseClick(d->signButton(), Qt::LeftButton);
    }

    ExportResult runExport(const ui::ExportSettings& s) {
        ui::ExportController* c = w().actions()->exporter();
        QSignalSpy done(c, &ui::ExportController::finished);
        if (!c->start(s))
            return {};
        if (!done.wait(600000))
            return {};
        return *c->lastResult();
    }

    std::string nameFindingOnCtSlice() const {
        for (const fixtures::FileEntry& f : m_key.files) {
            if (f.kind != "ct")
                continue;
            const bool named = std::any_of(f.boxes.begin(), f.boxes.end(), [](const auto& b) {
                return b.attribute == "PatientName";
            });
            if (!named)
                continue;
            for (const Finding& finding : w().findings()->findingsFor(f.sopInstanceUid))
                if (finding.phi && finding.matched == "PatientName")
                    return ui::idOf(f.sopInstanceUid, finding);
        }
        return {};
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_guiexport");
        QVERIFY(m_tmp.isValid());
        m_corpus = m_tmp.filePath("corpus");
        fixtures::CorpusOptions o;
        o.compressedVariants = false;
        m_key = fixtures::writeCorpus(m_corpus.toStdString(), o);
        ui::ReviewAudit::setReviewerName(kReviewer);
        qputenv("VEIL_SIGNER_PASSPHRASE", "a signer's passphrase");
        m_window = std::make_unique<ui::MainWindow>();
        w().resize(1400, 900);
        w().show();
        ui::ExportControllerOptions options;
        options.keyFile = m_tmp.filePath("project.veilkey").toStdString();
        options.threads = 2;
        w().actions()->exporter()->setOptions(options);
    }

    void openAndScan() {
        QSignalSpy indexed(&w(), &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w(), &ui::MainWindow::scanFinished);
        w().openPaths({m_corpus});
        QVERIFY(indexed.wait(60000));
        QVERIFY(scanned.count() == 1 || scanned.wait(300000));
        QCOMPARE(w().studyModel()->index().instanceCount(), int(m_key.files.size()));
    }

    void decideEveryFindingAndApprove() {
        const StudyIndex& index = w().studyModel()->index();
        int accepted = 0, kept = 0;
        for (const InstanceInfo* i : index.instances()) {
            std::vector<std::string> phi, other;
            for (const Finding& f : w().findings()->findingsFor(i->sopInstanceUid))
                (f.phi ? phi : other).push_back(ui::idOf(i->sopInstanceUid, f));
            w().review()->decide(phi, Decision::Accepted, "Redact all");
            w().review()->decide(other, Decision::Rejected, "Keep");
            accepted += int(phi.size());
            kept += int(other.size());
        }
        qInfo("%d identifying findings redacted, %d kept", accepted, kept);
        QVERIFY2(accepted >= 8, qPrintable(QString::number(accepted)));
        QVERIFY(kept > 0);
        // One bulk approval per study, with its reason, from the study's first image.
        for (const PatientNode& p : index.patients)
            for (const StudyNode& s : p.studies) {
                w().selectInstance(s.series.front().instances.front().sopInstanceUid);
                QCOMPARE(
                    w().actions()->approveStudy("every finding decided; frames checked in cine"),
                    0);
            }
        QVERIFY(checkScopeReviewed(w().review()->session(), index, {},
                                   w().findings()->findingsByInstance())
                    .complete());
        // The browser counts it per series and per study.
        const QModelIndex patient = w().browserModel()->index(0, 0);
        const QModelIndex study =
            w().browserModel()->index(0, StudyItemModel::DetailColumn, patient);
        const int n = index.patients.front().studies.front().instanceCount();
        QVERIFY2(study.data().toString().contains(QString("%1/%1 reviewed").arg(n)),
                 qPrintable(study.data().toString()));
    }

    void exportWaitsForSignOffs() {
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(out("release"));
        QVERIFY(!d->exportButton()->isEnabled());
        QVERIFY2(d->problemsLabel()->text().contains("reviewer"),
                 qPrintable(d->problemsLabel()->text()));
        d->close();
    }

    void signOffAsReviewerAndApprover() {
        signOff(kReviewer, SignOffRole::Reviewer);
        // The same person cannot approve.
        ui::SignOffDialog* d = w().actions()->openSignOff();
        QVERIFY(d->roleButton(SignOffRole::Approver)->isChecked()); // the approver is next
        d->setName("dr ada reviewer");
        d->confirmAll();
        QVERIFY(!d->signButton()->isEnabled());
        QVERIFY(d->problemsLabel()->text().contains("another person"));
        d->close();
        signOff(kApprover, SignOffRole::Approver);
        QVERIFY(checkSignOffs(w().review()->session().signOffs(), ReleaseLevel::Publication).ok());
    }

    // Expected accessions…: the dialog shows the comparison, blocks a mismatch until the user
    // accepts it, and names a list it cannot read.
    void exportDialogChecksExpectedAccessions() {
        std::vector<std::pair<std::string, std::string>> studies; // (UID, accession)
        for (const PatientNode& p : w().studyModel()->index().patients)
            for (const StudyNode& st : p.studies)
                studies.emplace_back(st.uid, st.accessionNumber);
        QVERIFY(studies.size() >= 2);
        auto write = [&](const QString& name, const std::string& text) {
            QFile f(out(name));
            f.open(QIODevice::WriteOnly);
            f.write(text.data(), qint64(text.size()));
            return out(name);
        };
        std::string shortList = "Accession,Note\n";
        for (std::size_t i = 1; i < studies.size(); ++i)
            shortList += studies[i].second + ",x\n";
        shortList += "ACC-GUI-MISSING,x\n";
        std::string full;
        for (const auto& st : studies)
            full += st.second + "\n";

        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(out("release-acc"));
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QVERIFY(d->setAccessionList(write("short.csv", shortList)));
        const QString shown = d->accessionLabel()->text();
        QVERIFY2(shown.contains("ACC-GUI-MISSING") &&
                     shown.contains(QString::fromStdString(studies[0].first)) &&
                     shown.contains(QString::fromStdString(studies[0].second)),
                 qPrintable(shown));
        QVERIFY(!d->exportButton()->isEnabled());
        QVERIFY(d->problemsLabel()->text().contains("ACC-GUI-MISSING"));
        QVERIFY(d->acceptMismatchBox()->isVisibleTo(d));
        d->setAcceptAccessionMismatch(true);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QVERIFY(d->settings().acceptAccessionMismatch);

        QVERIFY(d->setAccessionList(write("full.txt", full)));
        QVERIFY2(d->accessionLabel()->text().contains("the release is complete"),
                 qPrintable(d->accessionLabel()->text()));
        QVERIFY(!d->acceptMismatchBox()->isVisibleTo(d));
        QVERIFY(!d->settings().acceptAccessionMismatch);
        QVERIFY(d->exportButton()->isEnabled());

        QVERIFY(!d->setAccessionList(out("no-such-list.csv")));
        QVERIFY2(d->accessionLabel()->text().contains("no-such-list.csv"),
                 qPrintable(d->accessionLabel()->text()));
        QVERIFY(!d->settings().expectedAccessions);
        d->close();
    }

    void exportPassesTheGateAndIsCertified() {
        ui::ExportController* c = w().actions()->exporter();
        QSignalSpy opened(c, &ui::ExportController::keyOpened);
        QVERIFY(c->openKey(*ui::ExportController::environmentPassphrase()));
        QVERIFY(opened.wait(60000)); // derived on a worker
        ui::ExportSettings s;
        s.destination = out("release");
        // The approved list, complete: the certificate records its SHA-256 and the result.
        std::string approved = "Accession Number\n";
        for (const PatientNode& p : w().studyModel()->index().patients)
            for (const StudyNode& st : p.studies)
                approved += st.accessionNumber + "\n";
        s.expectedAccessions = parseAccessionList(approved, "approved.csv");
        QVERIFY2(c->preflight(s).ok(), c->preflight(s).message().c_str());
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(s.destination);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        d->close();

        const ExportResult r = runExport(s);
        QVERIFY2(r.ok(), r.message.c_str());
        QVERIFY(r.verification.passed());
        QVERIFY(r.verification.pixelsChecked); // the OCR re-check ran
        QVERIFY(QFileInfo(out("release")).isDir());
        QVERIFY(QFile::exists(out("release.certificate.json")));
        QVERIFY(QFile::exists(out("release.certificate.pdf")));
        QVERIFY(QFile::exists(out("release.audit.jsonl")));

        // The certificate lists every exported file with its SHA-256.
        const Certificate cert = Certificate::load(out("release.certificate.json").toStdString());
        const std::map<std::string, std::string> actual = sha256Below(out("release"));
        QCOMPARE(int(cert.files.size()), int(actual.size()));
        for (const CertificateFile& f : cert.files) {
            QVERIFY2(actual.count(f.path), f.path.c_str());
            QCOMPARE(QString::fromStdString(f.sha256), QString::fromStdString(actual.at(f.path)));
        }
        QCOMPARE(cert.images, int(m_key.files.size()));
        QVERIFY(cert.accessions);
        QCOMPARE(cert.accessions->listSha256, s.expectedAccessions->sha256);
        QVERIFY(cert.accessions->complete() && !cert.accessions->mismatchAccepted);
        QCOMPARE(cert.accessions->found, int(s.expectedAccessions->accessions.size()));
        QCOMPARE(QString::fromStdString(cert.approver()->name), QString(kApprover));
        QVERIFY(cert.decisionCounts.at("box-accepted") >= 8);
        QVERIFY(cert.redactedImages > 0);

        // The Verifier, run here again, finds nothing in any output.
        CancelToken cancel;
        const SourceEvidence evidence =
            evidenceFromIndex(w().studyModel()->index(), {}, c->profile(), cancel);
        const Verifier verifier(evidence);
        for (const auto& [path, digest] : actual) {
            const FileVerification v =
                verifier.verifyFile(fs::path(out("release").toStdString()) / path);
            QVERIFY2(v.ok(),
                     (path + ": " + (v.hits.empty() ? v.error : v.hits.front().where)).c_str());
        }

        // The study's own log: decisions as they were made, sign-offs, the export.
        const QString studyLog = w().actions()->audit()->path();
        QVERIFY(!studyLog.startsWith(out("release") + "/"));
        QVERIFY(verifyAuditLog(studyLog).ok);
        const QStringList events = auditEvents(studyLog);
        for (const char* e :
             {"box-accepted", "box-rejected", "instance-reviewed", "sign-off", "export-finished"})
            QVERIFY2(events.contains(e), e);
        QCOMPARE(events.count("sign-off"), 2);

        // The sender's copy lists the kept findings by series, image and frame with their
        // text; the recipient's certificate does not.
        QFile senderFile(ui::ExportController::senderCertificatePath(out("release")));
        QVERIFY(senderFile.open(QIODevice::ReadOnly));
        const QByteArray senderBytes = senderFile.readAll();
        const QJsonArray kept =
            QJsonDocument::fromJson(senderBytes).object()["keptFindings"].toArray();
        int rejected = 0;
        for (const auto& [id, d] : w().review()->session().decisions())
            rejected += d == Decision::Rejected;
        QCOMPARE(kept.size(), qsizetype(rejected));
        for (const QJsonValue& k : kept) {
            QVERIFY(k["series"].isDouble() && k["image"].isDouble() &&
                    !k["text"].toString().isEmpty());
            QVERIFY(!k.toObject().contains("sopInstanceUid"));
        }
        for (const InstanceInfo* i : w().studyModel()->index().instances())
            QVERIFY(!senderBytes.contains(QByteArray::fromStdString(i->sopInstanceUid)));
        QFile recipientFile(out("release.certificate.json"));
        QVERIFY(recipientFile.open(QIODevice::ReadOnly));
        QVERIFY(!recipientFile.readAll().contains("keptFindings"));

        // Each sign-off signed with its person's own key; veil-cli certificate verify checks
        // the signatures and every file's SHA-256.
        QCOMPARE(cert.signOffs.size(), std::size_t(2));
        QVERIFY(cert.signOffs[0].signatureValid() && cert.signOffs[1].signatureValid());
        QVERIFY(cert.signOffs[0].fingerprint() != cert.signOffs[1].fingerprint());
        const CertificateCheck check =
            verifyCertificate(out("release.certificate.json").toStdString());
        QVERIFY2(check.ok(), check.problems.empty() ? "" : check.problems.front().c_str());
        QCOMPARE(check.filesMatching, int(cert.files.size()));
        QProcess cli;
        cli.start(VEIL_CLI, {"certificate", "verify", out("release.certificate.json")});
        QVERIFY(cli.waitForFinished(60000));
        const QString said = QString::fromUtf8(cli.readAllStandardOutput());
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY2(said.contains("VERIFIED") && said.count("signature valid") == 2, qPrintable(said));

        // A copy with one file changed and a sign-off's name edited: both named.
        const QString copy = out("tampered");
        QVERIFY(QProcess::execute("cp", {"-r", out("release"), copy}) == 0);
        QJsonObject json = QJsonDocument::fromJson([&] {
                               QFile f(out("release.certificate.json"));
                               f.open(QIODevice::ReadOnly);
                               return f.readAll();
                           }())
                               .object();
        QJsonObject e = json["export"].toObject();
        e["destination"] = "tampered";
        json["export"] = e;
        QJsonArray signs = json["signOffs"].toArray();
        QJsonObject first = signs[0].toObject();
        first["name"] = "Someone Else";
        signs[0] = first;
        json["signOffs"] = signs;
        QFile certCopy(out("tampered.certificate.json"));
        QVERIFY(certCopy.open(QIODevice::WriteOnly));
        certCopy.write(QJsonDocument(json).toJson());
        certCopy.close();
        const QString victim = copy + "/" + QString::fromStdString(cert.files.front().path);
        QFile v(victim);
        QVERIFY(v.open(QIODevice::ReadWrite));
        v.seek(v.size() - 1);
        const char last = v.read(1).at(0);
        v.seek(v.size() - 1);
        v.write(QByteArray(1, char(last ^ 0x5A)));
        v.close();
        cli.start(VEIL_CLI, {"certificate", "verify", out("tampered.certificate.json")});
        QVERIFY(cli.waitForFinished(60000));
        const QString refused = QString::fromUtf8(cli.readAllStandardOutput());
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY2(refused.contains(QString::fromStdString(cert.files.front().path) +
                                  ": SHA-256 differs") &&
                     refused.contains("SIGNATURE DOES NOT MATCH") &&
                     refused.contains("NOT VERIFIED"),
                 qPrintable(refused));
    }

    // Send to… the fixture's Orthanc (tests/pacs): the signed-off export goes out, a receipt
    // tied to its certificate lies beside it, and both audit logs record "pacs-send".
    void sendTheExportToPacs() {
        const test::OrthancFixture fx = test::OrthancFixture::load();
        VEIL_REQUIRE_ORTHANC(fx);
        const ExportResult& r = *w().actions()->exporter()->lastResult();
        QVERIFY(r.ok());
        QSettings().setValue("pacs/callingAet", QString::fromStdString(fx.veilAet));
        ui::PacsSendPanel panel(w().actions()->audit());
        panel.setExport(r);
        panel.nodeBox()->setEditText(QString::fromStdString(fx.node.toString()));
        QSignalSpy sent(&panel, &ui::PacsSendPanel::sent);
        QTest::mouseClick(panel.sendButton(), Qt::LeftButton);
        QVERIFY(sent.wait(120000));
        QVERIFY2(sent.front().at(0).toBool(), qPrintable(sent.front().at(1).toString()));
        const Certificate cert = Certificate::load(r.certificateFile);
        std::set<std::string> studies;
        for (const CertificateFile& f : cert.files) {
            const fs::path file = r.destination / f.path;
            if (f.path == "DICOMDIR")
                continue;
            const InstanceInfo i = DicomFile::open(file, DicomFile::Load::HeaderOnly).info();
            QVERIFY2(fx.hasInstance(i.sopInstanceUid), f.path.c_str());
            studies.insert(i.studyInstanceUid);
        }
        QFile receipt(panel.lastReceipt());
        QVERIFY(receipt.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(receipt.readAll()).object();
        QCOMPARE(o.value("certificateSha256").toString().toStdString(),
                 fileSha256(r.certificateFile));
        QCOMPARE(o.value("failed").toInt(), 0);
        QVERIFY(o.value("sent").toInt() > 0);
        QCOMPARE(auditEvents(QString::fromStdString(r.auditFile.string())).last(),
                 QString("pacs-send"));
        QVERIFY(auditEvents(w().actions()->audit()->path()).contains("pacs-send"));
        for (const std::string& s : studies) // the other PACS tests compare Orthanc with its seed
            QVERIFY(fx.restDelete("/studies/" + fx.orthancId(s, "Study")));
    }

    void keptNameOnTheCtSliceBlocksTheExport() {
        const std::string nameId = nameFindingOnCtSlice();
        QVERIFY2(!nameId.empty(), "the scan found no PatientName text on the CT slice");
        QSignalSpy cleared(w().review(), &ui::ReviewController::signOffsCleared);
        w().review()->decide({nameId}, Decision::Rejected, "Keep finding");
        QCOMPARE(cleared.count(), 1); // a change after signing withdraws the sign-offs
        QVERIFY(w().review()->session().signOffs().empty());
        ui::ExportSettings s;
        s.destination = out("leaky");
        QVERIFY(!w().actions()->exporter()->preflight(s).ok());
        signOff(kReviewer, SignOffRole::Reviewer);
        signOff(kApprover, SignOffRole::Approver);

        // Through the dialog: blocked, the hits listed, nothing at DEST.
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(s.destination);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QSignalSpy done(w().actions()->exporter(), &ui::ExportController::finished);
        QTest::mouseClick(d->exportButton(), Qt::LeftButton);
        QVERIFY(done.wait(600000));
        const ExportResult& r = *w().actions()->exporter()->lastResult();
        qInfo("%s", r.verification.text(20).c_str());
        QCOMPARE(r.status, ExportStatus::Blocked);
        QVERIFY(!QFile::exists(out("leaky")));
        QVERIFY(!QFile::exists(out("leaky.certificate.json")));
        QCOMPARE(d->results()->currentIndex(), int(ui::ExportDialog::BlockedPage));
        QTableWidget* hits = d->hitsPanel()->table();
        QVERIFY(hits->rowCount() > 0);
        bool pixelHit = false;
        for (int row = 0; row < hits->rowCount(); ++row)
            pixelHit = pixelHit ||
                       hits->item(row, ui::GateHitsPanel::WhereColumn)->text().contains("frame");
        QVERIFY2(pixelHit, qPrintable(QString::fromStdString(r.verification.text())));

        // VEIL_EXPORT_SCREENSHOT=docs/screenshot-export.png: the blocked view as the user sees it.
        if (const QString shot = qEnvironmentVariable("VEIL_EXPORT_SCREENSHOT"); !shot.isEmpty()) {
            d->resize(d->width(), 760);
            QTest::qWait(300);
            QVERIFY(d->grab().save(shot));
        }
        // The reviewer may not override; the approver may, with a reason.
        d->hitsPanel()->approverEdit()->setText(kReviewer);
        d->hitsPanel()->reasonEdit()->setPlainText("the name is the consented case title");
        QVERIFY(!d->hitsPanel()->overrideButton()->isEnabled());
        d->hitsPanel()->approverEdit()->setText(kApprover);
        QVERIFY(d->hitsPanel()->overrideButton()->isEnabled());
        QTest::mouseClick(d->hitsPanel()->overrideButton(), Qt::LeftButton);
        QVERIFY(done.wait(600000));
        const ExportResult& o = *w().actions()->exporter()->lastResult();
        QVERIFY2(o.ok(), o.message.c_str());
        QVERIFY(o.certificate->verification.override.has_value());
        QCOMPARE(d->results()->currentIndex(), int(ui::ExportDialog::DonePage));
        QVERIFY(d->summaryLabel()->text().contains("overridden"));
        QVERIFY(QFile::exists(out("leaky.certificate.pdf")));
        const QStringList events = auditEvents(w().actions()->audit()->path());
        QVERIFY(events.contains("export-blocked"));
        QVERIFY(events.contains("gate-override"));
        d->close();
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestGuiExport)
#include "tst_guiexport.moc"
