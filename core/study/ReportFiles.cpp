#include "study/ReportFiles.h"

#include "common/Error.h"
#include "pdf/PdfPages.h"

#include <QCryptographicHash>
#include <QFile>

#include <algorithm>
#include <map>
#include <set>

namespace veil {

namespace {

// "2.25." and a number from a digest: stable across runs (the review file keys by it).
std::string uidFrom(const QByteArray& seed) {
    const QByteArray d = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
        n = (n << 8) | std::uint8_t(d[i]);
    return "2.25." + std::to_string(n | 1); // never 0, no leading zero
}

std::string folderOf(const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

} // namespace

QByteArray reportFileBytes(const std::string& localPath, const std::string& shown) {
    QFile f(QString::fromStdString(localPath));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(shown, "cannot be read: " + f.errorString().toStdString());
    return f.readAll();
}

InstanceInfo reportFileInstance(const std::string& localPath, const std::string& shownPath) {
    const QByteArray pdf = reportFileBytes(localPath, shownPath);
    InstanceInfo info;
    info.path = shownPath;
    info.localPath = localPath;
    info.report = info.reportFile = true;
    info.frames = pdfPageCount(pdf, shownPath);
    info.sopInstanceUid = uidFrom("veil report file " + pdf);
    info.modality = kReportFileModality;
    info.fileSize = pdf.size();
    return info;
}

void attachReportFiles(std::vector<InstanceInfo>& instances, std::vector<InstanceInfo> reports,
                       std::vector<LoadProblem>& problems) {
    std::map<std::string, const InstanceInfo*> firstOfStudy;
    for (const InstanceInfo& i : instances)
        firstOfStudy.emplace(i.studyInstanceUid, &i);
    std::vector<InstanceInfo> attached;
    for (InstanceInfo& r : reports) {
        const std::string folder = folderOf(r.path);
        std::set<std::string> here, below;
        for (const InstanceInfo& i : instances) {
            const std::string f = folderOf(i.path);
            if (f == folder)
                here.insert(i.studyInstanceUid);
            else if (f.size() > folder.size() && f.compare(0, folder.size() + 1, folder + "/") == 0)
                below.insert(i.studyInstanceUid);
        }
        const std::set<std::string>& studies = here.empty() ? below : here;
        if (studies.size() != 1) {
            problems.push_back({r.path,
                                studies.empty()
                                    ? "a PDF beside no study: not opened (put it in the study's "
                                      "folder)"
                                    : "a PDF beside " + std::to_string(studies.size()) +
                                          " studies: not opened (which patient it names is not "
                                          "known; put it in its study's folder)",
                                LoadProblem::Kind::Skipped});
            continue;
        }
        const InstanceInfo& s = *firstOfStudy.at(*studies.begin());
        r.patientName = s.patientName;
        r.patientId = s.patientId;
        r.patientBirthDate = s.patientBirthDate;
        r.patientSex = s.patientSex;
        r.studyInstanceUid = s.studyInstanceUid;
        r.studyDate = s.studyDate;
        r.studyTime = s.studyTime;
        r.studyDescription = s.studyDescription;
        r.accessionNumber = s.accessionNumber;
        r.seriesInstanceUid =
            uidFrom(QByteArray("veil reports of ") + QByteArray::fromStdString(s.studyInstanceUid));
        r.seriesDescription = "Reports beside the study";
        r.seriesNumber = 99999;
        attached.push_back(std::move(r));
    }
    std::sort(attached.begin(), attached.end(),
              [](const InstanceInfo& a, const InstanceInfo& b) { return a.path < b.path; });
    for (int n = 0; n < int(attached.size()); ++n)
        attached[std::size_t(n)].instanceNumber = n + 1;
    for (InstanceInfo& r : attached)
        instances.push_back(std::move(r));
}

} // namespace veil
