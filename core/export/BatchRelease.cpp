#include "export/BatchRelease.h"

namespace veil {

namespace fs = std::filesystem;

namespace {

void recordStart(const BatchReleaseOptions& o, const Profile& profile) {
    if (!o.audit)
        return;
    o.audit->profileChosen(profile);
    if (o.boxes)
        o.audit->boxesFile(o.boxes->source, *o.boxes);
}

VerificationReport verify(const StudyIndex& index, const Profile& profile,
                          const BatchReleaseOptions& o, const BatchReleaseResult& r,
                          ProgressSink& progress, const CancelToken& cancel) {
    std::vector<OutputToVerify> outputs;
    for (const DeidFileOutcome& f : r.deid.files)
        if (f.status == DeidFileOutcome::Status::Written)
            outputs.push_back({f.output, fs::relative(f.output, o.outDir).generic_string()});
    const SourceEvidence evidence = evidenceFromIndex(index, {}, profile, cancel);
    return runGate(evidence, outputs, {o.pixelChecker, o.threads}, progress, cancel);
}

QJsonObject counts(const BatchReleaseResult& r) {
    int redacted = 0;
    for (const auto& [source, record] : r.redactions)
        redacted += record.result.framesTouched > 0;
    QJsonObject c{{"written", r.deid.written()},
                  {"skipped", r.deid.skipped()},
                  {"failed", r.deid.failed()},
                  {"redactedImages", redacted},
                  {"verified", r.verification.has_value()}};
    if (r.verification) {
        c.insert("verification", r.verification->passed() ? "passed" : "failed");
        c.insert("pixels", QString::fromStdString(r.verification->pixelsText()));
        c.insert("pixelsChecked", r.verification->pixelsChecked);
    } else {
        c.insert("pixels", "NOT checked: no verification");
        c.insert("pixelsChecked", false);
    }
    if (r.markedTextLeft > 0)
        c.insert("burnedInAnnotationSetToYes", r.markedTextLeft);
    return c;
}

} // namespace

BatchReleaseResult runBatchRelease(const StudyIndex& index, const Profile& profile,
                                   const ProjectKey& key, const BatchReleaseOptions& o,
                                   ProgressSink& progress, const CancelToken& cancel) {
    recordStart(o, profile);
    PixelRedactionStep pixels(o.boxes ? regionsFromBoxesFile(*o.boxes) : RedactionSource{},
                              o.regionFinder, pixelOptionsFor(profile));
    DeidJobOptions options;
    options.outDir = o.outDir;
    options.threads = o.threads;
    options.beforeApply = pixels.hook();
    options.onPlanned = o.onPlanned;
    BatchReleaseResult r;
    ReleaseIdentity release = o.release;
    if (release.id.empty())
        release.id = newReleaseId();
    r.releaseId = release.id;
    r.deid = DeidJob(profile, keyForRelease(key, profile.level, release), options)
                 .run(index, progress, cancel);
    r.redactions = pixels.records();
    if (o.verify && r.deid.written() > 0)
        r.verification = verify(index, profile, o, r, progress, cancel);
    if (r.verification && !r.verification->passed())
        r.markedTextLeft = markTextLeftInPixels(*r.verification, o.outDir);
    if (o.audit) {
        if (r.verification)
            o.audit->verification(*r.verification);
        QJsonObject details = counts(r);
        details.insert("redact", QString::fromStdString(o.redact));
        details.insert("releaseId", QString::fromStdString(release.id));
        details.insert("valuesOfThisReleaseOnly", hasOwnValues(profile.level, release));
        o.audit->batchRelease(o.outDir.string(), profile, details);
    }
    return r;
}

} // namespace veil
