#include "deid/Release.h"

#include "common/Error.h"

#include <sodium.h>

#include <cctype>

#include <QDateTime>

namespace veil {

std::string newReleaseId() {
    static constexpr char kBase32[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    if (sodium_init() < 0)
        throw Error("libsodium could not be initialised");
    std::string id = "R" + QDateTime::currentDateTimeUtc().toString("yyyyMMdd").toStdString() + "-";
    for (int i = 0; i < 10; ++i)
        id += kBase32[randombytes_uniform(32)];
    return id;
}

std::string releaseIdProblem(std::string_view id) {
    if (id.empty() || id.size() > 64)
        return "a release id has 1 to 64 characters";
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            return "a release id has only letters, digits, '.', '_' and '-'";
    return {};
}

bool hasOwnValues(ReleaseLevel level, const ReleaseIdentity& release) {
    return level == ReleaseLevel::Publication && !release.consistentAcrossReleases;
}

ProjectKey keyForRelease(const ProjectKey& key, ReleaseLevel level,
                         const ReleaseIdentity& release) {
    if (!hasOwnValues(level, release))
        return key;
    if (const std::string problem = releaseIdProblem(release.id); !problem.empty())
        throw Error("release id '" + release.id + "': " + problem);
    return ProjectKey::fromBytes(key.mac("veil/release/v1", release.id));
}

} // namespace veil
