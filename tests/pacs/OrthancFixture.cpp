#include "OrthancFixture.h"

#include "dicom/DicomFile.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>

#include <map>

namespace veil::test {

OrthancFixture OrthancFixture::load() {
    OrthancFixture fx;
    const QString stateFile = qEnvironmentVariable("VEIL_PACS_STATE", VEIL_PACS_STATE);
    QFile f(stateFile);
    if (!f.open(QIODevice::ReadOnly)) {
        fx.error = "no Orthanc fixture state in " + stateFile.toStdString() +
                   " (the pacs_orthanc_start fixture did not run or failed)";
        return fx;
    }
    std::map<std::string, std::string> kv;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const int eq = line.indexOf('=');
        if (eq > 0)
            kv[line.left(eq).toStdString()] = line.mid(eq + 1).toStdString();
    }
    if (kv["ORTHANC"] == "missing")
        return fx;
    try {
        fx.node = {kv.at("AET"), "127.0.0.1", std::stoi(kv.at("DICOM_PORT"))};
        fx.veilAet = kv.at("VEIL_AET");
        fx.movePort = std::stoi(kv.at("MOVE_PORT"));
        fx.httpPort = std::stoi(kv.at("HTTP_PORT"));
        fx.corpus = kv.at("CORPUS");
        if (kv.count("SEEDED") == 0)
            throw std::runtime_error("not seeded");
    } catch (const std::exception& e) {
        fx.error = "the Orthanc fixture state " + stateFile.toStdString() + " is incomplete (" +
                   e.what() + ")";
        return fx;
    }
    QDirIterator it(QString::fromStdString(fx.corpus), {"*.dcm"}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        fx.seeded.push_back(
            DicomFile::open(it.next().toStdString(), DicomFile::Load::HeaderOnly).info());
    fx.present = true;
    return fx;
}

pacs::PacsSettings OrthancFixture::settings() const {
    pacs::PacsSettings s;
    s.callingAet = veilAet;
    s.movePort = movePort;
    s.connectTimeoutSeconds = 5;
    s.dimseTimeoutSeconds = 30;
    return s;
}

QByteArray OrthancFixture::rest(const QString& path, const QByteArray& post, bool isPost) const {
    QProcess curl;
    QStringList args{"-sf", "http://127.0.0.1:" + QString::number(httpPort) + path};
    if (isPost)
        args << "-X"
             << "POST"
             << "--data-binary"
             << "@-";
    curl.start("curl", args);
    if (isPost) {
        curl.write(post);
        curl.closeWriteChannel();
    }
    if (!curl.waitForFinished(30000) || curl.exitCode() != 0)
        return {};
    return curl.readAllStandardOutput();
}

QJsonDocument OrthancFixture::restJson(const QString& path, const QByteArray& post,
                                       bool isPost) const {
    return QJsonDocument::fromJson(rest(path, post, isPost));
}

bool OrthancFixture::restDelete(const QString& path) const {
    QProcess curl;
    curl.start("curl",
               {"-sf", "-X", "DELETE", "http://127.0.0.1:" + QString::number(httpPort) + path});
    return curl.waitForFinished(30000) && curl.exitCode() == 0;
}

QString OrthancFixture::orthancId(const std::string& dicomUid, const QString& type) const {
    const QJsonArray found =
        restJson("/tools/lookup", QByteArray::fromStdString(dicomUid), true).array();
    for (const auto& v : found)
        if (v.toObject().value("Type").toString() == type)
            return v.toObject().value("ID").toString();
    return {};
}

bool OrthancFixture::hasInstance(const std::string& sopInstanceUid) const {
    const QJsonArray found =
        restJson("/tools/lookup", QByteArray::fromStdString(sopInstanceUid), true).array();
    for (const auto& v : found)
        if (v.toObject().value("Type").toString() == "Instance")
            return true;
    return false;
}

} // namespace veil::test
