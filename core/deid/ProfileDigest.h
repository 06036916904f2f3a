#pragma once
// A profile as canonical JSON (sorted keys, options in the standard's order, overrides in
// the order they were given) and its SHA-256: the certificate and the audit name the exact
// rules an export was made with.
#include "deid/Profile.h"

#include <QJsonObject>

#include <string>
#include <vector>

namespace veil {

// {"level","name","options":[keys],"overrides":[{"action","privateCreator","tag","value"}],
//  "safePrivateEdition","tableEdition"}
QJsonObject canonicalProfileJson(const Profile& profile);
// SHA-256 (hex) of canonicalProfileJson in compact form.
std::string profileSha256(const Profile& profile);
// One line per override: "(0010,0010) K" / "(0019,xx23) SIEMENS CT VA0  COAD K" / "... D 'value'".
std::vector<std::string> overrideLines(const Profile& profile);

} // namespace veil
