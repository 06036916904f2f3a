#include "review/ReviewStatus.h"

#include <algorithm>
#include <cctype>

namespace veil {

namespace {

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string plural(int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

bool inScope(const std::set<std::string>& scope, const std::string& uid) {
    return scope.empty() || scope.count(uid) > 0;
}

} // namespace

const char* stateName(ReviewState state) {
    return state == ReviewState::Reviewed ? "reviewed" : "pending";
}

std::string InstanceStatus::why() const {
    if (state == ReviewState::Reviewed)
        return bulkApproved ? "approved in bulk: " + reason : "reviewed";
    std::string out;
    if (undecided > 0)
        out = plural(undecided, "finding") + " undecided";
    if (unseen > 0)
        out += (out.empty() ? "" : ", ") + std::to_string(unseen) + " of " +
               plural(frames, "frame") + " not seen";
    if (!marked && frames > 0)
        out += (out.empty() ? "" : ", ") + std::string("not marked as looked at");
    return out;
}

InstanceStatus instanceStatus(const ReviewSession& session, const InstanceToReview& instance) {
    InstanceStatus s;
    s.sopInstanceUid = instance.sopInstanceUid;
    s.findings = int(instance.findingIds.size());
    for (const std::string& id : instance.findingIds)
        s.undecided += session.decision(id) == Decision::Pending;
    const InstanceReview r = session.instance(instance.sopInstanceUid);
    s.frames = instance.frames;
    for (int f = 0; f < instance.frames; ++f)
        s.unseen += r.framesSeen.count(f) == 0;
    s.marked = r.reviewed || instance.frames == 0; // nothing to look at without pixels
    s.bulkApproved = r.reviewed && !blank(r.bulkReason) && s.unseen > 0;
    if (s.bulkApproved) {
        s.reason = r.bulkReason;
        s.unseen = 0; // the reason stands for the frames not looked at
    }
    s.state = s.undecided == 0 && s.unseen == 0 && s.marked ? ReviewState::Reviewed
                                                            : ReviewState::Pending;
    return s;
}

ReviewTally tally(const ReviewSession& session, const std::vector<InstanceToReview>& instances) {
    ReviewTally t;
    for (const InstanceToReview& i : instances) {
        ++t.instances;
        t.reviewed += instanceStatus(session, i).state == ReviewState::Reviewed;
    }
    return t;
}

InstanceToReview toReview(const InstanceInfo& info, const FindingsByInstance& findings) {
    InstanceToReview r;
    r.sopInstanceUid = info.sopInstanceUid;
    r.frames = info.hasPixelData || info.report ? std::max(1, info.frames) : 0; // report: pages
    if (const auto it = findings.find(info.sopInstanceUid); it != findings.end())
        r.findingIds = it->second;
    return r;
}

ReviewTally seriesStatus(const ReviewSession& session, const SeriesNode& series,
                         const FindingsByInstance& findings) {
    std::vector<InstanceToReview> list;
    for (const InstanceInfo& i : series.instances)
        list.push_back(toReview(i, findings));
    return tally(session, list);
}

ReviewTally studyStatus(const ReviewSession& session, const StudyNode& study,
                        const FindingsByInstance& findings) {
    ReviewTally t;
    for (const SeriesNode& s : study.series) {
        const ReviewTally one = seriesStatus(session, s, findings);
        t.instances += one.instances;
        t.reviewed += one.reviewed;
    }
    return t;
}

std::string ScopeReview::message(int listed) const {
    if (complete())
        return "every instance in scope is reviewed";
    std::string out = std::to_string(pending.size()) + " of " + plural(instances, "instance") +
                      (pending.size() == 1 ? " is" : " are") + " not reviewed yet: ";
    for (int i = 0; i < int(pending.size()) && i < listed; ++i) {
        const InstanceStatus& p = pending[std::size_t(i)];
        out +=
            (i ? "; " : "") + (p.where.empty() ? p.sopInstanceUid : p.where) + " (" + p.why() + ")";
    }
    if (int(pending.size()) > listed)
        out += "; and " + std::to_string(int(pending.size()) - listed) + " more";
    return out;
}

ScopeReview checkScopeReviewed(const ReviewSession& session, const StudyIndex& index,
                               const std::set<std::string>& scope,
                               const FindingsByInstance& findings) {
    ScopeReview r;
    for (const InstanceInfo* i : index.instances()) {
        if (!inScope(scope, i->sopInstanceUid))
            continue;
        ++r.instances;
        InstanceStatus s = instanceStatus(session, toReview(*i, findings));
        if (s.state == ReviewState::Pending) {
            const std::size_t slash = i->path.find_last_of("/\\");
            s.where = "series " + std::to_string(i->seriesNumber) + ", image " +
                      std::to_string(i->instanceNumber) + " (" +
                      (slash == std::string::npos ? i->path : i->path.substr(slash + 1)) + ")";
            r.pending.push_back(std::move(s));
        }
    }
    return r;
}

FindingsByInstance findingsFromBoxes(const ReviewSession& session) {
    FindingsByInstance out;
    for (const auto& [id, box] : session.boxes())
        if (box.origin != ReviewBox::Origin::Drawn && !box.findingId.empty())
            out[box.sopInstanceUid].push_back(box.findingId);
    return out;
}

namespace {

std::string upper(std::string s) {
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool colour(const InstanceInfo& i) {
    return i.samplesPerPixel == 3 || i.photometric == "RGB" || i.photometric.rfind("YBR", 0) == 0;
}

} // namespace

BurnedInRisk burnedInRisk(const InstanceInfo& i) {
    BurnedInRisk r;
    if (!i.hasPixelData)
        return r;
    static const std::set<std::string> risky = {"US", "SC", "OT", "CR", "DX", "XA", "NM",
                                                "MG", "VL", "XC", "ES", "GM", "SM", "RF"};
    static const std::set<std::string> photos = {"VL", "XC", "OT", "SC", "ES", "GM", ""};
    const std::string modality = upper(i.modality);
    const std::string bia = upper(i.burnedInAnnotation);
    if (bia == "YES")
        r.warnings.push_back("BurnedInAnnotation is YES: the image carries text");
    if (risky.count(modality))
        r.warnings.push_back((modality.empty() ? std::string("OT") : modality) +
                             " images often carry burned-in text");
    if (colour(i) && photos.count(modality))
        r.warnings.push_back("colour photograph: a face or a name tag may show");
    r.atRisk = !r.warnings.empty() || bia != "NO";
    return r;
}

std::string AtRiskReview::message() const {
    if (atRisk == 0)
        return "no image at risk of burned-in text";
    return "looked at " + std::to_string(lookedAt) + " of " + plural(atRisk, "image") +
           " at risk of burned-in text";
}

AtRiskReview atRiskReview(const ReviewSession& session, const StudyIndex& index,
                          const std::set<std::string>& scope, const FindingsByInstance& findings) {
    AtRiskReview r;
    for (const InstanceInfo* i : index.instances()) {
        if (!inScope(scope, i->sopInstanceUid) || !burnedInRisk(*i).atRisk)
            continue;
        ++r.atRisk;
        if (instanceStatus(session, toReview(*i, findings)).lookedAt())
            ++r.lookedAt;
        else
            r.notLookedAt.push_back(i);
    }
    return r;
}

} // namespace veil
