#pragma once
// Pure de-identification logic: an instance's elements (as plain values), a profile and the
// project key in; a DeidPlan out. No DCMTK, no OpenCV, no I/O: the applier
// carries the plan out on a DicomFile (deid/DeidApplier).
#include "deid/DeidPlan.h"
#include "deid/Profile.h"
#include "deid/ProjectKey.h"
#include "dicom/ElementValue.h"
#include "identity/IdentifierSet.h"

#include <string>
#include <vector>

namespace veil {

class DeidPlanner {
public:
    DeidPlanner(Profile profile, const ProjectKey& key);

    // `identifiers` are the identifying values of the instance and its study (the cleaner of
    // descriptors, structured content and graphics removes them from free text).
    DeidPlan plan(const std::vector<ElementValue>& elements, const IdentifierSet& identifiers,
                  const std::string& source = {}) const;
    // The instance's own identifiers plus those its study shares (IdentifierSet::fromStudy):
    // a name only another series spells is still found. What the batch and the GUI preview use.
    DeidPlan planInStudy(const std::vector<ElementValue>& elements, const IdentifierSet& study,
                         const std::string& source = {}) const;
    // The same with the instance's own identifiers already taken from `elements`
    // (IdentifierSet::fromElements): the batch takes them once for the plan and the gate.
    DeidPlan planInStudy(const std::vector<ElementValue>& elements, const IdentifierSet& own,
                         const IdentifierSet& study, const std::string& source) const;
    // The identifiers taken from the elements themselves.
    DeidPlan plan(const std::vector<ElementValue>& elements, const std::string& source = {}) const;

    const Profile& profile() const { return m_profile; }

private:
    Profile m_profile;
    ProjectKey m_key;
};

// Records one more method in the plan's (0012,0064) sequence: for work done outside the
// planner, such as Clean Pixel Data by the pixel redaction.
void recordMethod(DeidPlan& plan, const MethodCode& code);

} // namespace veil
