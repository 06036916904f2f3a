#pragma once
// The result of indexing: Patient › Study › Series › Instance, plus every file that
// could not be loaded and why. A plain value: it crosses threads by copy or move.
#include "dicom/InstanceInfo.h"

#include <memory>
#include <string>
#include <vector>

namespace veil {

struct LoadProblem {
    enum class Kind { Skipped, Error };
    std::string path;    // as found
    std::string message; // plain language
    Kind kind = Kind::Error;
};

struct SeriesNode {
    std::string uid, description, modality;
    int number = 0;
    std::vector<InstanceInfo> instances;
};

struct StudyNode {
    std::string uid, date, time, description, accessionNumber;
    std::vector<SeriesNode> series;
    int instanceCount() const;
};

struct PatientNode {
    std::string id, name, birthDate, sex;
    std::vector<StudyNode> studies;
    int instanceCount() const;
};

struct StudyIndex {
    std::vector<PatientNode> patients;
    std::vector<LoadProblem> problems;
    // Keeps files extracted from archives alive as long as the index refers to them.
    std::shared_ptr<void> scratch;

    int instanceCount() const;
    int seriesCount() const;
    int studyCount() const;
    int errorCount() const;
    int skippedCount() const;
    std::vector<const InstanceInfo*> instances() const;
    const InstanceInfo* findInstance(const std::string& sopInstanceUid) const;

    // Groups instances into the tree, sorted by series number and instance number.
    static StudyIndex build(std::vector<InstanceInfo> instances, std::vector<LoadProblem> problems);
};

} // namespace veil
