#include "review/FindingBoxes.h"

namespace veil {

std::string findingIdOf(const std::string& uid, const Finding& f) {
    return findingId(uid, f.frame, f.box.x, f.box.y, f.box.w, f.box.h,
                     f.overlayGroup ? overlayLabel(f) + ": " + f.text : f.text);
}

ReviewBox reviewBoxOf(const std::string& uid, const Finding& f) {
    ReviewBox b;
    b.findingId = findingIdOf(uid, f);
    b.id = b.findingId;
    b.sopInstanceUid = uid;
    b.frame = f.frame;
    b.x = f.box.x;
    b.y = f.box.y;
    b.w = f.box.w;
    b.h = f.box.h;
    b.overlayGroup = f.overlayGroup;
    b.origin = f.source == FindingSource::Template ? ReviewBox::Origin::Template
                                                   : ReviewBox::Origin::Finding;
    return b;
}

} // namespace veil
