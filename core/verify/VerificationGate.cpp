#include "verify/VerificationGate.h"

#include "common/Error.h"
#include "common/ParallelFor.h"
#include "dicom/Dictionary.h"

#include <QJsonArray>

#include <algorithm>
#include <mutex>

namespace veil {

namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// OCR engines are rarely thread-safe: unless a PixelChecker says it is, the gate calls it
// one file at a time.
class SerialChecker final : public PixelChecker {
public:
    explicit SerialChecker(PixelChecker* inner) : m_inner(inner) {}
    PixelCheck check(const DicomFile& output, const IdentifierSet& ids) override {
        std::lock_guard lock(m_mutex);
        return m_inner->check(output, ids);
    }

private:
    PixelChecker* m_inner;
    std::mutex m_mutex;
};

FileVerification verifyOne(const Verifier& verifier, const OutputToVerify& out) {
    FileVerification v = verifier.verifyFile(out.path, out.studyUid);
    const std::string name = out.name.empty() ? out.path : out.name;
    v.file = name;
    for (VerificationHit& h : v.hits)
        h.file = name;
    return v;
}

} // namespace

int VerificationReport::filesWithHits() const {
    return int(std::count_if(files.begin(), files.end(),
                             [](const FileVerification& f) { return !f.hits.empty(); }));
}

int VerificationReport::unreadable() const {
    return int(std::count_if(files.begin(), files.end(),
                             [](const FileVerification& f) { return !f.error.empty(); }));
}

std::vector<VerificationHit> VerificationReport::hits() const {
    std::vector<VerificationHit> out;
    for (const FileVerification& f : files)
        out.insert(out.end(), f.hits.begin(), f.hits.end());
    return out;
}

bool VerificationReport::passed() const {
    return !cancelled && !files.empty() &&
           std::all_of(files.begin(), files.end(),
                       [](const FileVerification& f) { return f.ok(); });
}

std::string VerificationReport::pixelsText() const {
    if (!pixelCheckerUsed)
        return "NOT checked: burned-in text was not looked for (header-only run)";
    std::string out = pixelsChecked ? "every one of " + std::to_string(frames) + " frame(s)"
                                    : std::to_string(framesRead + framesSame) + " of " +
                                          std::to_string(frames) + " frame(s)";
    out += " read by OCR";
    if (framesSame > 0)
        out += " (" + std::to_string(framesSame) + " identical to frames already read clean)";
    if (!pixelsChecked)
        out += ": NOT every frame was checked";
    return out;
}

std::string VerificationReport::text(int maxLines) const {
    const std::vector<VerificationHit> all = hits();
    std::string out;
    const std::string pixelLine = "  pixels: " + pixelsText() + "\n";
    if (passed())
        return "verification passed: " + std::to_string(filesChecked()) +
               " files re-read, nothing identifying found" +
               (pixelsChecked ? "" : " in the headers") + "\n" + pixelLine;
    out = "VERIFICATION FAILED: " + std::to_string(all.size()) + " hit(s) in " +
          std::to_string(filesWithHits()) + " of " + std::to_string(filesChecked()) + " files";
    if (unreadable() > 0)
        out += ", " + std::to_string(unreadable()) + " file(s) could not be read";
    if (cancelled)
        out += ", cancelled before every file was checked";
    if (files.empty())
        out += " (no output files to check)";
    out += "\n";
    int lines = 0;
    for (const FileVerification& f : files) {
        if (!f.error.empty() && lines++ < maxLines)
            out += "  " + f.file + "  could not be read: " + f.error + "\n";
        for (const VerificationHit& h : f.hits)
            if (lines++ < maxLines)
                out +=
                    "  " + h.file + "  " + h.where + "  '" + h.value + "'  (" + h.attribute + ")\n";
    }
    if (lines > maxLines)
        out += "  ... and " + std::to_string(lines - maxLines) + " more\n";
    return out + pixelLine;
}

QJsonObject VerificationReport::toJson(bool withValues) const {
    QJsonArray hitList, errors;
    for (const FileVerification& f : files) {
        if (!f.error.empty())
            errors.append(QJsonObject{{"file", q(f.file)}, {"error", q(f.error)}});
        for (const VerificationHit& h : f.hits) {
            QJsonObject o{
                {"file", q(h.file)}, {"where", q(h.where)}, {"attribute", q(h.attribute)}};
            if (withValues)
                o.insert("value", q(h.value));
            hitList.append(o);
        }
    }
    return QJsonObject{{"passed", passed()},
                       {"filesChecked", filesChecked()},
                       {"filesWithHits", filesWithHits()},
                       {"hitCount", int(hitList.size())},
                       {"pixelsChecked", pixelsChecked},
                       {"pixels", q(pixelsText())},
                       {"frames", double(frames)},
                       {"framesRead", double(framesRead)},
                       {"framesSame", double(framesSame)},
                       {"cancelled", cancelled},
                       {"hits", hitList},
                       {"unreadable", errors}};
}

