#pragma once
// Shared by the end-to-end tests: the fixtures corpus indexed, the review a reviewer would
// produce for it (a box on every burned-in PHI text, other text rejected, every frame seen or
// approved in bulk), sign-offs, and digests to check certificates against.
#include "Fixtures.h"

#include "deid/ProjectKey.h"
#include "review/ReviewSession.h"
#include "study/StudyIndex.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace e2e {

struct Corpus {
    std::filesystem::path dir;
    veil::fixtures::CorpusKey key;
    veil::StudyIndex index;
};

// Writes and indexes the corpus below `dir` (needs a QGuiApplication).
Corpus makeCorpus(const std::filesystem::path& dir, int ctSlices = 6, int usFrames = 4);

// What the review would accept: a Finding box per PHI text box (decision accepted), other
// text rejected, single frames seen, multi-frame instances approved in bulk with a reason.
veil::ReviewSession acceptedReview(const Corpus& corpus);

inline const char* kReviewer = "Dr Ada Reviewer";
inline const char* kApprover = "Grace Approver";
// A reviewer's sign-off (and an approver's when asked) confirming the level's checklist.
std::vector<veil::SignOff> signOffs(veil::ReleaseLevel level, bool withApprover = true);

veil::ProjectKey testKey();

// SHA-256 of every regular file below `dir`, by path relative to it with '/'.
std::map<std::string, std::string> sha256Below(const std::filesystem::path& dir);
std::string sha256(const std::filesystem::path& file);
std::string slurp(const std::filesystem::path& file);

// Partial export folders left in `dir`.
std::vector<std::filesystem::path> partialFolders(const std::filesystem::path& dir);

} // namespace e2e
