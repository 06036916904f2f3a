#include "study/StudyIndexer.h"

#include "common/Error.h"
#include "dicom/DicomFile.h"
#include "document/ReportPages.h"
#include "study/InputExpander.h"

#include <QFile>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

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
        // Its pages are its frames (document/ReportPages). One that cannot be read keeps one
        // frame: the scan names the problem and the review still asks for it.
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

    std::vector<std::optional<InstanceInfo>> results(ex.candidates.size());
    std::vector<InstanceInfo> reports; // PDF files: attached to the study beside them below
    std::vector<LoadProblem> problems = std::move(ex.problems);
    std::mutex problemsMutex;
    std::atomic<long> next{0}, done{0};
    std::atomic<bool> firstImageSent{false};

    auto worker = [&] {
        for (long i = next++; i < total && !cancel.isCancelled(); i = next++) {
            const Candidate& c = ex.candidates[std::size_t(i)];
            std::string reason;
            const Sniff kind = sniffDicom(c.localPath, &reason);
            if (kind == Sniff::NotDicom && isPdfFile(c.localPath)) {
                try {
                    InstanceInfo info = reportFileInstance(c.localPath, c.path);
                    std::lock_guard lock(problemsMutex);
                    reports.push_back(std::move(info));
                } catch (const Error& e) {
                    std::lock_guard lock(problemsMutex);
                    problems.push_back({c.path, e.detail(), LoadProblem::Kind::Error});
                }
            } else if (kind == Sniff::NotDicom || kind == Sniff::Empty) {
                std::lock_guard lock(problemsMutex);
                problems.push_back(
                    {c.path, reason,
                     c.expectDicom ? LoadProblem::Kind::Error : LoadProblem::Kind::Skipped});
            } else {
                try {
                    InstanceInfo info = readInstanceHeader(c.localPath, c.path);
                    if (info.sopClassUid == kMediaStorageDirectory) {
                        std::lock_guard lock(problemsMutex);
                        problems.push_back({c.path, "a DICOMDIR (its records were followed)",
                                            LoadProblem::Kind::Skipped});
                    } else if (info.sopInstanceUid.empty()) {
                        std::lock_guard lock(problemsMutex);
                        problems.push_back(
                            {c.path, "has no SOP Instance UID: not a DICOM image or document",
                             LoadProblem::Kind::Error});
                    } else {
                        if (m_options.onFirstImage && info.hasPixelData &&
                            !firstImageSent.exchange(true))
                            m_options.onFirstImage(info);
                        results[std::size_t(i)] = std::move(info);
                    }
                } catch (const Error& e) {
                    std::lock_guard lock(problemsMutex);
                    problems.push_back({c.path, e.detail(), LoadProblem::Kind::Error});
                } catch (const std::exception& e) {
                    std::lock_guard lock(problemsMutex);
                    problems.push_back({c.path, std::string("unexpected failure: ") + e.what(),
                                        LoadProblem::Kind::Error});
                }
            }
            const long d = ++done;
            if (d % 16 == 0 || d == total)
                progress.progress(d, total, c.path);
        }
    };

    const int n =
        std::max(1, std::min<int>(m_options.threads > 0 ? m_options.threads
                                                        : int(std::thread::hardware_concurrency()),
                                  int(std::max(1L, total))));
    std::vector<std::thread> threads;
    for (int t = 1; t < n; ++t)
        threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads)
        t.join();

    std::vector<InstanceInfo> instances;
    instances.reserve(results.size());
    for (auto& r : results)
        if (r)
            instances.push_back(std::move(*r));
    attachReportFiles(instances, std::move(reports), problems);
    StudyIndex index = StudyIndex::build(std::move(instances), std::move(problems));
    index.scratch = ex.scratch;
    return index;
}

} // namespace veil
