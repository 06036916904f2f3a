#include "ExportController.h"
#include "FindingsController.h"
#include "ReviewController.h"
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "CertificatePdf.h"
#include "FindingsController.h"
#include "ReviewAudit.h"
#include "ReviewController.h"
#include "common/Error.h"
#include "review/ReviewProfile.h"
#include "study/StudyItemModel.h"
#include "verify/OcrPixelChecker.h"

#include <QCoreApplication>

namespace veil::ui {

namespace {

std::filesystem::path fsPath(const QString& s) {
    return std::filesystem::path(s.toStdString());
}

// preflight() never uses the key; the real one is needed only to run.
const ProjectKey& anyKey() {
    static const ProjectKey key = ProjectKey::generate();
    return key;
}

} // namespace

ExportController::ExportController(ReviewController* review, FindingsController* findings,
                                   const StudyItemModel* study, ReviewAudit* audit, QObject* parent)
    : QObject(parent), m_review(review), m_findings(findings), m_study(study), m_audit(audit) {
    connect(&m_runner, &JobRunner::progressed, this, &ExportController::progressed);
    // ExportJob never throws; anything else the worker threw is this run's failure.
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        Finished failed;
        failed.result.status = ExportStatus::Failed;
        failed.result.message = message.toStdString();
        failed.result.destination = fsPath(m_running.destination);
        onFinished(failed);
    });
    connect(&m_keyRunner, &JobRunner::failed, this,
            [this](const QString& message) { emit keyNotOpened(message, false); });
}

ExportController::~ExportController() = default;

const std::vector<SignOff>& ExportController::signOffs() const {
    return m_review->session().signOffs();
}

Profile ExportController::profile() const {
    return profileFromChoice(m_review->session().profile());
}

ExportRequest ExportController::request(const ExportSettings& s) const {
    ExportRequest r;
    r.destination = fsPath(s.destination);
    r.container = s.container;
    r.dicomdir = s.dicomdir;
    r.scope = s.instances;
    r.profile = profile();
    r.signOffs = m_review->session().signOffs();
    // Drawn boxes and accepted findings are what the preview burns: the export burns the same.
    r.review = m_findings->sessionWithFindingBoxes();
    r.findings = m_findings->findingsByInstance();
    if (!s.mappingFile.isEmpty())
        r.mappingFile = fsPath(s.mappingFile);
    r.gateOverride = s.gateOverride;
    r.expectedAccessions = s.expectedAccessions;
    r.acceptAccessionMismatch = s.acceptAccessionMismatch;
    r.acceptMrFacePlane = s.acceptMrFacePlane;
    r.threads = m_options.threads;
    r.person = ReviewAudit::reviewerName().toStdString();
    r.veilVersion = QCoreApplication::applicationVersion().toStdString();
    return r;
}

Problems ExportController::preflight(const ExportSettings& s) const {
    if (m_study->index().instanceCount() == 0) {
        Problems p;
        p.add("no study is open");
        return p;
    }
    try {
        return ExportJob(request(s), anyKey()).preflight(m_study->index());
    } catch (const Error& e) {
        Problems p;
        p.add("the profile cannot be used: " + e.detail());
        return p;
    }
}

ScopeReview ExportController::pendingReview(const ExportSettings& s) const {
    return checkScopeReviewed(m_review->session(), m_study->index(), s.instances,
                              m_findings->findingsByInstance());
}

std::optional<AccessionComparison> ExportController::accessionCheck(const ExportSettings& s) const {
    if (!s.expectedAccessions)
        return std::nullopt;
    return compareAccessions(*s.expectedAccessions, selectInstances(m_study->index(), s.instances));
}

std::vector<FlaggedSeries> ExportController::mrFaceSeries(const ExportSettings& s) const {
    return mrSeriesThatMayShowFace(selectInstances(m_study->index(), s.instances));
}

const StudyIndex& ExportController::index() const {
    return m_study->index();
}

std::optional<PassphraseEntry> ExportController::environmentPassphrase() {
    const QByteArray env = qgetenv("VEIL_PASSPHRASE");
    if (env.isEmpty())
        return std::nullopt;
    PassphraseEntry entry;
    entry.passphrase = Passphrase(env.toStdString());
    entry.fromEnvironment = true;
    return entry;
}

std::filesystem::path ExportController::keyFile() const {
    return m_options.keyFile.empty() ? keyfile::defaultPath() : m_options.keyFile;
}

bool ExportController::openKey(PassphraseEntry entry) {
    if (isOpeningKey() || isRunning())
        return false;
    using Opened = std::pair<std::optional<ProjectKey>, QString>;
    // The entry goes to the worker (Passphrase is move-only; the job is copyable).
    m_keyRunner.run(
        [entry = std::make_shared<PassphraseEntry>(std::move(entry)),
         file = keyFile()](ProgressSink&, const CancelToken&) -> Opened {
            try {
                KeyOrigin origin = KeyOrigin::Opened;
                return {keyfile::openEntered(file, *entry, &origin), {}};
            } catch (const std::exception& e) { // veil::Error's what() names the key file
                return {std::nullopt, QString::fromUtf8(e.what())};
            }
        },
        [this](Opened opened, bool cancelled) {
            if (cancelled) {
                emit keyNotOpened(tr("cancelled"), true);
            } else if (!opened.first) {
                emit keyNotOpened(opened.second, false);
            } else {
                m_key = std::move(opened.first);
                emit keyOpened(*m_key);
            }
        });
    return true;
}

