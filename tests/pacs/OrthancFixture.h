#pragma once
// The Orthanc the CTest fixture started (orthanc-fixture.sh): where it listens, the AE
// titles, the seeded corpus read back from its files (the oracle the tests compare with),
// and its REST API through curl.
#include "dicom/InstanceInfo.h"
#include "pacs/PacsTypes.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QString>

#include <string>
#include <vector>

namespace veil::test {

struct OrthancFixture {
    bool present = false; // /usr/sbin/Orthanc is installed and the fixture started it
    std::string error;    // why the fixture cannot be used (empty when it can)
    pacs::PacsNode node;
    std::string veilAet;
    int movePort = 0, httpPort = 0;
    std::string corpus;
    std::vector<InstanceInfo> seeded; // every file the fixture POSTed, read with DicomFile

    static OrthancFixture load(); // reads VEIL_PACS_STATE

    pacs::PacsSettings settings() const; // our AE title, C-MOVE port, short timeouts
    // GET/POST on the REST API: the body, or an empty array after a failure.
    QByteArray rest(const QString& path, const QByteArray& post = {}, bool isPost = false) const;
    QJsonDocument restJson(const QString& path, const QByteArray& post = {},
                           bool isPost = false) const;
    // DELETE on the REST API; true on success.
    bool restDelete(const QString& path) const;
    // Orthanc's ID of the study/instance with this DICOM UID, empty when it has none.
    QString orthancId(const std::string& dicomUid, const QString& type) const;
    // True when Orthanc holds an instance with this SOP Instance UID (POST /tools/lookup).
    bool hasInstance(const std::string& sopInstanceUid) const;
    // The seeded files' distinct values of `field` (e.g. &InstanceInfo::studyInstanceUid)
    // over the files `keep` accepts.
    template <class Keep>
    std::vector<std::string> distinct(std::string InstanceInfo::*field, Keep keep) const;
};

} // namespace veil::test

#include <algorithm>

template <class Keep>
std::vector<std::string> veil::test::OrthancFixture::distinct(std::string InstanceInfo::*field,
                                                              Keep keep) const {
    std::vector<std::string> out;
    for (const InstanceInfo& i : seeded)
        if (keep(i) && std::find(out.begin(), out.end(), i.*field) == out.end())
            out.push_back(i.*field);
    std::sort(out.begin(), out.end());
    return out;
}

// In a test function: skips when Orthanc is not installed, fails when the fixture is broken.
#define VEIL_REQUIRE_ORTHANC(fx)                                                                   \
    do {                                                                                           \
        if (!(fx).error.empty())                                                                   \
            QFAIL((fx).error.c_str());                                                             \
        if (!(fx).present)                                                                         \
            QSKIP("/usr/sbin/Orthanc is not installed (apt-get install orthanc): no PACS to "      \
                  "test against");                                                                 \
    } while (0)
