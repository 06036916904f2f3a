// veil-cli deid --out DIR [--level L] [--profile FILE] [--option NAME]... [--key-file FILE]
//               [--mapping FILE] [--boxes FILE.json] [--redact auto|all-text|none]
//               [--no-ocr] [--release ID] [--consistent-across-releases] [--audit FILE]
//               [--person NAME] [--no-verify] [--threads N] [--explain]
//               [--expect-accessions FILE] INPUT...
// An unreviewed batch release: one de-identified copy per input instance, boxes burned, the
// verification gate over what was written, the audit beside the output. The engine is
// runBatchRelease in core.
#include "Cli.h"

#include "export/OcrRegions.h"
#include "verify/OcrPixelChecker.h"

#include "common/Error.h"
#include "export/BatchRelease.h"
#include "export/Certificate.h"
#include "study/AccessionCheck.h"
#include "study/StudyIndexer.h"

#include <cstdio>
#include <optional>

namespace veil::cli {

namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Writes a de-identified copy of every DICOM instance in the inputs into DIR, in folders by "
        "pseudonymous patient / study / series, then re-reads every copy through the verification "
        "gate. Sources are never modified. An unreviewed batch: the audit log says so.");
    parser.addHelpOption();
    parser.addOption({"out", "Output folder (required).", "DIR"});
    addProfileOptions(parser);
    addKeyOptions(parser);
    parser.addOption({"mapping",
                      "Where the limited level writes its encrypted mapping table (default: in "
                      "the user's data folder; never inside DIR).",
                      "FILE"});
    parser.addOption({"boxes", "Redaction boxes to burn into the pixels (docs/redaction-boxes.md).",
                      "FILE.json"});
    parser.addOption({"redact",
                      "Automatic redaction of burned-in text: auto (text that identifies the "
                      "patient, and device templates; the default at publication level), "
                      "all-text (every text found) or none (the default at limited level; "
                      "recorded in the audit).",
                      "MODE"});
    parser.addOption({"no-ocr",
                      "Header-only verification: the gate does not read the pixels again. The "
                      "summary and the audit then say 'pixels NOT checked'."});
    parser.addOption({"release",
                      "The release id (publication level): pseudonyms, UIDs and date offsets "
                      "are made from the project key and this id, so two releases never share "
                      "a value while the shards of one release stay identical. Default: a new "
                      "random id, printed.",
                      "ID"});
    parser.addOption({"consistent-across-releases",
                      "Publication level: keep the project's own pseudonyms, UIDs and date "
                      "offsets in every release (releases of one patient can then be linked)."});
    parser.addOption(
        {"audit", "The audit log to append to (default: DIR.audit.jsonl beside DIR).", "FILE"});
    parser.addOption(
        {"person", "Who runs the release, for the audit log (default: login name).", "NAME"});
    addMrFacePlaneOption(parser);
    parser.addOption({"expect-accessions",
                      "The accession numbers the release must hold: one per line, or a CSV with "
                      "a header (the Accession/AccessionNumber column, else the first). On a "
                      "mismatch nothing is written: exit 1 naming every expected accession "
                      "missing and every study not on the list.",
                      "FILE"});
    parser.addOption({"no-verify", "Skip the verification gate (not recommended)."});
    parser.addOption({"threads", "Worker threads (default: one per core).", "N"});
    parser.addOption(
        {"explain", "Print every element's action, old and new value, and the rule that fired."});
    parser.addPositionalArgument("INPUT", "Files, folders, zip archives or DICOMDIRs.", "INPUT...");
}

// `--redact auto|all-text|none`: burned-in text found by the text detector becomes boxes.
// Publication redacts by default; the limited level (a trusted recipient) does not.
std::string redactModeFor(const QCommandLineParser& parser, const Profile& profile) {
    if (parser.isSet("redact"))
        return parser.value("redact").toStdString();
    return profile.level == ReleaseLevel::Publication ? "auto" : "none";
}

RegionFinder regionFinderFor(const std::string& mode, std::shared_ptr<OcrCache> cache) {
    const auto policy = parseRedactPolicy(mode);
    if (!policy)
        throw Error("--redact: '" + mode + "' is not auto, all-text or none");
    return ocrRegionFinder(*policy, {}, std::move(cache));
}

