#include "study/StudyIndex.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <algorithm>
#include <map>
#include <tuple>

namespace veil {

int StudyNode::instanceCount() const {
    int n = 0;
    for (const SeriesNode& s : series)
        n += int(s.instances.size());
    return n;
}

int PatientNode::instanceCount() const {
    int n = 0;
    for (const StudyNode& s : studies)
        n += s.instanceCount();
    return n;
}

int StudyIndex::instanceCount() const {
    int n = 0;
    for (const PatientNode& p : patients)
        n += p.instanceCount();
    return n;
}

int StudyIndex::seriesCount() const {
    int n = 0;
    for (const PatientNode& p : patients)
        for (const StudyNode& s : p.studies)
            n += int(s.series.size());
    return n;
}

int StudyIndex::studyCount() const {
    int n = 0;
    for (const PatientNode& p : patients)
        n += int(p.studies.size());
    return n;
}

int StudyIndex::errorCount() const {
    return int(std::count_if(problems.begin(), problems.end(), [](const LoadProblem& p) {
        return p.kind == LoadProblem::Kind::Error;
    }));
}

int StudyIndex::skippedCount() const {
    return int(problems.size()) - errorCount();
}

std::vector<const InstanceInfo*> StudyIndex::instances() const {
    std::vector<const InstanceInfo*> out;
    for (const PatientNode& p : patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series)
                for (const InstanceInfo& i : se.instances)
                    out.push_back(&i);
    return out;
}

const InstanceInfo* StudyIndex::findInstance(const std::string& uid) const {
    for (const InstanceInfo* i : instances())
        if (i->sopInstanceUid == uid)
            return i;
    return nullptr;
}

namespace {

// True when the two files hold the same bytes.
bool sameBytes(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (std::filesystem::file_size(a, ec) != std::filesystem::file_size(b, ec) || ec)
        return false;
    std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
    std::vector<char> ba(1 << 16), bb(1 << 16);
    while (fa && fb) {
        fa.read(ba.data(), std::streamsize(ba.size()));
        fb.read(bb.data(), std::streamsize(bb.size()));
        if (fa.gcount() != fb.gcount() ||
            !std::equal(ba.begin(), ba.begin() + fa.gcount(), bb.begin()))
            return false;
    }
    return fa.eof() && fb.eof();
}

// Instances sharing a SOP Instance UID whose files differ: Veil cannot tell which is the
// instance, so none of them is used and each is an error naming the others (the user keeps
// one and runs again). Byte-identical copies are left to the caller (one kept, the rest skipped).
std::set<std::size_t> sameUidConflicts(const std::vector<InstanceInfo>& all,
                                       std::vector<LoadProblem>& problems) {
    std::map<std::string, std::vector<std::size_t>> byUid;
    for (std::size_t n = 0; n < all.size(); ++n)
        byUid[all[n].sopInstanceUid].push_back(n);
    std::set<std::size_t> out;
    for (const auto& [uid, members] : byUid) {
        if (members.size() < 2)
            continue;
        bool differ = false;
        for (std::size_t k = 1; k < members.size() && !differ; ++k)
            differ = !sameBytes(all[members[0]].localPath, all[members[k]].localPath);
        if (!differ)
            continue;
        for (std::size_t m : members) {
            std::string others;
            for (std::size_t o : members)
                if (o != m)
                    others += (others.empty() ? "" : ", ") + all[o].path;
            problems.push_back({all[m].path,
                                "conflict: a different file with the same SOP Instance UID (" +
                                    uid + ") as " + others +
                                    "; neither was used: keep the right one and run again",
                                LoadProblem::Kind::Error});
            out.insert(m);
        }
    }
    return out;
}

} // namespace

StudyIndex StudyIndex::build(std::vector<InstanceInfo> all, std::vector<LoadProblem> problems) {
    std::sort(all.begin(), all.end(), [](const InstanceInfo& a, const InstanceInfo& b) {
        return std::tie(a.patientId, a.patientName, a.studyDate, a.studyInstanceUid, a.seriesNumber,
                        a.seriesInstanceUid, a.instanceNumber, a.path) <
               std::tie(b.patientId, b.patientName, b.studyDate, b.studyInstanceUid, b.seriesNumber,
                        b.seriesInstanceUid, b.instanceNumber, b.path);
    });
    StudyIndex index;
    const std::set<std::size_t> conflicted = sameUidConflicts(all, problems);
    // The same instance reached through two paths (a folder and a zip of it, a copy) is
    // one instance: the first by path is kept, the others are listed as skipped.
    std::map<std::string, std::string> firstPathOf;
    for (std::size_t n = 0; n < all.size(); ++n) {
        InstanceInfo& i = all[n];
        if (conflicted.count(n))
            continue;
        const auto [it, fresh] = firstPathOf.emplace(i.sopInstanceUid, i.path);
        if (!fresh) {
            problems.push_back({i.path, "the same instance (SOP Instance UID) as " + it->second,
                                LoadProblem::Kind::Skipped});
            continue;
        }
        if (index.patients.empty() || index.patients.back().id != i.patientId ||
            index.patients.back().name != i.patientName) {
            index.patients.push_back(
                {i.patientId, i.patientName, i.patientBirthDate, i.patientSex, {}});
        }
        auto& studies = index.patients.back().studies;
        if (studies.empty() || studies.back().uid != i.studyInstanceUid)
            studies.push_back({i.studyInstanceUid,
                               i.studyDate,
                               i.studyTime,
                               i.studyDescription,
                               i.accessionNumber,
                               {}});
        auto& series = studies.back().series;
        if (series.empty() || series.back().uid != i.seriesInstanceUid) {
            series.push_back(
                {i.seriesInstanceUid, i.seriesDescription, i.modality, i.seriesNumber, {}});
            // Room for the whole run of this series at once: no doubling of a large series
            // while `all` is still held (at most what follows is reserved).
            std::size_t end = n + 1;
            while (end < all.size() && all[end].seriesInstanceUid == i.seriesInstanceUid &&
                   all[end].studyInstanceUid == i.studyInstanceUid)
                ++end;
            series.back().instances.reserve(end - n);
        }
        series.back().instances.push_back(std::move(i));
    }
    std::sort(problems.begin(), problems.end(),
              [](const LoadProblem& a, const LoadProblem& b) { return a.path < b.path; });
    index.problems = std::move(problems);
    return index;
}

} // namespace veil
