#pragma once
// Review progress, computed (never stored): an instance goes from pending to reviewed only by
// an explicit act, never by being shown: every finding on it has a decision and either the
// reviewer marked it ("looks clean") after every frame was shown, or it was approved in bulk
// with a recorded reason. An instance without pixels (SR) needs only its findings decided.
// Series, study and export scope add their instances up; export is possible only when
// everything in scope is reviewed. The images at risk of burned-in text (atRisk) are the
// one rule the sign-off, the browser's warnings and the certificate share.
#include "review/ReviewSession.h"
#include "study/StudyIndex.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace veil {

// Finding ids per instance (SOP Instance UID → ids from findingId()), as the scan found them.
using FindingsByInstance = std::map<std::string, std::vector<std::string>>;

struct InstanceToReview {
    std::string sopInstanceUid;
    int frames = 1;                      // 0 for an instance without pixels (SR)
    std::vector<std::string> findingIds; // the findings shown for it
};

enum class ReviewState { Pending, Reviewed };
const char* stateName(ReviewState state); // "pending", "reviewed"

struct InstanceStatus {
    std::string sopInstanceUid;
    ReviewState state = ReviewState::Pending;
    int findings = 0, undecided = 0; // findings without an accept/reject decision
    int frames = 0, unseen = 0;      // frames never shown to the reviewer
    bool marked = false;             // the reviewer's explicit mark (looks clean, or in bulk)
    bool bulkApproved = false;       // approved with a reason without seeing every frame
    std::string reason;              // the bulk approval's reason
    std::string where;               // "series 2, image 6 (IMG0006.dcm)": set by checkScopeReviewed
    // Reviewed after every frame was shown (not in bulk over unseen frames).
    bool lookedAt() const { return state == ReviewState::Reviewed && frames > 0 && !bulkApproved; }
    std::string why() const; // "3 findings undecided, 7 of 12 frames not seen"
};

struct ReviewTally {
    int instances = 0, reviewed = 0;
    int pending() const { return instances - reviewed; }
    ReviewState state() const {
        return pending() == 0 ? ReviewState::Reviewed : ReviewState::Pending;
    }
};

InstanceStatus instanceStatus(const ReviewSession& session, const InstanceToReview& instance);
ReviewTally tally(const ReviewSession& session, const std::vector<InstanceToReview>& instances);

// What to review for an indexed instance: its frames and its findings.
InstanceToReview toReview(const InstanceInfo& info, const FindingsByInstance& findings);
ReviewTally seriesStatus(const ReviewSession& session, const SeriesNode& series,
                         const FindingsByInstance& findings);
ReviewTally studyStatus(const ReviewSession& session, const StudyNode& study,
                        const FindingsByInstance& findings);

// Is everything in scope reviewed? `scope` lists SOP Instance UIDs; empty means every
// instance of the index.
struct ScopeReview {
    int instances = 0;
    std::vector<InstanceStatus> pending;
    bool complete() const { return pending.empty(); }
    // "2 of 40 instances are not reviewed yet: series 2, image 6 (IMG0006.dcm): 1 finding
    // undecided; ..." (at most `listed` named; by series, image number and file name, never
    // by UID).
    std::string message(int listed = 10) const;
};
ScopeReview checkScopeReviewed(const ReviewSession& session, const StudyIndex& index,
                               const std::set<std::string>& scope,
                               const FindingsByInstance& findings);

// Finding ids the session itself knows for each instance (its finding and template boxes):
// what a headless export can check when no scan results are at hand.
FindingsByInstance findingsFromBoxes(const ReviewSession& session);

// Images at risk of burned-in identifying text: modalities that usually carry it (US, SC, OT,
// CR, DX, XA, NM, MG, VL, XC, ES, GM, SM), BurnedInAnnotation YES or absent, and colour
// photographs. Instances without pixels are never at risk.
struct BurnedInRisk {
    bool atRisk = false;
    // Plain words, worth a warning in the browser and the sign-off: "BurnedInAnnotation is
    // YES", "US images often carry burned-in text", "colour photograph: a face may show".
    // "BurnedInAnnotation absent" alone makes an image at risk but is not warned about (most
    // CT and MR headers leave it out).
    std::vector<std::string> warnings;
};
BurnedInRisk burnedInRisk(const InstanceInfo& instance);

// The images at risk in scope and how many of them were looked at (every frame shown and
// marked, not approved in bulk): the sign-off says "looked at n of m".
struct AtRiskReview {
    int atRisk = 0, lookedAt = 0;
    std::vector<const InstanceInfo*> notLookedAt; // in index order
    std::string message() const; // "looked at 3 of 5 images at risk of burned-in text"
};
AtRiskReview atRiskReview(const ReviewSession& session, const StudyIndex& index,
                          const std::set<std::string>& scope, const FindingsByInstance& findings);

} // namespace veil
