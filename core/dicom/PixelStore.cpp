#include "dicom/PixelStore.h"

#include "common/Error.h"
#include "dicom/DicomFileImpl.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djrparam.h>

#include <cstdio>
#include <memory>

namespace veil::pixelstore {

namespace {

const char* kExplicitLE = "1.2.840.10008.1.2.1";

DcmPixelData& pixelData(DicomFile::Impl& impl) {
    DcmElement* el = nullptr;
    if (impl.dataset().findAndGetElement(DCM_PixelData, el).bad() || !el)
        throw Error(impl.path.string(), "the file has no Pixel Data");
    auto* pd = dynamic_cast<DcmPixelData*>(el);
    if (!pd)
        throw Error(impl.path.string(), "Pixel Data has an unexpected form");
    return *pd;
}

std::string currentUid(DicomFile::Impl& impl) {
    const DcmXfer x(impl.dataset().getOriginalXfer());
    if (x.getXfer() != EXS_Unknown)
        return x.getXferID();
    OFString uid;
    impl.file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, uid);
    return uid.c_str();
}

// Lossless syntaxes DCMTK's encoders write; the parameter they take.
std::unique_ptr<DcmRepresentationParameter> encoderParameter(E_TransferSyntax x) {
    switch (x) {
    case EXS_RLELossless:
        return std::make_unique<DcmRLERepresentationParameter>();
    case EXS_JPEGProcess14SV1:
    case EXS_JPEGProcess14:
        return std::make_unique<DJ_RPLossless>(1, 0);
    case EXS_JPEGLSLossless:
        return std::make_unique<DJLSRepresentationParameter>(0, OFTrue);
    default:
        return nullptr;
    }
}

std::string lossyMethodOf(const std::string& uid) {
    if (uid == "1.2.840.10008.1.2.4.81")
        return "ISO_14495_1";
    if (uid == "1.2.840.10008.1.2.4.91" || uid == "1.2.840.10008.1.2.4.93")
        return "ISO_15444_1";
    if (uid.rfind("1.2.840.10008.1.2.4.", 0) == 0 && uid != "1.2.840.10008.1.2.4.57" &&
        uid != "1.2.840.10008.1.2.4.70" && uid != "1.2.840.10008.1.2.4.80" &&
        uid != "1.2.840.10008.1.2.4.90" && uid != "1.2.840.10008.1.2.4.92")
        return "ISO_10918_1";
    return {};
}

} // namespace

SyntaxPlan planSyntax(const DicomFile& file) {
    auto& impl = const_cast<DicomFile&>(file).impl();
    std::lock_guard lock(impl.mutex);
    SyntaxPlan p;
    p.sourceUid = currentUid(impl);
    const DcmXfer x(p.sourceUid.c_str());
    p.encapsulated = x.getXfer() == EXS_Unknown || x.isEncapsulated();
    p.lossyMethod = lossyMethodOf(p.sourceUid);
    p.lossy = !p.lossyMethod.empty();
    if (!p.encapsulated)
        p.targetUid = p.sourceUid;
    else if (!p.lossy && encoderParameter(x.getXfer()))
        p.targetUid = p.sourceUid;
    else
        p.targetUid = kExplicitLE;
    return p;
}

std::uint8_t* nativeFrame(DicomFile& file, int index, const NativeLayout& layout) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmPixelData& pd = pixelData(impl);
    Uint8* bytes = nullptr;
    OFCondition cond;
    if (layout.bitsAllocated == 8) {
        cond = pd.getUint8Array(bytes);
    } else {
        Uint16* words = nullptr;
        cond = pd.getUint16Array(words);
        bytes = reinterpret_cast<Uint8*>(words);
    }
    if (cond.bad() || !bytes)
        throwDcmtk(impl.path, "native pixel data could not be read", cond);
    const std::size_t need = (std::size_t(index) + 1) * layout.frameBytes();
    if (pd.getLength() < need)
        throw Error(impl.path.string(),
                    "Pixel Data is shorter than frame " + std::to_string(index + 1) + " needs");
    return bytes + std::size_t(index) * layout.frameBytes();
}

