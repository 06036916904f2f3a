// veil-cli export --out DEST --review FILE [--zip] [--dicomdir] [--instance UID]...
//                 [--level L] [--profile FILE] [--option NAME]... [--boxes FILE.json]
//                 [--key-file FILE] [--mapping FILE] [--approver NAME --override-reason TEXT]
//                 [--redact auto|all-text|none] [--no-ocr] [--release ID]
//                 [--consistent-across-releases] [--person NAME] [--threads N]
//                 [--expect-accessions FILE] INPUT...
// The reviewed release headless: the review file's boxes, reviewed marks and sign-offs, the
// verification gate, DEST moved into place only when it passed (or the approver overrode it),
// DEST.certificate.json and DEST.audit.jsonl beside it. The engine is ExportJob in core.
#include "Cli.h"

#include "verify/OcrPixelChecker.h"

#include "common/Error.h"
#include "export/ExportJob.h"
#include "review/ReviewStore.h"
#include "study/AccessionCheck.h"
#include "study/StudyIndexer.h"

#include <cstdio>

namespace veil::cli {

namespace {

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        "Exports a reviewed, signed-off study: the review file's boxes are burned in, every "
        "written file passes the verification gate before the export appears at DEST, and a "
        "certificate and the audit log are written beside it.");
    parser.addHelpOption();
    parser.addOption(
        {"out", "The export to create (a folder, or a zip with --zip); must not exist.", "DEST"});
    parser.addOption(
        {"review", "The review file (boxes, decisions, reviewed marks, sign-offs).", "FILE"});
    parser.addOption({"zip", "Write a zip archive instead of a folder."});
    parser.addOption({"dicomdir", "Add a DICOMDIR; files get ISO 9660 names (PAT00001/...)."});
    parser.addOption({"instance", "Export only this SOP Instance UID. Repeatable.", "UID"});
    addProfileOptions(parser);
    addMrFacePlaneOption(parser);
    parser.addOption({"boxes", "More redaction boxes (docs/redaction-boxes.md).", "FILE.json"});
    addKeyOptions(parser);
    parser.addOption({"mapping",
                      "Limited level: where the encrypted mapping table goes (never inside DEST).",
                      "FILE"});
    parser.addOption({"approver", "The approver overriding the verification gate.", "NAME"});
    parser.addOption(
        {"override-reason", "Why the approver lets hits through (goes into the audit).", "TEXT"});
    parser.addOption(
        {"person", "Who runs the export, for the audit log (default: login name).", "NAME"});
    parser.addOption({"threads", "Worker threads (default: one per core).", "N"});
    parser.addOption({"redact",
                      "Burned-in text found by the text detector at export: auto (identifying "
                      "text and device templates, except findings the reviewer kept; the "
                      "default at publication), all-text or none (the default at limited).",
                      "MODE"});
    parser.addOption({"no-ocr", "The gate does not read the pixels again (pixels NOT checked)."});
    parser.addOption(
        {"release", "The release id (publication level; default: a new random one).", "ID"});
    parser.addOption({"consistent-across-releases",
                      "Publication: keep the project's own pseudonyms in every release."});
    parser.addOption({"expect-accessions",
                      "The accession numbers the release must hold (one per line, or a CSV "
                      "column). A mismatch with the studies in scope refuses the export "
                      "(nothing written, exit 1), naming every missing accession and every "
                      "study not on the list.",
                      "FILE"});
    parser.addPositionalArgument("INPUT", "The study: files, folders, zip archives or DICOMDIRs.",
                                 "INPUT...");
}

void readOverride(const QCommandLineParser& parser, ExportRequest& r) {
    if (parser.isSet("approver") != parser.isSet("override-reason"))
        throw Error("--approver and --override-reason go together");
    if (parser.isSet("approver"))
        r.gateOverride = GateOverride{parser.value("approver").toStdString(),
                                      parser.value("override-reason").toStdString(),
                                      {}};
}