ReleaseIdentity releaseFrom(const QCommandLineParser& parser) {
    ReleaseIdentity r;
    r.consistentAcrossReleases = parser.isSet("consistent-across-releases");
    r.id = parser.isSet("release") ? parser.value("release").toStdString() : newReleaseId();
    if (const std::string problem = releaseIdProblem(r.id); !problem.empty())
        throw Error("--release: " + problem);
    return r;
}

struct DeidArgs {
    std::filesystem::path out, mapping, audit;
    Profile profile;
    BatchReleaseOptions release;
    std::string person;
    bool ocr = true; // the gate reads every frame
    // The text detector's and the gate's: frames that reach the outputs unchanged are read once.
    std::shared_ptr<OcrCache> ocrCache = std::make_shared<OcrCache>();
};

// Everything checked before anything is created. Throws veil::Error (a usage error).
DeidArgs readArgs(const QCommandLineParser& parser) {
    if (!parser.isSet("out") || parser.value("out").isEmpty())
        throw Error("--out DIR is required");
    if (parser.positionalArguments().isEmpty())
        throw Error("no input given");
    DeidArgs a;
    a.out = parser.value("out").toStdString();
    a.profile = profileFrom(parser);
    if (a.profile.keepsMapping())
        a.mapping = mappingPath(parser, a.out);
    else if (parser.isSet("mapping"))
        throw Error("--mapping: the publication level keeps no mapping table");
    bool ok = true;
    a.release.threads = parser.isSet("threads") ? parser.value("threads").toInt(&ok) : 0;
    if (!ok || a.release.threads < 0)
        throw Error("--threads: give a whole number");
    a.release.outDir = a.out;
    for (const QString& in : parser.positionalArguments())
        a.release.inputs.push_back(in.toStdString());
    a.release.veilVersion = VEIL_VERSION;
    a.release.redact = redactModeFor(parser, a.profile);
    a.release.regionFinder = regionFinderFor(a.release.redact, a.ocrCache);
    a.release.release = releaseFrom(parser);
    a.ocr = !parser.isSet("no-ocr");
    if (parser.isSet("boxes"))
        a.release.boxes = loadBoxesFile(parser.value("boxes").toStdString());
    a.release.verify = !parser.isSet("no-verify");
    a.release.acceptMrFacePlane = acceptMrFacePlaneFrom(parser, a.profile);
    a.audit = parser.isSet("audit") ? std::filesystem::path(parser.value("audit").toStdString())
                                    : auditPathFor(a.out);
    a.person = personFrom(parser);
    if (parser.isSet("expect-accessions"))
        a.release.expectedAccessions =
            loadAccessionList(parser.value("expect-accessions").toStdString());
    return a;
}

void printSummary(const BatchReleaseResult& r, const DeidArgs& a) {
    int redacted = 0;
    for (const auto& [source, record] : r.redactions)
        redacted += record.result.framesTouched > 0;
    if (redacted > 0)
        std::printf("redacted: burned boxes into %d image(s)\n", redacted);
    if (r.faces) {
        if (r.faces->series.empty())
            std::printf("faces: no series may show a face: nothing defaced\n");
        for (const FaceSeriesOutcome& f : r.faces->series)
            std::printf(
                "faces: %s: %s\n", f.label.c_str(),
                f.status == FaceSeriesOutcome::Status::Defaced
                    ? ("defaced (" + f.method + ", " + std::to_string(f.voxelsChanged) +
                       " voxels set to air in " + std::to_string(f.instancesChanged) + " images; " +
                       f.message + ")")
                          .c_str()
                    : (std::string(statusName(f.status)) + ", not written: " + f.message).c_str());
    } else {
        for (const std::string& label : r.mayShowFace)
            std::printf("WARNING faces: %s may show a face and was written as it was (--option "
                        "clean-recognizable-visual-features removes it from head CT)\n",
                        label.c_str());
    }
    if (r.deid.cleanedValues() > 0)
        std::printf("cleaned: %d free-text values lost identifying text (--explain shows which)\n",
                    r.deid.cleanedValues());
    std::printf("deid: %d written, %d skipped, %d failed (%s level) -> %s\n", r.deid.written(),
                r.deid.skipped(), r.deid.failed(), levelName(a.profile.level),
                a.out.string().c_str());
    std::printf("burned-in text: --redact %s%s\n", a.release.redact.c_str(),
                a.release.redact == "none" ? " (nothing was redacted automatically)" : "");
    if (a.profile.level == ReleaseLevel::Publication)
        std::printf("release: %s (%s)\n", a.release.release.id.c_str(),
                    hasOwnValues(a.profile.level, a.release.release)
                        ? "pseudonyms, UIDs and dates of this release only"
                        : "the project's own values: releases of one patient can be linked");
    if (r.verification)
        printText(r.verification->text());
    else if (!a.release.verify)
        std::printf("verification: skipped (--no-verify): nothing was checked, pixels NOT "
                    "checked\n");
    if (r.markedTextLeft > 0)
        std::printf("BurnedInAnnotation set to YES in %d output(s) with text left in the pixels\n",
                    r.markedTextLeft);
    if (!r.keptInFailedFolder.empty())
        std::printf("Nothing was added to %s. The outputs were kept in %s: do not share them "
                    "before the hits are fixed.\n",
                    a.out.string().c_str(), r.keptInFailedFolder.string().c_str());
    if (r.published.moved + r.published.alreadyThere > 0)
        std::printf("joined the Veil output folder %s: %d file(s) added, %d already there\n",
                    a.out.string().c_str(), r.published.moved, r.published.alreadyThere);
    for (const std::string& c : r.published.conflicts)
        std::printf("CONFLICT %s: a different file of that name is already in %s; not replaced\n",
                    c.c_str(), a.out.string().c_str());
    std::printf("audit log: %s\n", a.audit.string().c_str());
    if (!r.certificateFile.empty())
        std::printf("certificate: %s\n", r.certificateFile.string().c_str());
}

} // namespace

