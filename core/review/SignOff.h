#pragma once
// Sign-offs: a person's signed statement that a release level's checklist holds for what is
// about to be exported. Publication needs two: a reviewer's, then an approver's (the
// information-governance role) by someone else. Plain values with a JSON form (kept in the
// review file and the certificate); validated here so the GUI and the CLI refuse the same
// things with the same words.
#include "common/Problems.h"
#include "deid/Options.h"

#include <QJsonObject>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace veil {

enum class SignOffRole {
    Reviewer, // looked at the images and the findings
    Approver, // information governance (IG): approves the release, may override the gate
};
const char* roleName(SignOffRole role); // "reviewer", "approver"
std::optional<SignOffRole> roleFromName(std::string_view name);

struct ChecklistItem {
    std::string id;   // "burned-in-text": stored in sign-offs
    std::string text; // the sentence the person confirms
};

// What a sign-off at `level` must confirm, in the order to show it.
const std::vector<ChecklistItem>& checklistFor(ReleaseLevel level);
// The same, with the "faces-handled" sentence naming the series that may show a face
// (seriesThatMayShowFace(index) labels); unchanged when there are none. Same ids.
std::vector<ChecklistItem> checklistFor(ReleaseLevel level,
                                        const std::vector<std::string>& faceSeries);

class SignerKey;

struct SignOff {
    std::string name;    // the person, as they write their name (editable)
    std::string account; // the operating-system account that signed (loginName())
    SignOffRole role = SignOffRole::Reviewer;
    std::string title; // optional, as they describe themselves: "Consultant radiologist"
    std::string time;  // ISO 8601, UTC
    ReleaseLevel level = ReleaseLevel::Publication;
    std::set<std::string> confirmed; // checklist item ids
    std::string comment;             // optional
    // Ed25519 over statement(), with the signer's own key (SignerKey); hex. Empty: unsigned.
    std::string publicKey, signature;

    // The bytes signed: every field above but the signature, as compact JSON.
    std::string statement() const;
    void signWith(const SignerKey& key); // sets publicKey and signature
    bool isSigned() const { return !signature.empty(); }
    bool signatureValid() const;
    std::string fingerprint() const; // of the public key; empty when unsigned

    QJsonObject toJson() const;
    // Throws veil::Error("sign-off: key: problem") for malformed JSON.
    static SignOff fromJson(const QJsonObject& json);
    bool operator==(const SignOff&) const = default;
};

// Now, as SignOff::time and audit times write it.
std::string utcNow();

// Names compared as people write them: case, repeated spaces and surrounding blanks ignored.
bool samePerson(std::string_view a, std::string_view b);

// One sign-off on its own: a name, a time, the level, every checklist item confirmed, no
// unknown item, and a signature that matches when there is one.
Problems checkSignOff(const SignOff& signOff, ReleaseLevel level);

// The set for an export at `level`: each valid, at least one reviewer; publication also
// needs an approver who is none of the reviewers (by name, and by key when signed: the
// approver's key must differ from every reviewer's). At limited level an approver is optional
// (but when present must also be someone other than the reviewers).
Problems checkSignOffs(const std::vector<SignOff>& signOffs, ReleaseLevel level);

// The approver's sign-off, if there is one.
const SignOff* approverOf(const std::vector<SignOff>& signOffs);

} // namespace veil
