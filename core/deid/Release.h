#pragma once
// A release and the key its values are made with. Publication releases are unlinkable:
// PatientID/PatientName pseudonyms, UIDs and date offsets come from a key derived from the
// project key and the release id, so two releases of one patient share no value, while the
// shards of one release (same project key, same id) stay byte-identical. Keeping the
// project's values across releases is an explicit choice the certificate states. The
// limited level keeps its keyed, consistent values (its mapping table depends on them).
#include "deid/Options.h"
#include "deid/ProjectKey.h"

#include <string>
#include <string_view>

namespace veil {

struct ReleaseIdentity {
    std::string id;                        // "R20261201-7KQ2MX4PWD"; see newReleaseId
    bool consistentAcrossReleases = false; // publication: reuse the project's own values
};

// "R" + today's date (UTC) + "-" + 10 random base-32 characters.
std::string newReleaseId();
// Empty when `id` is usable: 1 to 64 characters of letters, digits, '.', '_' and '-'.
std::string releaseIdProblem(std::string_view id);
// Does this release get values of its own (publication without the consistency option)?
bool hasOwnValues(ReleaseLevel level, const ReleaseIdentity& release);
// The key the release's pseudonyms, UIDs and date offsets are made with: the project key,
// or HMAC(project key, release id) when the release has values of its own. Throws
// veil::Error when such a release has no usable id.
ProjectKey keyForRelease(const ProjectKey& key, ReleaseLevel level, const ReleaseIdentity& release);

} // namespace veil