int deid(const QStringList& args) {
    QCommandLineParser parser;
    addOptions(parser);
    if (const auto done = parseArguments(parser, args, "deid"))
        return *done;
    DeidArgs a;
    try {
        a = readArgs(parser);
    } catch (const Error& e) {
        return usageError("deid", e.what());
    }
    if (parser.isSet("explain"))
        a.release.onPlanned = [](const DeidPlan& plan, const DeidFileOutcome&) {
            printText(plan.explainText());
        };

    const ProjectKey key = openProjectKey(parser);
    if (const std::string problem = batchReleaseProblem(a.release, key); !problem.empty())
        return usageError("deid", QString::fromStdString(problem));
    AuditRecorder audit(QString::fromStdString(a.audit.string()), a.person);
    a.release.audit = &audit;
    OcrPixelChecker pixels({}, a.ocrCache); // the gate reads every frame of every output again
    if (a.ocr)
        a.release.pixelChecker = &pixels;
    BatchReleaseResult result;
    bool inputFailed = false;
    {
        TerminalProgress progress; // cleared when it goes, before the outcomes are printed
        CancelToken cancel;
        const StudyIndex index =
            StudyIndexer().run(inputsFrom(parser.positionalArguments()), progress, cancel);
        if (index.instanceCount() == 0 && index.errorCount() == 0)
            return usageError("deid", "no DICOM instances found in the inputs");
        result = runBatchRelease(index, a.profile, key, a.release, progress, cancel);
        for (const LoadProblem& p : index.problems)
            if (p.kind == LoadProblem::Kind::Error) {
                inputFailed = true;
                std::fprintf(stderr, "FAILED   %s: %s\n", p.path.c_str(), p.message.c_str());
            }
    }
    if (result.accessions) {
        const std::string report =
            accessionCheckReport(*a.release.expectedAccessions, *result.accessions);
        std::fwrite(report.data(), 1, report.size(), stdout);
    }
    if (result.accessionMismatch()) {
        for (const std::string& line : result.accessions->problems())
            std::fprintf(stderr, "veil-cli deid: %s\n", line.c_str());
        std::fprintf(stderr,
                     "veil-cli deid: the studies do not match the expected accessions: nothing "
                     "was written to %s\n",
                     a.out.string().c_str());
        std::printf("audit log: %s\n", a.audit.string().c_str());
        return Failed;
    }
    printOutcomes(result.deid.files);
    if (a.profile.keepsMapping() && !result.deid.mapping.empty()) {
        result.deid.mapping.save(a.mapping, key);
        std::fprintf(stderr, "mapping table: %s (encrypted; read it with 'veil-cli mapping')\n",
                     a.mapping.string().c_str());
    }
    printSummary(result, a);
    return result.ok() && !inputFailed ? Ok : Failed;
}

} // namespace veil::cli