// Everything checked before the key is opened. Throws veil::Error (a usage error).
ExportRequest readArgs(const QCommandLineParser& parser) {
    if (!parser.isSet("out") || parser.value("out").isEmpty())
        throw Error("--out DEST is required");
    if (!parser.isSet("review"))
        throw Error("--review FILE is required (the review and its sign-offs)");
    if (parser.positionalArguments().isEmpty())
        throw Error("no input given");
    ExportRequest r;
    r.destination = parser.value("out").toStdString();
    r.container = parser.isSet("zip") ? ExportContainer::Zip : ExportContainer::Folder;
    r.dicomdir = parser.isSet("dicomdir");
    for (const QString& uid : parser.values("instance"))
        r.scope.insert(uid.toStdString());
    r.profile = profileFrom(parser);
    r.acceptMrFacePlane = acceptMrFacePlaneFrom(parser, r.profile);
    r.review = ReviewStore::loadFile(parser.value("review"));
    r.signOffs = r.review->signOffs();
    r.findings = findingsFromBoxes(*r.review); // the scan's findings are not at hand headless
    if (parser.isSet("boxes"))
        r.boxes = loadBoxesFile(parser.value("boxes").toStdString());
    if (r.profile.keepsMapping())
        r.mappingFile = mappingPath(parser, r.destination);
    else if (parser.isSet("mapping"))
        throw Error("--mapping: the publication level keeps no mapping table");
    readOverride(parser, r);
    if (parser.isSet("expect-accessions"))
        r.expectedAccessions = loadAccessionList(parser.value("expect-accessions").toStdString());
    bool ok = true;
    r.threads = parser.isSet("threads") ? parser.value("threads").toInt(&ok) : 0;
    if (!ok || r.threads < 0)
        throw Error("--threads: give a whole number");
    r.person = personFrom(parser);
    r.veilVersion = VEIL_VERSION;
    if (parser.isSet("redact")) {
        r.redact = parseRedactPolicy(parser.value("redact").toStdString());
        if (!r.redact)
            throw Error("--redact: '" + parser.value("redact").toStdString() +
                        "' is not auto, all-text or none");
    }
    r.release.consistentAcrossReleases = parser.isSet("consistent-across-releases");
    if (parser.isSet("release")) {
        r.release.id = parser.value("release").toStdString();
        if (const std::string problem = releaseIdProblem(r.release.id); !problem.empty())
            throw Error("--release: " + problem);
    }
    return r;
}

void printResult(const ExportResult& r) {
    printOutcomes(r.files);
    if (!r.verification.files.empty())
        printText(r.verification.text(1000));
    if (r.ok()) {
        std::printf("export: %s\ncertificate: %s\nrelease: %s\n", r.message.c_str(),
                    r.certificateFile.string().c_str(), r.certificate->releaseId.c_str());
        if (!r.certificate->verification.passed)
            std::printf("verification gate overridden by %s\n",
                        r.certificate->verification.override->approver.c_str());
    } else {
        std::printf("export %s: %s\n", statusName(r.status), r.message.c_str());
    }
    if (!r.auditFile.empty())
        std::printf("audit log: %s\n", r.auditFile.string().c_str());
}

} // namespace

int exportCommand(const QStringList& args) {
    QCommandLineParser parser;
    addOptions(parser);
    if (const auto done = parseArguments(parser, args, "export"))
        return *done;
    ExportRequest request;
    try {
        request = readArgs(parser);
    } catch (const Error& e) {
        return usageError("export", e.what());
    }
    const ProjectKey key = openProjectKey(parser);
    OcrPixelChecker pixels; // the gate reads every frame of every output again
    if (!parser.isSet("no-ocr"))
        request.pixelChecker = &pixels;
    ExportResult result;
    {
        TerminalProgress progress;
        CancelToken cancel;
        const StudyIndex index =
            StudyIndexer().run(inputsFrom(parser.positionalArguments()), progress, cancel);
        if (index.instanceCount() == 0)
            return usageError("export", "no DICOM instances found in the inputs");
        result = ExportJob(request, key).run(index, progress, cancel);
    }
    printResult(result);
    return result.ok() ? Ok : Failed;
}

} // namespace veil::cli
