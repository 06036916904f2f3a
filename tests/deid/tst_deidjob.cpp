// DeidJob end to end on instances built in code: the output tree, per-file outcomes, no
// planted identifier or original UID left anywhere in any output file, references coherent
// across series, identical output for the same key, dates shifted by one offset per patient.
#include "DeidTestData.h"

#include "deid/DeidJob.h"
#include "deid/DeidPlanner.h"
#include "deid/Pseudonyms.h"
#include "dicom/DicomFile.h"
#include "study/StudyIndexer.h"
#include "verify/Verifier.h"

#include <QTemporaryDir>
#include <QTest>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <fstream>
#include <set>

using namespace veil;
namespace fs = std::filesystem;

namespace {

ProjectKey key(std::uint8_t fill) {
    ProjectKey::Bytes b{};
    b.fill(fill);
    return ProjectKey::fromBytes(b);
}

struct Study {
    std::vector<deidtest::Instance> instances;
    fs::path dir;
};

// Two CT series of two instances each and an SR that references the first series.
Study makeStudy(const fs::path& dir) {
    Study s;
    s.dir = dir;
    for (int series = 1; series <= 2; ++series)
        for (int n = 1; n <= 2; ++n) {
            deidtest::Instance i;
            i.seriesUid = "1.2.826.0.1.3680043.9.7777.1." + std::to_string(series);
            i.sopUid = i.seriesUid + "." + std::to_string(n);
            i.seriesNumber = series;
            i.number = n;
            s.instances.push_back(i);
        }
    deidtest::Instance sr;
    sr.sopClass = deidtest::kComprehensiveSr;
    sr.seriesUid = "1.2.826.0.1.3680043.9.7777.1.3";
    sr.sopUid = sr.seriesUid + ".1";
    sr.seriesNumber = 3;
    sr.referencedSeries = s.instances[0].seriesUid;
    sr.referencedSops = {s.instances[0].sopUid, s.instances[1].sopUid};
    s.instances.push_back(sr);
    for (const deidtest::Instance& i : s.instances)
        deidtest::write(dir / ("in-" + i.sopUid + ".dcm"), i);
    return s;
}

StudyIndex indexOf(const fs::path& dir) {
    NullProgress progress;
    CancelToken cancel;
    return StudyIndexer().run({dir.string()}, progress, cancel);
}

DeidJobResult runJob(const fs::path& in, const fs::path& out, Profile profile, const ProjectKey& k,
                     DeidJobOptions options = {}) {
    options.outDir = out;
    NullProgress progress;
    CancelToken cancel;
    return DeidJob(std::move(profile), k, options).run(indexOf(in), progress, cancel);
}

std::vector<fs::path> outputs(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string valueAt(const std::vector<ElementValue>& elements, const std::string& path) {
    for (const ElementValue& e : elements)
        if (e.path.toString() == path)
            return e.value;
    return "<absent>";
}

} // namespace

class TestDeidJob : public QObject {
    Q_OBJECT

private slots:
    void writesATreeAndCountsOutcomes() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in",
                       out = fs::path(tmp.path().toStdString()) / "out";
        makeStudy(in);
        std::ofstream(in / "notes.txt") << "not dicom";
        deidtest::Instance other;
        other.sopUid = "1.2.826.0.1.3680043.9.7777.1.1.99";
        deidtest::write(fs::path(tmp.path().toStdString()) / "other.dcm", other);
        const std::string good = deidtest::slurp(fs::path(tmp.path().toStdString()) / "other.dcm");
        std::ofstream(in / "broken.dcm", std::ios::binary) << good.substr(0, good.size() - 200);
        const std::string before = deidtest::slurp(in / "in-1.2.826.0.1.3680043.9.7777.1.1.2.dcm");

        const DeidJobResult r =
            runJob(in, out, Profile::standard(ReleaseLevel::Publication), key(1));
        QCOMPARE(r.written(), 5);
        QCOMPARE(r.skipped(), 1);
        QCOMPARE(r.failed(), 1);
        for (const DeidFileOutcome& f : r.files)
            if (f.status == DeidFileOutcome::Status::Failed)
                QVERIFY2(f.source.find("broken.dcm") != std::string::npos && !f.message.empty(),
                         f.message.c_str());
        QVERIFY(r.mapping.empty()); // publication keeps no mapping
        QCOMPARE(deidtest::slurp(in / "in-1.2.826.0.1.3680043.9.7777.1.1.2.dcm"),
                 before); // sources untouched

