#pragma once
// The output folder of `veil-cli deid`: built in OUT.veil-partial-XXXXXX like an export, then
// published into OUT. OUT may be absent, empty, or a Veil output folder made under the same
// project key (its manifest, .veil-output.json, says so): a previous run or a concurrent
// shard of one release. A fresh OUT appears with one rename; into an existing one every file
// is linked without replacing anything: a file already there with the same bytes is left,
// one with other bytes is a conflict (the new file stays out). Any other non-empty folder,
// and a folder inside one of the inputs, is refused before anything is written.
#include "deid/ProjectKey.h"

#include <filesystem>
#include <string>
#include <vector>

namespace veil {

inline constexpr const char* kOutputManifest = ".veil-output.json";

// Why `out` cannot take this batch (empty: it can). `inputs` are the paths given.
std::string outputFolderProblem(const std::filesystem::path& out, const ProjectKey& key,
                                const std::vector<std::filesystem::path>& inputs);

// Writes the manifest (format, the project key's fingerprint) into `dir`. Throws veil::Error.
void writeOutputManifest(const std::filesystem::path& dir, const ProjectKey& key);

struct PublishResult {
    bool renamedWhole = false;          // OUT did not exist: the tree became OUT in one rename
    int moved = 0;                      // files linked into an existing OUT
    int alreadyThere = 0;               // identical files that were there already
    std::vector<std::string> conflicts; // relative paths whose bytes differ: not replaced
};

// Moves every file of `tree` into `out` (created by one rename when absent). Never replaces
// a file. Throws veil::Error when OUT cannot be written at all.
PublishResult publishInto(const std::filesystem::path& tree, const std::filesystem::path& out);

} // namespace veil
