#include "dicom/Codecs.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dcvr.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace veil {

void registerCodecs() {
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK's own logger would print parser warnings on stderr; Veil reports errors itself.
        OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
        // Standard elements written as UN (some converters do, e.g. pydicom's rtdose_rle.dcm)
        // are read by the VR the dictionary gives them: their values are then seen, planned
        // and cleaned like any other (an identifying PN written as UN would otherwise pass).
        dcmEnableUnknownVRConversion.set(OFTrue);
        // Keep colour as stored where the codec allows; YBR JPEG comes out as RGB.
        DJDecoderRegistration::registerCodecs(EDC_photometricInterpretation, EUC_never,
                                              EPC_colorByPixel);
        DJEncoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs(EJLSUC_never, EJLSPC_colorByPixel);
        // Raw (not "cooked") JPEG-LS encoding: DCMTK 3.6.7's cooked path leaves the pad byte of
        // odd-length codestreams unset, which its own decoder then rejects.
        DJLSEncoderRegistration::registerCodecs(0, 0, 0, 0, OFFalse);
        DcmRLEDecoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}

} // namespace veil