bool ExportController::start(const ExportSettings& asked) {
    if (isRunning() || isOpeningKey() || !m_key)
        return false;
    ExportSettings settings = asked;
    if (settings.gateOverride && settings.gateOverride->time.empty())
        settings.gateOverride->time = utcNow(); // the same time in both audit logs
    ExportRequest r;
    try {
        r = request(settings);
    } catch (const Error& e) {
        ExportResult refused;
        refused.status = ExportStatus::Refused;
        refused.message = "the profile cannot be used: " + e.detail();
        refused.destination = fsPath(settings.destination);
        m_last = refused;
        emit finished(refused, {}, {});
        return false;
    }
    m_running = settings;
    // The request is moved into the worker once (run() copies the job, so it goes by pointer).
    m_runner.run(
        [r = std::make_shared<ExportRequest>(std::move(r)), key = *m_key, index = m_study->index(),
         ocr = m_options.ocrCheck,
         kept = keptFindings(settings.instances)](ProgressSink& sink, const CancelToken& cancel) {
            return runOnWorker(std::move(*r), key, index, sink, cancel, ocr, kept);
        },
        [this](Finished done, bool) { onFinished(done); });
    return true;
}

void ExportController::cancel() {
    m_keyRunner.cancel();
    m_runner.cancel();
}

Problems ExportController::checkOverride(const GateOverride& override) const {
    return veil::checkOverride(override, m_review->session().signOffs());
}

QString ExportController::certificatePdfPath(const QString& destination) {
    QString d = destination;
    while (d.size() > 1 && (d.endsWith('/') || d.endsWith('\\')))
        d.chop(1);
    return d + QStringLiteral(".certificate.pdf");
}

QString ExportController::senderCertificatePath(const QString& destination) {
    QString d = destination;
    while (d.size() > 1 && (d.endsWith('/') || d.endsWith('\\')))
        d.chop(1);
    const QFileInfo fi(d);
    // Beside the export, named so that it never passes for the recipient's certificate.
    return fi.absolutePath() + "/" + fi.fileName() + QStringLiteral(".sender-certificate.json");
}

QJsonArray ExportController::keptFindings(const std::set<std::string>& scope) const {
    QJsonArray out;
    for (const InstanceInfo* i : m_study->index().instances()) {
        if (!scope.empty() && !scope.count(i->sopInstanceUid))
            continue;
        for (const Finding& f : m_findings->findingsFor(i->sopInstanceUid))
            if (m_review->session().decision(idOf(i->sopInstanceUid, f)) == Decision::Rejected)
                out.append(QJsonObject{
                    {"series", i->seriesNumber},
                    {"image", i->instanceNumber},
                    {"frame", f.frame < 0 ? QJsonValue("all") : QJsonValue(f.frame + 1)},
                    {"text", QString::fromStdString(f.text)},
                    {"identifying", f.phi}});
    }
    return out;
}

// The export, then beside it the sender's copy of the certificate and the certificate PDF:
// all on the worker, so the GUI thread never waits for files.
ExportController::Finished ExportController::runOnWorker(ExportRequest r, const ProjectKey& key,
                                                         const StudyIndex& index,
                                                         ProgressSink& sink,
                                                         const CancelToken& cancel, bool ocr,
                                                         const QJsonArray& kept) {
    std::unique_ptr<PixelChecker> checker;
    if (ocr)
        checker = std::make_unique<OcrPixelChecker>();
    r.pixelChecker = checker.get();
    Finished out{ExportJob(std::move(r), key).run(index, sink, cancel), {}, {}};
    const ExportResult& result = out.result;
    if (result.ok() && result.certificate) {
        // The sender's copy: the certificate with the kept findings' text.
        QJsonObject sender = result.certificate->toJson();
        sender.insert("copy", "sender");
        sender.insert("keptFindings", kept);
        QSaveFile f(senderCertificatePath(QString::fromStdString(result.destination.string())));
        if (f.open(QIODevice::WriteOnly)) {
            f.write(QJsonDocument(sender).toJson(QJsonDocument::Indented));
            if (!f.commit())
                out.pdfError =
                    tr("the sender's certificate could not be saved: %1").arg(f.errorString());
        }
        out.pdf = certificatePdfPath(QString::fromStdString(result.destination.string()));
        try {
            writeCertificatePdf(*result.certificate, out.pdf);
        } catch (const std::exception& e) {
            out.pdfError = QString::fromUtf8(e.what());
            out.pdf.clear();
        }
    }
    return out;
}

void ExportController::onFinished(const Finished& done) {
    const ExportResult& result = done.result;
    if (m_running.gateOverride && result.ok() && !result.verification.passed())
        m_audit->gateOverride(*m_running.gateOverride, result.verification);
    m_audit->exportOutcome(result);
    m_last = result;
    emit finished(result, done.pdf, done.pdfError);
}

} // namespace veil::ui