std::set<std::string> retainedAttributes(const Profile& profile) {
    std::set<std::string> out;
    for (const TableRow& row : profile.tables->rows()) {
        if (!row.tag.isExact())
            continue;
        for (Option o : profile.options.list())
            if (row.option(o) == TableAction::K) {
                const std::string keyword = keywordForTag(
                    Tag(std::uint16_t(row.tag.value >> 16), std::uint16_t(row.tag.value & 0xFFFF)));
                if (!keyword.empty())
                    out.insert(keyword);
            }
    }
    return out;
}

SourceEvidence evidenceFromIndex(const StudyIndex& index, const std::set<std::string>& scope,
                                 const Profile& profile, const CancelToken& cancel,
                                 const std::set<std::string>* alreadyRead) {
    SourceEvidence evidence;
    evidence.retainedAttributes = retainedAttributes(profile);
    evidence.checkUids = !profile.options.has(Option::RetainUIDs);
    evidence.checkGraphics = profile.options.has(Option::CleanGraphics);
    for (const InstanceInfo* i : index.instances()) {
        if (cancel.isCancelled())
            break;
        if (!scope.empty() && !scope.count(i->sopInstanceUid))
            continue;
        if (alreadyRead && alreadyRead->count(i->path))
            continue;
        try {
            evidence.addSource(DicomFile::open(i->localPath, DicomFile::Load::Full),
                               i->studyInstanceUid);
        } catch (const Error&) {
            // unreadable now: it cannot have been exported either
        }
    }
    return evidence;
}

VerificationReport runGate(const SourceEvidence& evidence,
                           const std::vector<OutputToVerify>& outputs, const GateOptions& options,
                           ProgressSink& progress, const CancelToken& cancel) {
    SerialChecker serial(options.pixels);
    PixelChecker* pixels =
        options.pixels && !options.pixels->threadSafe() ? &serial : options.pixels;
    const Verifier verifier(evidence, pixels);
    VerificationReport report;
    report.pixelCheckerUsed = options.pixels != nullptr;
    std::vector<FileVerification> results(outputs.size());
    ParallelOptions parallel;
    parallel.threads = options.threads;
    parallel.progress = &progress;
    parallel.what = [&](std::size_t i) { return "verifying " + outputs[i].name; };
    const ParallelResult run = parallelFor(
        outputs.size(), [&](std::size_t i, int) { results[i] = verifyOne(verifier, outputs[i]); },
        cancel, parallel);
    for (const ParallelResult::Failure& f : run.failures) { // could not be checked: not clean
        const OutputToVerify& out = outputs[f.item];
        results[f.item] = {};
        results[f.item].file = out.name.empty() ? out.path : out.name;
        results[f.item].error = f.message;
    }
    report.files.reserve(outputs.size()); // not grown by doubling beside `results`
    for (std::size_t i = 0; i < outputs.size(); ++i)
        if (run.ran(i))
            report.files.push_back(std::move(results[i]));
    results = {};
    report.cancelled = cancel.isCancelled() && report.files.size() < outputs.size();
    bool covered = report.pixelCheckerUsed && !report.cancelled;
    for (const FileVerification& f : report.files) {
        report.frames += f.frames;
        report.framesRead += f.framesRead;
        report.framesSame += f.framesSame;
        covered = covered && f.error.empty() && f.pixelsCovered();
    }
    report.pixelsChecked = covered;
    return report;
}

std::vector<OutputToVerify> outputsIn(const fs::path& root) {
    std::vector<OutputToVerify> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && it->path().filename().string().rfind(".veil-", 0) != 0)
            out.push_back(
                {it->path().string(), fs::relative(it->path(), root).generic_string(), {}});
    if (ec)
        throw Error(root.string(), "cannot be read: " + ec.message());
    std::sort(out.begin(), out.end(),
              [](const OutputToVerify& a, const OutputToVerify& b) { return a.name < b.name; });
    return out;
}

QJsonObject GateOverride::toJson() const {
    return QJsonObject{{"approver", q(approver)}, {"reason", q(reason)}, {"time", q(time)}};
}

Problems checkOverride(const GateOverride& o, const std::vector<SignOff>& signOffs) {
    Problems p;
    const SignOff* approver = approverOf(signOffs);
    if (!approver)
        p.add("only the approver may override the verification gate, and no approver has "
              "signed off");
    else if (!samePerson(o.approver, approver->name))
        p.add("only the approver (" + approver->name +
              ") may override the verification gate, not " +
              (o.approver.empty() ? std::string("an unnamed person") : o.approver));
    std::string reason = o.reason;
    std::erase_if(reason, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (int(reason.size()) < kMinOverrideReason)
        p.add("an override of the verification gate needs a written reason (at least " +
              std::to_string(kMinOverrideReason) + " characters)");
    return p;
}

} // namespace veil
