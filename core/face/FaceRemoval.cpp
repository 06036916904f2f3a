#include "face/FaceRemoval.h"

#include "common/Error.h"
#include "study/FaceRisk.h"

#include <algorithm>
#include <cctype>

namespace veil {

namespace {

std::string upper(std::string s) {
    for (char& c : s)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

const char* statusName(FaceSeriesOutcome::Status status) {
    switch (status) {
    case FaceSeriesOutcome::Status::Defaced:
        return "defaced";
    case FaceSeriesOutcome::Status::Refused:
        return "refused";
    case FaceSeriesOutcome::Status::Failed:
        break;
    }
    return "failed";
}

const InstanceFaceMask* FaceRemovalPlan::maskFor(const std::string& uid) const {
    const auto it = masks.find(uid);
    return it == masks.end() ? nullptr : &it->second;
}

const FaceSeriesOutcome* FaceRemovalPlan::outcomeFor(const std::string& seriesUid) const {
    for (const FaceSeriesOutcome& o : series)
        if (o.seriesUid == seriesUid)
            return &o;
    return nullptr;
}

bool FaceRemovalPlan::anyRefusedOrFailed() const {
    return std::any_of(series.begin(), series.end(), [](const FaceSeriesOutcome& o) {
        return o.status != FaceSeriesOutcome::Status::Defaced;
    });
}

std::string FaceRemovalPlan::summary() const {
    std::string out;
    for (const FaceSeriesOutcome& o : series) {
        out += o.label + ": " + statusName(o.status);
        if (o.status == FaceSeriesOutcome::Status::Defaced)
            out += " (" + o.method + ", " + std::to_string(o.voxelsChanged) +
                   " voxels set to air in " + std::to_string(o.instancesChanged) + " images; " +
                   o.message + ")";
        else
            out += ": " + o.message;
        out += "\n";
    }
    return out;
}

DefaceResult defaceVolume(const HeadVolume& volume, const FaceRemovalOptions& options,
                          std::string& refusal) {
    const std::string modality = upper(volume.modality);
    if (modality == "CT")
        return defaceCt(volume, options.params);
    if (modality == "MR") {
        if (!options.acceptMrFacePlane) {
            refusal = "MR has no HU scale: the CT method cannot find the bone; not changed (pass "
                      "--accept-mr-face-plane to remove what lies in front of a plane fitted on "
                      "the face, or leave the series out)";
            return {};
        }
        return defaceMrPlane(volume, options.params);
    }
    refusal = "not CT or MR: not changed";
    return {};
}

FaceRemovalPlan prepareFaceRemoval(const StudyIndex& index, const FaceRemovalOptions& options,
                                   ProgressSink& progress, const CancelToken& cancel) {
    FaceRemovalPlan plan;
    const std::vector<FlaggedSeries> flagged = seriesThatMayShowFace(index);
    long done = 0;
    for (const PatientNode& p : index.patients)
        for (const StudyNode& st : p.studies)
            for (const SeriesNode& se : st.series) {
                const auto it =
                    std::find_if(flagged.begin(), flagged.end(),
                                 [&](const FlaggedSeries& f) { return f.seriesUid == se.uid; });
                if (it == flagged.end())
                    continue;
                if (cancel.isCancelled())
                    return plan;
                progress.progress(done++, long(flagged.size()), "face removal: " + it->label);
                FaceSeriesOutcome o;
                o.seriesUid = se.uid;
                o.label = it->label;
                o.seriesNumber = se.number;
                o.modality = se.modality;
                o.images = int(se.instances.size());
                try {
                    const std::string problem = headVolumeProblem(se);
                    if (!problem.empty()) {
                        o.status = FaceSeriesOutcome::Status::Refused;
                        o.message = problem + ": not changed";
                        plan.series.push_back(std::move(o));
                        continue;
                    }
                    const HeadVolume volume = loadHeadVolume(se, cancel, options.threads);
                    std::string refusal;
                    const DefaceResult r = defaceVolume(volume, options, refusal);
                    if (!refusal.empty()) {
                        o.status = FaceSeriesOutcome::Status::Refused;
                        o.message = refusal;
                        plan.series.push_back(std::move(o));
                        continue;
                    }
                    o.status = FaceSeriesOutcome::Status::Defaced;
                    o.method = r.method;
                    o.message = r.note;
                    o.voxelsChanged = r.voxelsChanged;
                    for (int k = 0; k < volume.count(); ++k) {
                        const cv::Mat& m = r.masks[std::size_t(k)];
                        if (m.empty() || cv::countNonZero(m) == 0)
                            continue;
                        const InstanceInfo& info = *volume.instances[std::size_t(k)];
                        plan.masks[info.sopInstanceUid] = {volume.toStored(m),
                                                           storedValueFor(info, r.airValue)};
                        ++o.instancesChanged;
                    }
                } catch (const Error& e) {
                    o.status = FaceSeriesOutcome::Status::Failed;
                    o.message = e.what();
                }
                plan.series.push_back(std::move(o));
            }
    progress.progress(done, long(flagged.size()), "face removal");
    return plan;
}

const char* const kMrFacePlaneFallbackText =
    "MR has no HU scale, so the bone behind the face cannot be found. The fallback fits a plane "
    "to the front of the skin over the face (nose, lips, brow) and sets every voxel in front of "
    "that plane to background: what stands out of the face goes, whatever it is, and what lies "
    "behind the plane (the eyelids, the eyes) may stay. Check each series with Face preview.";

std::vector<FlaggedSeries> mrSeriesThatMayShowFace(const StudyIndex& index) {
    std::vector<FlaggedSeries> out;
    for (FlaggedSeries& f : seriesThatMayShowFace(index)) {
        const SeriesNode* se = nullptr;
        for (const PatientNode& p : index.patients)
            for (const StudyNode& st : p.studies)
                for (const SeriesNode& s : st.series)
                    if (s.uid == f.seriesUid)
                        se = &s;
        if (se && upper(se->modality) == "MR")
            out.push_back(std::move(f));
    }
    return out;
}

std::string mrFacePlaneProblem(const StudyIndex& index, bool clean, bool accept) {
    if (!clean || accept)
        return {};
    const std::vector<FlaggedSeries> mr = mrSeriesThatMayShowFace(index);
    if (mr.empty())
        return {};
    std::string names;
    for (const FlaggedSeries& f : mr)
        names += (names.empty() ? "" : ", ") + f.label;
    return names + (mr.size() == 1 ? " may show a face and is MR" : " may show a face and are MR") +
           ": Clean Recognizable Visual Features cannot find the bone without an HU scale and "
           "would not write it; accept the MR face-plane fallback, or leave the series out";
}

std::vector<MaskFill> fillsFor(const FaceRemovalPlan* plan, const std::string& uid) {
    if (!plan)
        return {};
    const InstanceFaceMask* m = plan->maskFor(uid);
    if (!m)
        return {};
    return {MaskFill{0, m->mask, m->stored}};
}

} // namespace veil