std::uint8_t* nativeBits(DicomFile& file, std::size_t bytesNeeded) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmPixelData& pd = pixelData(impl);
    Uint8* bytes = nullptr;
    OFCondition cond = pd.getUint8Array(bytes);
    if (cond.bad() || !bytes) {
        Uint16* words = nullptr; // OW: little-endian words hold the bits in the same order
        cond = pd.getUint16Array(words);
        bytes = reinterpret_cast<Uint8*>(words);
    }
    if (cond.bad() || !bytes)
        throwDcmtk(impl.path, "native 1-bit pixel data could not be read", cond);
    if (pd.getLength() < bytesNeeded)
        throw Error(impl.path.string(), "1-bit Pixel Data is shorter than its frames need");
    return bytes;
}

void replacePixelData(DicomFile& file, std::vector<std::uint8_t> raw, const NativeLayout& layout,
                      const std::string& photometric, const std::string& targetUid) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmDataset& ds = impl.dataset();
    DcmPixelData& pd = pixelData(impl);
    OFCondition cond = layout.bitsAllocated == 8
                           ? pd.putUint8Array(raw.data(), Uint32(raw.size()))
                           : pd.putUint16Array(reinterpret_cast<const Uint16*>(raw.data()),
                                               Uint32(raw.size() / 2));
    if (cond.bad())
        throwDcmtk(impl.path, "the redacted pixels could not be stored", cond);
    ds.putAndInsertString(DCM_PhotometricInterpretation, photometric.c_str());
    if (layout.samples > 1)
        ds.putAndInsertUint16(DCM_PlanarConfiguration, layout.planar ? 1 : 0);
    ds.findAndDeleteElement(DCM_ExtendedOffsetTable);
    ds.findAndDeleteElement(DCM_ExtendedOffsetTableLengths);
    cond = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    const E_TransferSyntax target = DcmXfer(targetUid.c_str()).getXfer();
    if (cond.good() && DcmXfer(target).isEncapsulated()) {
        const auto param = encoderParameter(target);
        cond = ds.chooseRepresentation(target, param.get());
        if (cond.good() && !ds.canWriteXfer(target))
            cond = EC_CannotChangeRepresentation;
    }
    if (cond.bad())
        throwDcmtk(impl.path, "the redacted pixels could not be encoded as " + targetUid, cond);
    ds.updateOriginalXfer();
    impl.startFragments.clear();
    impl.cache.clear();
}

std::uint64_t compressedSize(const DicomFile& file) {
    auto& impl = const_cast<DicomFile&>(file).impl();
    std::lock_guard lock(impl.mutex);
    DcmPixelSequence* seq = nullptr;
    DcmPixelData& pd = pixelData(impl);
    if (pd.getEncapsulatedRepresentation(impl.dataset().getOriginalXfer(), nullptr, seq).bad() ||
        !seq)
        return 0;
    std::uint64_t total = 0;
    for (unsigned long i = 1; i < seq->card(); ++i) {
        DcmPixelItem* item = nullptr;
        if (seq->getItem(item, i).good() && item)
            total += item->getLength();
    }
    return total;
}

void keepLossyMarks(DicomFile& file, const SyntaxPlan& plan, double ratio) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    DcmDataset& ds = impl.dataset();
    ds.putAndInsertString(DCM_LossyImageCompression, "01");
    if (!ds.tagExistsWithValue(DCM_LossyImageCompressionMethod))
        ds.putAndInsertString(DCM_LossyImageCompressionMethod, plan.lossyMethod.c_str());
    if (!ds.tagExistsWithValue(DCM_LossyImageCompressionRatio) && ratio > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", ratio);
        ds.putAndInsertString(DCM_LossyImageCompressionRatio, buf);
    }
}

bool removeIconImage(DicomFile& file) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    return impl.dataset().findAndDeleteElement(DCM_IconImageSequence).good();
}

void setString(DicomFile& file, Tag tag, const std::string& value) {
    auto& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    const OFCondition cond =
        impl.dataset().putAndInsertString(DcmTagKey(tag.group, tag.element), value.c_str());
    if (cond.bad())
        throwDcmtk(impl.path, "could not set " + tag.toString(), cond);
}

} // namespace veil::pixelstore