        const auto files = outputs(out);
        QCOMPARE(int(files.size()), 5);
        std::set<std::string> patients, studies, series;
        for (const fs::path& f : files) {
            const fs::path rel = fs::relative(f, out);
            QCOMPARE(std::distance(rel.begin(), rel.end()), 4L);
            patients.insert(rel.begin()->string());
            studies.insert(std::next(rel.begin())->string());
            series.insert(std::next(rel.begin(), 2)->string());
            QVERIFY(f.filename().string().find(".veil-partial") == std::string::npos);
        }
        QCOMPARE(int(patients.size()), 1);
        QVERIFY(QString::fromStdString(*patients.begin()).startsWith("VEIL-"));
        QCOMPARE(int(studies.size()), 1);
        QCOMPARE(int(series.size()), 3);
    }

    void leavesNoIdentifierAnywhere() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in",
                       out = fs::path(tmp.path().toStdString()) / "out";
        const Study study = makeStudy(in);
        const DeidJobResult r =
            runJob(in, out, Profile::standard(ReleaseLevel::Publication), key(1));
        QCOMPARE(r.failed(), 0);
        std::set<std::string> values, uids;
        for (const deidtest::Instance& i : study.instances) {
            for (const std::string& v : deidtest::plantedValues(i))
                values.insert(v);
            for (const std::string& u : deidtest::originalUids(i))
                uids.insert(u);
        }
        for (const fs::path& f : outputs(out)) {
            const std::string raw = deidtest::slurp(f);
            for (const std::string& v : values)
                QVERIFY2(raw.find(v) == std::string::npos,
                         (f.filename().string() + " holds " + v).c_str());
            for (const std::string& u : uids)
                QVERIFY2(raw.find(u) == std::string::npos,
                         (f.filename().string() + " holds UID " + u).c_str());
            const DicomFile file = DicomFile::open(f);
            for (const ElementValue& e : file.elements()) {
                QVERIFY2(!e.path.leaf().isPrivate(), e.path.toString().c_str());
                QVERIFY2(!(e.path.leaf().group >= 0x6000 && e.path.leaf().group <= 0x60FF) ||
                             e.value.find("SMITH") == std::string::npos,
                         e.path.toString().c_str());
                QVERIFY2(e.keyword != "IconImageSequence" &&
                             e.keyword != "SourceApplicationEntityTitle",
                         e.keyword.c_str());
            }
            QCOMPARE(QString::fromStdString(file.string(Tag(0x0012, 0x0062))), QString("YES"));
            QCOMPARE(file.string(tags::MediaStorageSOPInstanceUID),
                     file.string(tags::SOPInstanceUID));
        }
    }

    void overlayBitmapsAreBlanked() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in",
                       out = fs::path(tmp.path().toStdString()) / "out";
        makeStudy(in);
        runJob(in, out, Profile::standard(ReleaseLevel::Publication), key(1));
        int overlays = 0;
        for (const fs::path& f : outputs(out)) {
            DcmFileFormat ff;
            QVERIFY(ff.loadFile(f.c_str()).good());
            const Uint8* bits = nullptr;
            unsigned long count = 0;
            if (ff.getDataset()
                    ->findAndGetUint8Array(DcmTagKey(0x6000, 0x3000), bits, &count)
                    .bad())
                continue;
            ++overlays;
            QVERIFY(count > 0);
            QVERIFY(std::all_of(bits, bits + count, [](Uint8 b) { return b == 0; }));
            OFString rows;
            QVERIFY(ff.getDataset()->findAndGetOFString(DcmTagKey(0x6000, 0x0010), rows).good());
            QCOMPARE(QString(rows.c_str()), QString("16"));
        }
        QCOMPARE(overlays, 4); // the CT instances keep an empty overlay; the SR had none
    }

    void outputsStayValidObjects() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in",
                       out = fs::path(tmp.path().toStdString()) / "out";
        makeStudy(in);
        runJob(in, out, Profile::standard(ReleaseLevel::Publication), key(1));
        for (const fs::path& f : outputs(out)) {
            const DicomFile file = DicomFile::open(f);
            for (Tag t :
                 {tags::SOPClassUID, tags::SOPInstanceUID, tags::StudyInstanceUID,
                  tags::SeriesInstanceUID, tags::Modality, tags::PatientID, tags::PatientName})
                QVERIFY2(!file.string(t).empty(), (f.string() + " lacks " + t.toString()).c_str());
            for (Tag t : {tags::StudyDate, tags::AccessionNumber, tags::PatientBirthDate,
                          Tag(0x0020, 0x0010)})
                QVERIFY2(file.has(t),
                         (f.string() + " lost Type 2 " + t.toString()).c_str()); // present, empty
            if (file.info().hasPixelData) {
                const Frame frame = file.frame(0);
                QCOMPARE(frame.pixels.rows, 16);
            }
        }
    }

    void referencesStayCoherentAcrossSeries() {
        QTemporaryDir tmp;
        const fs::path in = fs::path(tmp.path().toStdString()) / "in",
                       out = fs::path(tmp.path().toStdString()) / "out";
        const Study study = makeStudy(in);
        runJob(in, out, Profile::standard(ReleaseLevel::Publication), key(1));
        std::map<std::string, std::string> sopBySeries; // new SOP UIDs of the referenced CT series
        std::vector<ElementValue> sr;
        std::set<std::string> studyUids;
        for (const fs::path& f : outputs(out)) {
            const DicomFile file = DicomFile::open(f);
            studyUids.insert(file.string(tags::StudyInstanceUID));
            if (file.string(tags::Modality) == "SR")
                sr = file.elements();
            else if (file.string(tags::SeriesNumber) == "1")
                sopBySeries[file.string(tags::SOPInstanceUID)] =
                    file.string(tags::SeriesInstanceUID);
        }
        QCOMPARE(int(studyUids.size()), 1);
        QCOMPARE(int(sopBySeries.size()), 2);
        const std::string base = "(0040,A375)[0].(0008,1115)[0]";
        const std::string seriesRef = valueAt(sr, base + ".(0020,000E)");
        QCOMPARE(seriesRef, sopBySeries.begin()->second);
        for (int i = 0; i < 2; ++i) {
            const std::string ref =
                valueAt(sr, base + ".(0008,1199)[" + std::to_string(i) + "].(0008,1155)");
            QVERIFY2(sopBySeries.count(ref), ref.c_str());
        }
        QCOMPARE(valueAt(sr, "(0040,A375)[0].(0020,000D)"), *studyUids.begin());
        // The SR's text keeps its clinical words and loses the names and the date.
        const std::string text = valueAt(sr, "(0040,A730)[0].(0040,A160)");
        QVERIFY2(text.find("nodule") != std::string::npos &&
                     text.find("Smith") == std::string::npos,
                 text.c_str());
        Q_UNUSED(study);
    }

    void sameKeySameBytesOtherKeyOtherValues() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        makeStudy(root / "in");
        runJob(root / "in", root / "a", Profile::standard(ReleaseLevel::Limited), key(1));
        runJob(root / "in", root / "b", Profile::standard(ReleaseLevel::Limited), key(1));
        runJob(root / "in", root / "c", Profile::standard(ReleaseLevel::Limited), key(2));
        const auto a = outputs(root / "a"), b = outputs(root / "b"), c = outputs(root / "c");
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(fs::relative(a[i], root / "a"), fs::relative(b[i], root / "b"));
            QVERIFY2(deidtest::slurp(a[i]) == deidtest::slurp(b[i]), a[i].string().c_str());
        }
        std::set<std::string> namesA, namesC;
        for (const auto& f : a)
            namesA.insert(fs::relative(f, root / "a").string());
        for (const auto& f : c)
            namesC.insert(fs::relative(f, root / "c").string());
        for (const std::string& n : namesC)
            QVERIFY(!namesA.count(n));
        const DicomFile fa = DicomFile::open(a.front()), fc = DicomFile::open(c.front());
        QVERIFY(fa.string(tags::PatientID) != fc.string(tags::PatientID));
        QVERIFY(fa.string(tags::StudyDate) != fc.string(tags::StudyDate));
    }

    void limitedShiftsDatesByOneOffsetAndKeepsAMapping() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        const Study study = makeStudy(root / "in");
        const DeidJobResult r =
            runJob(root / "in", root / "out", Profile::standard(ReleaseLevel::Limited), key(1));
        QCOMPARE(r.failed(), 0);
        const int offset = Pseudonymiser(key(1)).dateOffsetDays(
            patientKeyOf(study.instances[0].patientId, "", "", "", ""));
        for (const fs::path& f : outputs(root / "out")) {
            const DicomFile file = DicomFile::open(f);
            QCOMPARE(file.string(tags::StudyDate),
                     *shiftDate(study.instances[0].studyDate, offset));
            QCOMPARE(file.string(Tag(0x0008, 0x0023)),
                     *shiftDate(study.instances[0].seriesDate, offset));
            QCOMPARE(QString::fromStdString(file.string(Tag(0x0028, 0x0303))), QString("MODIFIED"));
            QVERIFY(file.string(tags::AccessionNumber) != study.instances[0].accession);
            QVERIFY(!file.string(tags::AccessionNumber).empty());
        }
        std::set<MappingEntry::Kind> kinds;
        for (const MappingEntry& e : r.mapping.entries())
            kinds.insert(e.kind);
        for (auto k : {MappingEntry::Kind::Patient, MappingEntry::Kind::Study,
                       MappingEntry::Kind::Series, MappingEntry::Kind::Instance,
                       MappingEntry::Kind::Accession, MappingEntry::Kind::DateOffset})
            QVERIFY2(kinds.count(k), kindName(k));
        QVERIFY(r.mapping.text().find(study.instances[0].patientId) != std::string::npos);
        QVERIFY(r.mapping.text().find(std::to_string(offset) + " days") != std::string::npos);
    }

    void hookRunsBeforeApplyAndCanRecordMethods() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        makeStudy(root / "in");
        std::atomic<int> calls{0};
        DeidJobOptions options;
        options.beforeApply = [&](DicomFile& file, const InstanceInfo& info, DeidPlan& plan) {
            ++calls;
            QVERIFY(!info.sopInstanceUid.empty());
            QVERIFY(file.has(tags::PatientName)); // not yet applied
            recordMethod(plan, cleanPixelDataCode());
        };
        std::vector<std::string> explained;
        options.onPlanned = [&](const DeidPlan& plan, const DeidFileOutcome& outcome) {
            explained.push_back(plan.source);
            QCOMPARE(outcome.status, DeidFileOutcome::Status::Written);
        };
        runJob(root / "in", root / "out", Profile::standard(ReleaseLevel::Publication), key(1),
               options);
        QCOMPARE(calls.load(), 5);
        QCOMPARE(int(explained.size()), 5);
        const DicomFile f = DicomFile::open(outputs(root / "out").front());
        bool found = false;
        for (const ElementValue& e : f.elements())
            found = found || (e.keyword == "CodeValue" && e.value == "113101");
        QVERIFY(found);
    }

    void cancelSkipsWhatIsLeft() {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        makeStudy(root / "in");
        DeidJobOptions options;
        options.outDir = root / "out";
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = indexOf(root / "in");
        cancel.cancel();
        const DeidJobResult r =
            DeidJob(Profile::standard(ReleaseLevel::Publication), key(1), options)
                .run(index, progress, cancel);
        QVERIFY(r.cancelled);
        QCOMPARE(r.skipped(), 5);
        QVERIFY(!fs::exists(root / "out"));
    }

    void realSamples() {
        const fs::path samples = VEIL_SAMPLES_DIR;
        if (!fs::exists(samples / "orthanc-tests"))
            QSKIP("no shared samples on this machine");
        QTemporaryDir tmp;
        const fs::path out = tmp.path().toStdString();
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run(
            {(samples / "orthanc-tests/PrivateTags.dcm").string(),
             (samples / "orthanc-tests/2017-06-27-XSSInjection.dcm").string(),
             (samples / "orthanc-tests/2026-05-06-Deeply-Nested-Sequence.dcm").string(),
             (samples / "pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm").string()},
            progress, cancel);
        DeidJobOptions options;
        options.outDir = out;
        const DeidJobResult r =
            DeidJob(Profile::standard(ReleaseLevel::Publication), key(1), options)
                .run(index, progress, cancel);
        QCOMPARE(r.written(), 3);
        QCOMPARE(r.failed(), 1);
        for (const DeidFileOutcome& f : r.files) {
            if (f.status == DeidFileOutcome::Status::Failed)
                QVERIFY2(f.message.find("nested") != std::string::npos, f.message.c_str());
            if (f.status != DeidFileOutcome::Status::Written)
                continue;
            const DicomFile file = DicomFile::open(f.output);
            for (const ElementValue& e : file.elements())
                QVERIFY2(!e.path.leaf().isPrivate(), (f.source + " " + e.path.toString()).c_str());
            // The export gate's verifier finds none of the source's identifiers or UIDs in the
            // output, elements and raw bytes (pixel text is the pixel work's: none is found here).
            SourceEvidence evidence;
            evidence.addSource(DicomFile::open(f.source, DicomFile::Load::HeaderOnly));
            for (const VerificationHit& h : Verifier(evidence).verifyFile(f.output).hits)
                QFAIL((f.source + ": " + h.where + " '" + h.value + "' (" + h.attribute + ")")
                          .c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestDeidJob)
#include "tst_deidjob.moc"
