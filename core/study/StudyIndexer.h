#pragma once
// Indexing as a cancellable job: headers only, in parallel, one bad file never stops it.
#include "common/Progress.h"
#include "study/StudyIndex.h"

#include <functional>
#include <string>
#include <vector>

namespace veil {

struct IndexOptions {
    int threads = 0; // 0: one per core
    // Called once, from a worker thread, with the first image found: a viewer can show it
    // while the rest of the study is still being indexed.
    std::function<void(const InstanceInfo&)> onFirstImage;
};

// Reads the header of one candidate file into an InstanceInfo. Throws veil::Error.
InstanceInfo readInstanceHeader(const std::string& localPath, const std::string& shownPath);

class StudyIndexer {
public:
    explicit StudyIndexer(IndexOptions options = {}) : m_options(options) {}

    // Runs on the calling thread (spawning workers); reports progress; returns what was
    // indexed before a cancel. Never throws for bad input files.
    StudyIndex run(const std::vector<std::string>& inputs, ProgressSink& progress,
                   const CancelToken& cancel) const;

private:
    IndexOptions m_options;
};

} // namespace veil
