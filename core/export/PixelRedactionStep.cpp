#include "export/PixelRedactionStep.h"

#include "common/Error.h"
#include "deid/DeidPlanner.h"
#include "dicom/PixelStore.h"
#include "dicom/Tag.h"
#include "pixel/Overlays.h"

#include <algorithm>
#include <set>

#include <utility>

namespace veil {

RedactionSource regionsFromSession(const ReviewSession& session,
                                   const FindingsByInstance& findings) {
    return [session, findings](const InstanceInfo& info) {
        InstanceRedaction r;
        for (const ReviewBox& b : session.boxesFor(info.sopInstanceUid)) {
            if (b.origin != ReviewBox::Origin::Drawn &&
                session.decision(b.findingId) == Decision::Rejected)
                continue;
            r.regions.push_back({b.frame, b.x, b.y, b.w, b.h, b.overlayGroup});
        }
        r.reviewed =
            instanceStatus(session, toReview(info, findings)).state == ReviewState::Reviewed;
        return r;
    };
}

RedactionSource regionsFromBoxesFile(const BoxesFile& boxes) {
    return [boxes](const InstanceInfo& info) {
        return InstanceRedaction{regionsFor(boxes, info), false};
    };
}

RedactionSource combine(RedactionSource a, RedactionSource b) {
    if (!a)
        return b;
    if (!b)
        return a;
    return [a, b](const InstanceInfo& info) {
        InstanceRedaction r = a(info);
        const InstanceRedaction more = b(info);
        r.regions.insert(r.regions.end(), more.regions.begin(), more.regions.end());
        r.reviewed = r.reviewed || more.reviewed;
        return r;
    };
}

std::vector<RedactionRegion> keptRegions(const ReviewSession& session,
                                         const std::string& sopInstanceUid) {
    std::vector<RedactionRegion> kept;
    for (const ReviewBox& b : session.boxesFor(sopInstanceUid))
        if (b.origin != ReviewBox::Origin::Drawn &&
            session.decision(b.findingId) == Decision::Rejected)
            kept.push_back({b.frame, b.x, b.y, b.w, b.h, b.overlayGroup});
    return kept;
}

ReportReviewSource reportReviewFrom(RedactionSource source, std::optional<ReviewSession> session) {
    if (!source && !session)
        return {};
    return [source, session](const InstanceInfo& info) {
        ReportReview r;
        if (source)
            for (const RedactionRegion& region : source(info).regions)
                if (!region.inOverlay()) // a report has no overlay planes
                    r.burn.push_back(region);
        if (session)
            r.kept = keptRegions(*session, info.sopInstanceUid);
        return r;
    };
}

std::vector<int> framesWithRegions(const std::vector<RedactionRegion>& regions, int frames) {
    std::set<int> out;
    for (const RedactionRegion& r : regions) {
        if (r.inOverlay())
            continue; // a plane blanked, nothing burned into the frame
        if (r.frame < 0) {
            for (int f = 0; f < frames; ++f)
                out.insert(f);
        } else if (r.frame < frames) {
            out.insert(r.frame);
        }
    }
    return {out.begin(), out.end()};
}

namespace {
std::vector<int> overlayGroupsRemovedFromPixels(const DicomFile& file, const DeidPlan& plan) {
    std::vector<int> out;
    // The groups whose Overlay Bit Position the plan removes; without one, the planes need
    // not be read (a third of this step's work on a header-only run).
    auto removed = [&](int group) {
        return std::any_of(plan.changes.begin(), plan.changes.end(), [&](const ElementChange& c) {
            return c.action == Action::Remove && c.path.steps.size() == 1 &&
                   (group < 0 ? (c.path.leaf().group & 0xFF01) == 0x6000
                              : c.path.leaf().group == group) &&
                   c.path.leaf().element == 0x0102;
        });
    };
    if (!removed(-1))
        return out;
    std::vector<OverlayInfo> planes;
    try {
        planes = overlayPlanes(file);
    } catch (const Error&) {
        return out; // the pixel step will name the problem
    }
    for (const OverlayInfo& p : planes)
        if (p.inPixelData && removed(p.group))
            out.push_back(p.group);
    return out;
}
} // namespace

RedactOptions pixelOptionsFor(const Profile& profile) {
    RedactOptions o;
    o.clearBitsOutsideStored = profile.options.has(Option::CleanGraphics);
    return o;
}

int markTextLeftInPixels(const VerificationReport& report, const std::filesystem::path& root) {
    int marked = 0;
    for (const FileVerification& f : report.files) {
        const bool textLeft = std::any_of(f.hits.begin(), f.hits.end(),
                                          [](const VerificationHit& h) { return h.inPixels; });
        if (!textLeft)
            continue;
        const std::filesystem::path path = root / f.file;
        try {
            DicomFile file = DicomFile::open(path);
            if (file.string(tags::BurnedInAnnotation) == "YES")
                continue;
            pixelstore::setString(file, tags::BurnedInAnnotation, "YES");
            file.save(path);
            ++marked;
        } catch (const Error&) {
            // unreadable: the gate has reported it already, and nobody may share it
        }
    }
    return marked;
}

PixelRedactionStep::PixelRedactionStep(RedactionSource source, RegionFinder finder,
                                       RedactOptions base)
    : m_source(std::move(source)), m_finder(std::move(finder)), m_base(base) {}

std::function<void(DicomFile&, const InstanceInfo&, DeidPlan&)> PixelRedactionStep::hook() {
    return [this](DicomFile& file, const InstanceInfo& info, DeidPlan& plan) {
        apply(file, info, plan);
    };
}

void PixelRedactionStep::apply(DicomFile& file, const InstanceInfo& info, DeidPlan& plan) {
    const int frames = file.frameCount();
    if (frames == 0)
        return; // no pixels: nothing to burn, nothing to vouch for
    bool defacedSeries = false;
    if (m_faces)
        if (const FaceSeriesOutcome* o = m_faces->outcomeFor(info.seriesInstanceUid)) {
            if (o->status != FaceSeriesOutcome::Status::Defaced)
                throw Error(info.path, std::string("not written: face removal ") +
                                           statusName(o->status) + " for " + o->label + ": " +
                                           o->message);
            defacedSeries = true;
        }
    const std::vector<MaskFill> fills = fillsFor(m_faces.get(), info.sopInstanceUid);
    InstanceRedaction r = m_source ? m_source(info) : InstanceRedaction{};
    FoundRegions found;
    if (m_finder) {
        found = m_finder(file, info);
        r.regions.insert(r.regions.end(), found.regions.begin(), found.regions.end());
    }
    // A plane kept in bits of Pixel Data whose group the plan removes would stay in the pixels
    // with nothing left to describe it (no viewer shows it, no check finds it): its bit goes.
    for (const int group : overlayGroupsRemovedFromPixels(file, plan))
        r.regions.push_back({-1, 0, 0, 0, 0, group});
    RedactOptions options = m_base;
    // A box on every frame proves nothing about the rest of each frame: only a reading of
    // every frame with every identifying finding burned, or a person's review, vouches.
    options.markBurnedInAnnotationNo = r.reviewed || found.everyFrameRead;
    if (r.regions.empty() && !defacedSeries && !options.markBurnedInAnnotationNo &&
        !options.burnOverlays && !options.removeOverlays && !options.clearBitsOutsideStored) {
        markLossySource(file);
        return;
    }
    PixelRedactionRecord record;
    record.source = info.path;
    record.regions = int(r.regions.size());
    record.burnedInAnnotationNo = options.markBurnedInAnnotationNo;
    record.everyFrameRead = found.everyFrameRead;
    record.identifyingFound = found.identifying;
    record.framesWithBoxes = framesWithRegions(r.regions, frames);
    record.result = redactPixels(file, r.regions, options, fills);
    if (record.result.framesTouched > 0 || record.result.pixelsChanged > 0)
        recordMethod(plan, cleanPixelDataCode());
    if (defacedSeries) {
        // Every instance of a defaced volume says so, also those above or below the facial
        // region that kept every value: the series as a whole went through face removal.
        record.defaced = !fills.empty();
        recordMethod(plan, methodCode(Option::CleanRecognizableVisualFeatures));
        pixelstore::setString(file, tags::RecognizableVisualFeatures, "NO");
    }
    if (m_onlyBurned && record.result.framesTouched == 0)
        return;
    std::lock_guard lock(m_mutex);
    m_records[info.path] = std::move(record);
}

std::map<std::string, PixelRedactionRecord> PixelRedactionStep::records() const {
    std::lock_guard lock(m_mutex);
    return m_records;
}

std::map<std::string, PixelRedactionRecord> PixelRedactionStep::takeRecords() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_records, {});
}

} // namespace veil
