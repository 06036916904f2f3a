#include "study/IndexReport.h"

#include "study/FaceRisk.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sstream>

namespace veil {

namespace {
QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QJsonObject instanceJson(const InstanceInfo& i) {
    return QJsonObject{
        {"file", q(i.path)},
        {"sopClassUid", q(i.sopClassUid)},
        {"sopClass", q(sopClassName(i.sopClassUid))},
        {"sopInstanceUid", q(i.sopInstanceUid)},
        {"instanceNumber", i.instanceNumber},
        {"modality", q(i.modality)},
        {"rows", i.rows},
        {"columns", i.columns},
        {"frames", i.frames},
        {"transferSyntaxUid", q(i.transferSyntaxUid)},
        {"transferSyntax", q(transferSyntaxName(i.transferSyntaxUid))},
        {"photometricInterpretation", q(i.photometric)},
        {"samplesPerPixel", i.samplesPerPixel},
        {"bitsAllocated", i.bitsAllocated},
        {"bitsStored", i.bitsStored},
        {"pixelRepresentation", i.pixelRepresentation},
        {"manufacturer", q(i.manufacturer)},
        {"manufacturerModelName", q(i.manufacturerModelName)},
        {"burnedInAnnotation", q(i.burnedInAnnotation)},
    };
}
} // namespace

QJsonObject indexReportObject(const StudyIndex& index) {
    QJsonArray patients;
    for (const PatientNode& p : index.patients) {
        QJsonArray studies;
        for (const StudyNode& st : p.studies) {
            QJsonArray series;
            for (const SeriesNode& se : st.series) {
                QJsonArray instances;
                for (const InstanceInfo& i : se.instances)
                    instances.append(instanceJson(i));
                const FaceRisk face = faceRisk(se, st.description);
                series.append(QJsonObject{{"seriesInstanceUid", q(se.uid)},
                                          {"seriesNumber", se.number},
                                          {"description", q(se.description)},
                                          {"modality", q(se.modality)},
                                          {"instanceCount", int(se.instances.size())},
                                          {"mayShowFace", face.mayShowFace},
                                          {"faceRisk", q(face.reason)},
                                          {"instances", instances}});
            }
            studies.append(QJsonObject{{"studyInstanceUid", q(st.uid)},
                                       {"studyDate", q(st.date)},
                                       {"description", q(st.description)},
                                       {"accessionNumber", q(st.accessionNumber)},
                                       {"seriesCount", int(st.series.size())},
                                       {"instanceCount", st.instanceCount()},
                                       {"series", series}});
        }
        patients.append(QJsonObject{{"patientId", q(p.id)},
                                    {"patientName", q(p.name)},
                                    {"studyCount", int(p.studies.size())},
                                    {"instanceCount", p.instanceCount()},
                                    {"studies", studies}});
    }
    QJsonArray errors, skipped;
    for (const LoadProblem& pr : index.problems) {
        const QJsonObject o{{"file", q(pr.path)}, {"reason", q(pr.message)}};
        (pr.kind == LoadProblem::Kind::Error ? errors : skipped).append(o);
    }
    const QJsonObject root{
        {"counts", QJsonObject{{"patients", int(index.patients.size())},
                               {"studies", index.studyCount()},
                               {"series", index.seriesCount()},
                               {"instances", index.instanceCount()},
                               {"errors", index.errorCount()},
                               {"skipped", index.skippedCount()}}},
        {"patients", patients},
        {"errors", errors},
        {"skipped", skipped},
    };
    return root;
}

std::string indexReportJson(const StudyIndex& index) {
    return QJsonDocument(indexReportObject(index)).toJson(QJsonDocument::Indented).toStdString();
}

std::string indexReportText(const StudyIndex& index) {
    std::ostringstream out;
    for (const PatientNode& p : index.patients) {
        out << "Patient " << (p.name.empty() ? "(no name)" : p.name) << "  ID "
            << (p.id.empty() ? "(none)" : p.id) << "  (" << p.studies.size() << " studies, "
            << p.instanceCount() << " instances)\n";
        for (const StudyNode& st : p.studies) {
            out << "  Study " << st.date << " " << st.description << "  (" << st.series.size()
                << " series, " << st.instanceCount() << " instances)\n";
            for (const SeriesNode& se : st.series) {
                out << "    Series " << se.number << " " << se.modality << " " << se.description
                    << "  (" << se.instances.size() << " instances)\n";
                const FaceRisk face = faceRisk(se, st.description);
                if (face.mayShowFace)
                    out << "      MAY SHOW A FACE: "
                        << face.reason.substr(face.reason.find(": ") + 2) << "\n";
            }
        }
    }
    for (const LoadProblem& pr : index.problems)
        out << (pr.kind == LoadProblem::Kind::Error ? "ERROR   " : "skipped ") << pr.path << ": "
            << pr.message << "\n";
    out << index.patients.size() << " patients, " << index.studyCount() << " studies, "
        << index.seriesCount() << " series, " << index.instanceCount() << " instances; "
        << index.errorCount() << " errors, " << index.skippedCount() << " skipped\n";
    return out.str();
}

} // namespace veil
