// The GUI export of an MR head series with Clean Recognizable Visual Features: the export
// dialog shows the MR face-plane fallback only when a flagged MR series is in scope, says what
// it does, blocks the export until it is accepted (or the option is off), and the accepted
// choice reaches core: the MR series is defaced by the face plane, every output says
// RecognizableVisualFeatures NO, and the certificate names the method. A head CT beside it
// needs no such choice.
#include "ExportController.h"
#include "ExportDialog.h"
#include "FacePreviewDialog.h"
#include "FindingsController.h"
#include "Fixtures.h"
#include "MainWindow.h"
#include "ReviewActions.h"
#include "ReviewAudit.h"
#include "ReviewController.h"
#include "SignOffDialog.h"

#include "dicom/DicomFile.h"
#include "dicom/Tag.h"
#include "export/Certificate.h"
#include "study/StudyItemModel.h"

#include <QCheckBox>
#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace veil;
namespace fs = std::filesystem;

namespace {
const char* kReviewer = "Dr Ada Reviewer";
const char* kApprover = "Grace Approver";
} // namespace

class TestMrFaceExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    std::unique_ptr<ui::MainWindow> m_window;
    std::string m_mrStudy, m_ctStudy;

    ui::MainWindow& w() const { return *m_window; }
    QString out(const QString& name) const { return m_tmp.filePath(name); }

    void signOff(const char* name, SignOffRole role) {
        qputenv("VEIL_SIGNER_KEY", m_tmp.filePath(QString("%1.veilkey").arg(int(role))).toUtf8());
        ui::SignOffDialog* d = w().actions()->openSignOff();
        d->setName(name);
        d->roleButton(role)->click();
        d->confirmAll();
        QVERIFY2(d->signButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QTest::mouseClick(d->signButton(), Qt::LeftButton);
    }

    void setCleanFaces(bool on) {
        ProfileChoice choice = w().review()->session().profile();
        std::erase(choice.options, std::string("cleanRecognizableVisualFeatures"));
        if (on)
            choice.options.push_back("cleanRecognizableVisualFeatures");
        w().review()->setProfile(choice);
    }

private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("VeilTest");
        QCoreApplication::setApplicationName("tst_mrfaceexport");
        QVERIFY(m_tmp.isValid());
        fixtures::HeadPhantom mr;
        mr.modality = "MR";
        mr.studyDescription = "MR BRAIN";
        mr.seriesDescription = "T1 AX";
        mr.seed = 3;
        fixtures::writeHeadCtSeries(out("in/mr").toStdString(), mr);
        fixtures::HeadPhantom ct;
        ct.seed = 4;
        fixtures::writeHeadCtSeries(out("in/ct").toStdString(), ct);
        fs::remove(out("in/mr/key.json").toStdString());
        fs::remove(out("in/ct/key.json").toStdString());
        ui::ReviewAudit::setReviewerName(kReviewer);
        qputenv("VEIL_SIGNER_PASSPHRASE", "a signer's passphrase");
        m_window = std::make_unique<ui::MainWindow>();
        w().resize(1400, 900);
        w().show();
        ui::ExportControllerOptions options;
        options.keyFile = m_tmp.filePath("project.veilkey").toStdString();
        options.threads = 2;
        w().actions()->exporter()->setOptions(options);
        QSignalSpy indexed(&w(), &ui::MainWindow::indexingFinished);
        QSignalSpy scanned(&w(), &ui::MainWindow::scanFinished);
        w().openPaths({out("in")});
        QVERIFY(indexed.wait(60000));
        QVERIFY(scanned.count() == 1 || scanned.wait(300000));
        QCOMPARE(w().studyModel()->index().instanceCount(), 120);
        for (const PatientNode& p : w().studyModel()->index().patients)
            for (const StudyNode& st : p.studies)
                (st.series.front().modality == "MR" ? m_mrStudy : m_ctStudy) = st.uid;
        QVERIFY(!m_mrStudy.empty() && !m_ctStudy.empty());
    }

    void reviewAndSignOff() {
        setCleanFaces(true); // before signing: a profile change withdraws sign-offs
        const StudyIndex& index = w().studyModel()->index();
        for (const InstanceInfo* i : index.instances()) {
            std::vector<std::string> ids;
            for (const Finding& f : w().findings()->findingsFor(i->sopInstanceUid))
                ids.push_back(ui::idOf(i->sopInstanceUid, f));
            w().review()->decide(ids, Decision::Accepted, "Redact all");
        }
        for (const PatientNode& p : index.patients)
            for (const StudyNode& s : p.studies) {
                w().selectInstance(s.series.front().instances.front().sopInstanceUid);
                QCOMPARE(w().actions()->approveStudy("phantom: no text, every slice seen"), 0);
            }
        signOff(kReviewer, SignOffRole::Reviewer);
        signOff(kApprover, SignOffRole::Approver);
        QVERIFY(checkSignOffs(w().review()->session().signOffs(), ReleaseLevel::Publication).ok());
    }

    // The option on, the MR series in scope: the dialog names it, says what the fallback does,
    // and Export waits until it is accepted.
    void dialogOffersTheFallbackForMr() {
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(out("release"));
        QVERIFY(d->mrFacePlaneArea()->isVisibleTo(d));
        QVERIFY(d->mrFacePlaneBox()->isEnabled());
        QVERIFY(!d->mrFacePlaneBox()->isChecked());
        const QString text = d->mrFacePlaneLabel()->text();
        QVERIFY2(text.contains("T1 AX") && !text.contains("HEAD 4.0"), qPrintable(text));
        QVERIFY2(text.contains("plane") && text.contains("in front of"), qPrintable(text));
        QVERIFY(!d->exportButton()->isEnabled());
        QVERIFY2(d->problemsLabel()->text().contains("face-plane fallback"),
                 qPrintable(d->problemsLabel()->text()));
        QVERIFY(!d->settings().acceptMrFacePlane);

        d->setAcceptMrFacePlane(true);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QVERIFY(d->settings().acceptMrFacePlane);
        QVERIFY(w().actions()->exporter()->request(d->settings()).acceptMrFacePlane);
        d->close();
    }

    // The CT study alone needs no choice: the area is hidden and nothing is accepted.
    void ctOnlyScopeHidesIt() {
        const StudyIndex& index = w().studyModel()->index();
        for (const PatientNode& p : index.patients)
            for (const StudyNode& st : p.studies)
                if (st.uid == m_ctStudy)
                    w().selectInstance(st.series.front().instances.front().sopInstanceUid);
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Study);
        d->setDestination(out("ct-only"));
        QVERIFY(!d->mrFacePlaneArea()->isVisibleTo(d));
        d->setAcceptMrFacePlane(true); // hidden: not part of the settings
        QVERIFY(!d->settings().acceptMrFacePlane);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        d->close();
    }

    void exportDefacesMrWithThePlane() {
        ui::ExportController* c = w().actions()->exporter();
        QVERIFY(!c->hasKey());
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        d->setDestination(out("release"));
        d->setAcceptMrFacePlane(true);
        QVERIFY2(d->exportButton()->isEnabled(), qPrintable(d->problemsLabel()->text()));
        QSignalSpy done(c, &ui::ExportController::finished);
        QSignalSpy opened(c, &ui::ExportController::keyOpened);
        // Export opens the key first (VEIL_PASSPHRASE) on a worker: the dialog returns at once
        // and shows it is busy, the export starts when the key is there.
        d->startExport();
        QVERIFY(c->isOpeningKey());
        QVERIFY(!c->hasKey());
        QVERIFY(!d->exportButton()->isEnabled());
        QVERIFY(d->cancelButton()->isVisibleTo(d));
        QVERIFY(d->progressBar()->isVisibleTo(d));
        QVERIFY(opened.wait(60000));
        QVERIFY(c->isRunning());
        QVERIFY(done.wait(600000));
        const ExportResult r = *c->lastResult();
        QVERIFY2(r.ok(), r.message.c_str());
        QVERIFY2(QString::fromStdString(r.faceRemoval).contains("MR face plane"),
                 r.faceRemoval.c_str());
        const Certificate cert = Certificate::load(out("release.certificate.json").toStdString());
        QCOMPARE(int(cert.faces.size()), 2);
        int mrPlane = 0;
        for (const CertificateFace& f : cert.faces) {
            QVERIFY2(f.defaced, f.removal.c_str());
            mrPlane += f.modality == "MR" && f.removal.find("MR face plane") != std::string::npos;
        }
        QCOMPARE(mrPlane, 1);
        int no = 0, files = 0;
        for (const auto& e : fs::recursive_directory_iterator(out("release").toStdString()))
            if (e.is_regular_file() && e.path().extension() == ".dcm") {
                ++files;
                no += DicomFile::open(e.path(), DicomFile::Load::HeaderOnly)
                          .string(tags::RecognizableVisualFeatures) == "NO";
            }
        QCOMPARE(files, 120);
        QCOMPARE(no, 120);
        // The certificate PDF beside the export names each flagged series and its removal.
        if (!QStandardPaths::findExecutable("pdftotext").isEmpty()) {
            QProcess p;
            p.start("pdftotext", {out("release.certificate.pdf"), "-"});
            QVERIFY(p.waitForFinished(30000));
            const QString text = QString::fromUtf8(p.readAllStandardOutput()).simplified();
            QVERIFY2(text.contains("Face: series 3") && text.contains("MR face plane") &&
                         text.contains("CT bone front"),
                     qPrintable(text));
        }
        d->close();
    }

    // The option off: the area still warns that the MR face is exported as it is, and the
    // fallback cannot be chosen.
    void optionOffWarnsOnly() {
        setCleanFaces(false);
        ui::ExportDialog* d = w().actions()->openExport();
        d->setScope(ui::ExportDialog::Scope::Everything);
        QVERIFY(d->mrFacePlaneArea()->isVisibleTo(d));
        QVERIFY(!d->mrFacePlaneBox()->isEnabled());
        QVERIFY2(d->mrFacePlaneLabel()->text().contains("exported as they are"),
                 qPrintable(d->mrFacePlaneLabel()->text()));
        d->setAcceptMrFacePlane(true);
        QVERIFY(!d->settings().acceptMrFacePlane);
        QVERIFY(!d->problemsLabel()->text().contains("face-plane fallback"));
        d->close();
    }

    // Face preview… on the MR series shows what the fallback would do (the export's choice).
    void facePreviewShowsTheFallbackOnMr() {
        QAbstractItemModel* m = w().studyTree()->model();
        QModelIndex mrSeries;
        std::vector<QModelIndex> stack{QModelIndex()};
        while (!stack.empty() && !mrSeries.isValid()) {
            const QModelIndex parent = stack.back();
            stack.pop_back();
            for (int r = 0; r < m->rowCount(parent); ++r) {
                const QModelIndex i = m->index(r, 0, parent);
                if (i.data(StudyItemModel::KindRole).toInt() == int(StudyItemModel::Kind::Series) &&
                    i.data(Qt::DisplayRole).toString().contains("T1 AX"))
                    mrSeries = i;
                else
                    stack.push_back(i);
            }
        }
        QVERIFY(mrSeries.isValid());
        ui::FacePreviewDialog* d = w().openFacePreview(mrSeries);
        QVERIFY(d);
        QTRY_VERIFY_WITH_TIMEOUT(d->isReady(), 60000);
        QCOMPARE(QString::fromStdString(d->preview().status), QString("defaced"));
        QVERIFY(d->preview().voxelsChanged > 0);
        bool named = false;
        for (QLabel* l : d->findChildren<QLabel*>())
            named = named || l->text().contains("MR face-plane fallback");
        QVERIFY(named);
        d->close();
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestMrFaceExport)
#include "tst_mrfaceexport.moc"
