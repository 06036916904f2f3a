#pragma once
// What a reviewer has decided about a study: decisions on findings, drawn boxes, reviewed
// marks, profile choices and sign-offs. A plain value with a JSON form; the UI edits it
// through undo commands and the store writes it after every change.
#include "review/SignOff.h"

#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace veil {

struct ReviewBox {
    enum class Origin { Drawn, Finding, Template };
    std::string id;             // stable, unique in the session
    std::string sopInstanceUid; // the instance it belongs to
    int frame = -1;             // -1: every frame
    int x = 0, y = 0, w = 0, h = 0;
    Origin origin = Origin::Drawn;
    std::string findingId; // for Finding/Template: the finding it came from
    int overlayGroup = 0;  // a finding in an overlay plane (60xx): the plane is removed
    bool operator==(const ReviewBox&) const = default;
};

enum class Decision { Pending, Accepted, Rejected };
// "pending", "accepted", "rejected": the review file's and the audit's word for a decision.
const char* decisionName(Decision d);

struct InstanceReview {
    bool reviewed = false;
    std::string reviewedBy;
    std::string bulkReason;   // set when approved in bulk without viewing every frame
    std::set<int> framesSeen; // frames shown to the reviewer
    bool operator==(const InstanceReview&) const = default;
};

// Read and written through review/ReviewProfile.h (profileFromChoice, choiceFromSettings).
struct ProfileChoice {
    ReleaseLevel level = ReleaseLevel::Publication; // "level" in the review file
    std::vector<std::string>
        options;           // differences from the level: "retainUIDs", "no-cleanGraphics"
    QJsonObject overrides; // {"overrides": [...]}: the profile file's array, kept as written
    bool operator==(const ProfileChoice&) const = default;
};

class ReviewSession {
public:
    // Boxes
    void putBox(const ReviewBox& box); // adds or replaces by id
    bool removeBox(const std::string& id);
    std::optional<ReviewBox> box(const std::string& id) const;
    std::vector<ReviewBox> boxesFor(const std::string& sopInstanceUid,
                                    int frame) const; // frame's + all-frames
    std::vector<ReviewBox> boxesFor(const std::string& sopInstanceUid) const;
    const std::map<std::string, ReviewBox>& boxes() const { return m_boxes; }
    std::string newBoxId();

    // Decisions on findings (ids from findingId()).
    void setDecision(const std::string& findingId, Decision d);
    Decision decision(const std::string& findingId) const;
    const std::map<std::string, Decision>& decisions() const { return m_decisions; }

    // Reviewed marks
    void markFrameSeen(const std::string& sopInstanceUid, int frame);
    void setReviewed(const std::string& sopInstanceUid, bool reviewed, const std::string& by = {},
                     const std::string& bulkReason = {});
    InstanceReview instance(const std::string& sopInstanceUid) const;
    const std::map<std::string, InstanceReview>& instances() const { return m_instances; }

    void setProfile(const ProfileChoice& p) { m_profile = p; }
    const ProfileChoice& profile() const { return m_profile; }

    // Sign-offs, in the order they were given (checked with checkSignOffs before export).
    void addSignOff(const SignOff& s) { m_signOffs.push_back(s); }
    void clearSignOffs() { m_signOffs.clear(); }
    const std::vector<SignOff>& signOffs() const { return m_signOffs; }

    QJsonObject toJson() const;
    // Throws veil::Error naming the key and problem when the JSON is malformed.
    static ReviewSession fromJson(const QJsonObject& json);

    bool operator==(const ReviewSession&) const = default;

private:
    std::map<std::string, ReviewBox> m_boxes;
    std::map<std::string, Decision> m_decisions;
    std::map<std::string, InstanceReview> m_instances;
    ProfileChoice m_profile;
    std::vector<SignOff> m_signOffs; // "signOffs" in the JSON, only when there are any
    int m_nextBox = 1;
};

// A stable identifier for an OCR or template finding: same place, same text, same id.
std::string findingId(const std::string& sopInstanceUid, int frame, int x, int y, int w, int h,
                      const std::string& text);

} // namespace veil
