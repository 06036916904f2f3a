#include "study/StudyIndexer.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "dicom/DicomFile.h"
#include "pdf/PdfPages.h"
#include "study/InputExpander.h"
#include "study/ReportFiles.h"

#include <QFile>

#include <algorithm>
#include <atomic>
#include <mutex>

namespace veil {

namespace {
constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";

bool isPdfFile(const std::string& localPath) {
    QFile f(QString::fromStdString(localPath));
    return f.open(QIODevice::ReadOnly) && f.read(5) == "%PDF-";
}
} // namespace

InstanceInfo readInstanceHeader(const std::string& localPath, const std::string& shownPath) {
    DicomFile f = DicomFile::open(localPath, DicomFile::Load::HeaderOnly);
    InstanceInfo info = f.info();
    info.path = shownPath;
    info.localPath = localPath;
    if (info.sopClassUid == kEncapsulatedPdfClass) {
        // Its pages are its frames (document/ReportPages renders them). One that cannot be read
        // keeps one frame: the scan names the problem and the review still asks for it.
        info.report = true;
        try {
            info.frames =
                pdfPageCount(QByteArray::fromStdString(f.bytes(Tag{0x0042, 0x0011})), shownPath);
        } catch (const Error&) {
            info.frames = 1;
        }
    }
    return info;
}

StudyIndex StudyIndexer::run(const std::vector<std::string>& inputs, ProgressSink& progress,
                             const CancelToken& cancel) const {
    progress.progress(0, 0, "Looking for files");
    Expansion ex = expandInputs(inputs, cancel);
    const long total = long(ex.candidates.size());
    progress.progress(0, total, "Reading headers");

    // Filled in place and compacted afterwards (no second vector of every header).
    std::vector<InstanceInfo> results(ex.candidates.size());
    std::vector<char> found(ex.candidates.size(), 0);
    std::vector<InstanceInfo> reports; // PDF files: attached to the study beside them below
    std::vector<LoadProblem> problems = std::move(ex.problems);
    std::mutex problemsMutex;
    std::atomic<bool> firstImageSent{false};
    const auto problem = [&](const Candidate& c, std::string message, LoadProblem::Kind kind) {
        std::lock_guard lock(problemsMutex);
        problems.push_back({c.path, std::move(message), kind});
    };

    ParallelOptions options;
    options.threads = m_options.threads;
    options.progress = &progress;
    options.every = 16;
    options.what = [&](std::size_t i) { return ex.candidates[i].path; };
    const ParallelResult run = parallelFor(
        ex.candidates.size(),
        [&](std::size_t i, int) {
            const Candidate& c = ex.candidates[i];
            std::string reason;
            const Sniff kind = sniffDicom(c.localPath, &reason);
            if (kind == Sniff::NotDicom && isPdfFile(c.localPath)) {
                InstanceInfo report = reportFileInstance(c.localPath, c.path);
                std::lock_guard lock(problemsMutex);
                reports.push_back(std::move(report));
                return;
            }
            if (kind == Sniff::NotDicom || kind == Sniff::Empty)
                return problem(c, reason,
                               c.expectDicom ? LoadProblem::Kind::Error
                                             : LoadProblem::Kind::Skipped);
            InstanceInfo info = readInstanceHeader(c.localPath, c.path);
            if (info.sopClassUid == kMediaStorageDirectory)
                return problem(c, "a DICOMDIR (its records were followed)",
                               LoadProblem::Kind::Skipped);
            if (info.sopInstanceUid.empty())
                return problem(c, "has no SOP Instance UID: not a DICOM image or document",
                               LoadProblem::Kind::Error);
            if (m_options.onFirstImage && info.hasPixelData && !firstImageSent.exchange(true))
                m_options.onFirstImage(info);
            results[i] = std::move(info);
            found[i] = 1;
        },
        cancel, options);
    for (const ParallelResult::Failure& f : run.failures)
        problems.push_back({ex.candidates[f.item].path, f.message, LoadProblem::Kind::Error});

    std::size_t kept = 0;
    for (std::size_t i = 0; i < results.size(); ++i)
        if (found[i] && kept++ != i)
            results[kept - 1] = std::move(results[i]);
    results.resize(kept);
    found = {};
    std::vector<InstanceInfo> instances = std::move(results);
    attachReportFiles(instances, std::move(reports), problems);
    StudyIndex index = StudyIndex::build(std::move(instances), std::move(problems));
    index.scratch = ex.scratch;
    return index;
}

} // namespace veil
