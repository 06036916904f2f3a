#include "dicom/InstanceInfo.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

namespace veil {

std::string transferSyntaxName(const std::string& uid) {
    const DcmXfer x(uid.c_str());
    if (x.getXfer() != EXS_Unknown)
        return x.getXferName();
    if (uid == "1.2.840.10008.1.2.4.201" || uid == "1.2.840.10008.1.2.4.202" ||
        uid == "1.2.840.10008.1.2.4.203")
        return "High-Throughput JPEG 2000";
    if (uid.rfind("1.2.840.10008.1.2.4.10", 0) == 0)
        return "MPEG video";
    return uid.empty() ? "unknown" : "unknown (" + uid + ")";
}

std::string sopClassName(const std::string& uid) {
    const char* name = dcmFindNameOfUID(uid.c_str());
    return name ? name : uid;
}

} // namespace veil
