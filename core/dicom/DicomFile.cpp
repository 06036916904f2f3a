#include "dicom/DicomFile.h"

#include "common/Error.h"
#include "common/FileBytes.h"
#include "dicom/Codecs.h"
#include "dicom/DicomFileImpl.h"
#include "dicom/NestingGuard.h"
#include "dicom/PixelDecode.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvrpobw.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <fstream>
#include <unordered_map>

namespace veil {

namespace {

std::string trim(const OFString& s) {
    std::string out = s.c_str();
    const auto first = out.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = out.find_last_not_of(" \t\r\n");
    return out.substr(first, last - first + 1);
}

std::string keywordOf(DcmTag tag) {
    if (tag.getGTag() & 1)
        return tag.getETag() >= 0x10 && tag.getETag() <= 0xFF ? "PrivateCreator" : "";
    // A standard tag's name depends on the tag alone: looked up in DCMTK's dictionary (under
    // its lock) once per thread, not for every element of every file.
    thread_local std::unordered_map<std::uint32_t, std::string> names;
    const std::uint32_t key = std::uint32_t(tag.getGTag()) << 16 | tag.getETag();
    if (const auto it = names.find(key); it != names.end())
        return it->second;
    const char* name = tag.getTagName();
    std::string keyword = !name || std::string(name) == DcmTag_ERROR_TagName ? std::string() : name;
    if (names.size() < 8192) // bounded: a malformed file may hold any number of unknown tags
        names.emplace(key, keyword);
    return keyword;
}

bool isBinaryVr(DcmEVR vr) {
    switch (vr) {
    case EVR_OB:
    case EVR_OW:
    case EVR_OF:
    case EVR_OD:
    case EVR_OL:
    case EVR_OV:
    case EVR_UN:
    case EVR_ox:
    case EVR_px:
    case EVR_pixelSQ:
    case EVR_pixelItem:
        return true;
    default:
        return false;
    }
}

class ElementCollector {
public:
    explicit ElementCollector(std::vector<ElementValue>& out) : m_out(out) {}

    // Elements in order by nextInContainer: getElement(i) walks DCMTK's list from its start
    // each time, which made listing a header quadratic in its length (DcmList::seek was a
    // twentieth of the header path). The list's position is where the previous element left
    // it, except after a private creator's lookup, which costs one walk.
    void item(DcmItem& item, std::vector<PathStep>& prefix) {
        for (DcmObject* o = item.nextInContainer(nullptr); o; o = item.nextInContainer(o))
            element(item, static_cast<DcmElement&>(*o), prefix);
    }

private:
    void element(DcmItem& parent, DcmElement& el, std::vector<PathStep>& prefix) {
        const DcmTag& tag = el.getTag();
        ElementValue v;
        v.path.steps = prefix;
        v.path.steps.push_back({Tag(tag.getGTag(), tag.getETag()), -1});
        // The element's own VR (OB/OW for Pixel Data and Overlay Data, whose classes DCMTK
        // names "PixelData"/"OverlayData"), mapped to a standard one ("xs" → "US").
        const DcmEVR evr = DcmVR(el.getVR()).getValidEVR();
        v.vr = el.ident() == EVR_SQ ? "SQ" : DcmVR(evr).getVRName();
        v.keyword = keywordOf(tag);
        v.length = el.getLength();
        if (tag.getGTag() & 1 && tag.getETag() > 0xFF) {
            OFString creator;
            const DcmTagKey creatorKey(tag.getGTag(), tag.getETag() >> 8);
            if (parent.findAndGetOFString(creatorKey, creator).good())
                v.privateCreator = trim(creator);
        }
        if (el.ident() == EVR_SQ) {
            auto& seq = static_cast<DcmSequenceOfItems&>(el);
            v.items = int(seq.card());
            m_out.push_back(std::move(v));
            int i = 0;
            for (DcmObject* o = seq.nextInContainer(nullptr); o; o = seq.nextInContainer(o), ++i) {
                prefix.push_back({Tag(tag.getGTag(), tag.getETag()), i});
                item(static_cast<DcmItem&>(*o), prefix);
                prefix.pop_back();
            }
            return;
        }
        if (isBinaryVr(el.ident()) || isBinaryVr(evr) || tag == DCM_PixelData) {
            v.value = "<" + std::to_string(el.getLength()) + " bytes>";
        } else {
            OFString s;
            if (el.getOFStringArray(s).good())
                v.value = trim(s);
        }
        m_out.push_back(std::move(v));
    }

    std::vector<ElementValue>& m_out;
};

} // namespace

void throwDcmtk(const std::filesystem::path& path, const std::string& what,
                const OFCondition& cond) {
    throw Error(path.string(), what + " (" + cond.text() + ")");
}

DicomFile::DicomFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
DicomFile::DicomFile(DicomFile&&) noexcept = default;
DicomFile& DicomFile::operator=(DicomFile&&) noexcept = default;
DicomFile::~DicomFile() = default;

namespace {

// Files up to kParsedInMemoryMax are read whole and parsed from memory (one open and one read
// instead of a stream's small reads and seeks, and no second open when a large value is needed
// later); larger ones stream, their large values left on disk until asked for.

// Values longer than 4 KiB stay on disk until asked for (streamed files): memory follows
// instances, not pixels.
constexpr Uint32 kMaxRead = 4096;

void throwUnreadable(const std::filesystem::path& path, const OFCondition& cond) {
    if (cond == EC_StreamNotifyClient || cond == EC_EndOfStream || cond == EC_InvalidStream)
        throw Error(path.string(), "the file is truncated or corrupt: its data ends before "
                                   "the last element is complete (" +
                                       std::string(cond.text()) + ")");
    throwDcmtk(path, "could not be read as DICOM", cond);
}

void checkNesting(const std::filesystem::path& path, int depth) {
    if (depth > kMaxSequenceDepth)
        throw Error(path.string(),
                    "sequences are nested more than " + std::to_string(kMaxSequenceDepth) +
                        " levels deep: refused as malformed (a real image never needs this)");
}

// What loadFile/loadFileUntilTag do (DcmFileFormat's, DcmDataset's), over bytes in memory: a
// buffer stream makes no factory for large values, so every value is read now. Without `eos`
// the bytes are the file's first ones, and the parse stops at Pixel Data (header only).
OFCondition readBuffer(DicomFile::Impl& impl, Sniff kind, const std::string& bytes, bool eos) {
    const DcmTagKey stop =
        impl.load == DicomFile::Load::HeaderOnly ? DCM_PixelData : DCM_UndefinedTagKey;
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), offile_off_t(bytes.size()));
    if (eos)
        stream.setEos();
    OFCondition cond;
    if (kind == Sniff::Dicom) {
        DcmFileFormat& f = impl.file;
        const E_FileReadMode before = f.getReadMode();
        f.setReadMode(ERM_autoDetect);
        f.transferInit();
        cond = f.readUntilTag(stream, EXS_Unknown, EGL_noChange, kMaxRead, stop);
        f.transferEnd();
        f.setReadMode(before);
    } else {
        DcmDataset& ds = impl.dataset();
        ds.transferInit();
        cond = ds.readUntilTag(stream, EXS_Unknown, EGL_noChange, kMaxRead, stop);
        ds.transferEnd();
    }
    stream.releaseBuffer();
    return cond;
}

// A header is parsed from the file's first bytes when it ends inside them.
constexpr std::size_t kHeaderBytes = 16u << 10;

} // namespace

DicomFile DicomFile::open(const std::filesystem::path& path, Load load) {
    if (load == Load::Full)
        if (const std::optional<std::string> bytes = readFileBytes(path, kParsedInMemoryMax))
            return parse(path, *bytes);
    registerCodecs();
    std::uintmax_t size = 0;
    if (load == Load::HeaderOnly)
        if (const std::optional<std::string> head = readFilePrefix(path, kHeaderBytes, size)) {
            // One read of the first bytes; the stream below when the header goes on past them.
            std::string reason;
            const auto* data = reinterpret_cast<const unsigned char*>(head->data());
            const Sniff kind = sniffDicomBytes(data, head->size(), &reason);
            if (kind == Sniff::NotDicom || kind == Sniff::Empty)
                throw Error(path.string(), reason);
            const bool whole = head->size() >= size;
            bool needsMore = false;
            const int depth = sequenceNestingDepth(data, head->size(), whole, &needsMore);
            if (!needsMore) {
                checkNesting(path, depth);
                auto impl = std::make_unique<Impl>();
                impl->path = path;
                impl->load = load;
                impl->fileSize = (long long)size;
                const OFCondition cond = readBuffer(*impl, kind, *head, whole);
                if (cond.good() || whole) {
                    if (cond.bad())
                        throwUnreadable(path, cond);
                    DicomFile file(std::move(impl));
                    file.checkComplete();
                    return file;
                }
            }
        }
    std::string reason;
    const Sniff kind = sniffDicom(path, &reason);
    if (kind == Sniff::NotDicom || kind == Sniff::Empty)
        throw Error(path.string(), reason);

    checkNesting(path, sequenceNestingDepth(path));
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->load = load;
    const E_FileReadMode mode = kind == Sniff::Dicom ? ERM_autoDetect : ERM_dataset;
    OFCondition cond;
    if (load == Load::HeaderOnly)
        cond = impl->file.loadFileUntilTag(path.c_str(), EXS_Unknown, EGL_noChange, kMaxRead, mode,
                                           DCM_PixelData);
    else
        cond = impl->file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, kMaxRead, mode);
    if (cond.bad())
        throwUnreadable(path, cond);
    DicomFile file(std::move(impl));
    file.checkComplete();
    return file;
}

DicomFile DicomFile::parse(const std::filesystem::path& path, const std::string& bytes) {
    registerCodecs();
    std::string reason;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const Sniff kind = sniffDicomBytes(data, bytes.size(), &reason);
    if (kind == Sniff::NotDicom || kind == Sniff::Empty)
        throw Error(path.string(), reason);
    checkNesting(path, sequenceNestingDepth(data, bytes.size(), true));
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->load = Load::Full;
    impl->fileSize = (long long)bytes.size();
    const OFCondition cond = readBuffer(*impl, kind, bytes, true);
    if (cond.bad())
        throwUnreadable(path, cond);
    DicomFile file(std::move(impl));
    file.checkComplete();
    return file;
}

void DicomFile::checkComplete() const {
    // Header-only parsing stops at Pixel Data, so a file cut short inside its pixels would
    // pass unnoticed: compare what the header promises with what the disk holds. (The values
    // info() would give, looked up alone: this runs on every open.)
    const int rows = int(integer(tags::Rows).value_or(0));
    const int columns = int(integer(tags::Columns).value_or(0));
    const bool hasPixelData =
        has(tags::PixelData) || (m_impl->load == Load::HeaderOnly && rows > 0);
    if (!hasPixelData || rows <= 0 || columns <= 0)
        return;
    {
        std::lock_guard lock(m_impl->mutex);
        const DcmXfer xfer(m_impl->dataset().getOriginalXfer());
        if (xfer.isEncapsulated() ||
            xfer.getStreamCompression() != ESC_none) // deflated: smaller on disk
            return;
    }
    // YBR_FULL_422 stores two chroma samples per pair of pixels: 2 samples a pixel, not 3.
    const int samples = string(tags::PhotometricInterpretation) == "YBR_FULL_422"
                            ? 2
                            : std::max(1, int(integer(tags::SamplesPerPixel).value_or(1)));
    const int bitsAllocated = int(integer(tags::BitsAllocated).value_or(0));
    const int frames = int(std::max(1L, integer(tags::NumberOfFrames).value_or(1)));
    std::error_code ec;
    const long long fileSize = m_impl->fileSize >= 0
                                   ? m_impl->fileSize
                                   : (long long)std::filesystem::file_size(m_impl->path, ec);
    const long long bitsPerFrame = 1LL * rows * columns * samples * std::max(1, bitsAllocated);
    const long long needed = (bitsPerFrame * std::max(1, frames) + 7) / 8;
    if (fileSize < needed)
        throw Error(m_impl->path.string(),
                    "the file is truncated: its Pixel Data needs " + std::to_string(needed) +
                        " bytes but the whole file holds only " + std::to_string(fileSize));
}

std::string DicomFile::transferSyntaxUid() const {
    std::lock_guard lock(m_impl->mutex);
    return DcmXfer(m_impl->dataset().getOriginalXfer()).getXferID();
}

const std::filesystem::path& DicomFile::path() const {
    return m_impl->path;
}

bool DicomFile::has(Tag tag) const {
    std::lock_guard lock(m_impl->mutex);
    return const_cast<DcmDataset&>(m_impl->dataset()).tagExists(DcmTagKey(tag.group, tag.element));
}

std::string DicomFile::string(Tag tag) const {
    std::lock_guard lock(m_impl->mutex);
    OFString s;
    auto& ds = const_cast<DcmDataset&>(m_impl->dataset());
    if (tag.group == 0x0002)
        m_impl->file.getMetaInfo()->findAndGetOFStringArray(DcmTagKey(tag.group, tag.element), s);
    else
        ds.findAndGetOFStringArray(DcmTagKey(tag.group, tag.element), s);
    return trim(s);
}

std::string DicomFile::bytes(Tag tag) const {
    std::lock_guard lock(m_impl->mutex);
    auto& ds = const_cast<DcmDataset&>(m_impl->dataset());
    const Uint8* data = nullptr;
    unsigned long size = 0;
    if (ds.findAndGetUint8Array(DcmTagKey(tag.group, tag.element), data, &size).bad() || !data)
        return {};
    return std::string(reinterpret_cast<const char*>(data), size);
}

void DicomFile::setBytes(Tag tag, const std::string& value) {
    std::lock_guard lock(m_impl->mutex);
    const OFCondition c = m_impl->dataset().putAndInsertUint8Array(
        DcmTagKey(tag.group, tag.element), reinterpret_cast<const Uint8*>(value.data()),
        value.size());
    if (c.bad())
        throw Error(m_impl->path.string(),
                    tag.toString() + " could not take its new value: " + c.text());
}

void DicomFile::setUnsigned(Tag tag, std::uint32_t value) {
    std::lock_guard lock(m_impl->mutex);
    const OFCondition c =
        m_impl->dataset().putAndInsertUint32(DcmTagKey(tag.group, tag.element), value);
    if (c.bad())
        throw Error(m_impl->path.string(),
                    tag.toString() + " could not take its new value: " + c.text());
}

std::optional<long> DicomFile::integer(Tag tag) const {
    const std::string s = string(tag);
    if (s.empty())
        return std::nullopt;
    try {
        return std::stol(s);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<double> DicomFile::decimal(Tag tag, unsigned index) const {
    std::lock_guard lock(m_impl->mutex);
    Float64 v = 0;
    auto& ds = const_cast<DcmDataset&>(m_impl->dataset());
    if (ds.findAndGetFloat64(DcmTagKey(tag.group, tag.element), v, index).good())
        return v;
    return std::nullopt;
}

InstanceInfo DicomFile::info() const {
    InstanceInfo i;
    i.path = m_impl->path.string();
    i.localPath = i.path;
    i.sopClassUid = string(tags::SOPClassUID);
    i.sopInstanceUid = string(tags::SOPInstanceUID);
    i.patientName = string(tags::PatientName);
    i.patientId = string(tags::PatientID);
    i.patientBirthDate = string(tags::PatientBirthDate);
    i.patientSex = string(tags::PatientSex);
    i.studyInstanceUid = string(tags::StudyInstanceUID);
    i.studyDate = string(tags::StudyDate);
    i.studyTime = string(tags::StudyTime);
    i.studyDescription = string(tags::StudyDescription);
    i.accessionNumber = string(tags::AccessionNumber);
    i.seriesInstanceUid = string(tags::SeriesInstanceUID);
    i.seriesDescription = string(tags::SeriesDescription);
    i.seriesNumber = int(integer(tags::SeriesNumber).value_or(0));
    i.instanceNumber = int(integer(tags::InstanceNumber).value_or(0));
    i.modality = string(tags::Modality);
    i.manufacturer = string(tags::Manufacturer);
    i.manufacturerModelName = string(tags::ManufacturerModelName);
    {
        std::lock_guard lock(m_impl->mutex);
        i.transferSyntaxUid = DcmXfer(m_impl->dataset().getOriginalXfer()).getXferID();
    }
    i.photometric = string(tags::PhotometricInterpretation);
    i.rows = int(integer(tags::Rows).value_or(0));
    i.columns = int(integer(tags::Columns).value_or(0));
    i.samplesPerPixel = int(integer(tags::SamplesPerPixel).value_or(1));
    i.bitsAllocated = int(integer(tags::BitsAllocated).value_or(0));
    i.bitsStored = int(integer(tags::BitsStored).value_or(i.bitsAllocated));
    i.pixelRepresentation = int(integer(tags::PixelRepresentation).value_or(0));
    i.planarConfiguration = int(integer(tags::PlanarConfiguration).value_or(0));
    i.burnedInAnnotation = string(tags::BurnedInAnnotation);
    i.recognizableVisualFeatures = string(tags::RecognizableVisualFeatures);
    i.bodyPartExamined = string(tags::BodyPartExamined);
    i.protocolName = string(tags::ProtocolName);
    i.sliceThickness = decimal(tags::SliceThickness).value_or(0);
    i.rescaleSlope = decimal(tags::RescaleSlope).value_or(1);
    i.rescaleIntercept = decimal(tags::RescaleIntercept).value_or(0);
    if (i.rescaleSlope == 0)
        i.rescaleSlope = 1;
    {
        bool all = true;
        for (unsigned k = 0; k < 3 && all; ++k) {
            const auto v = decimal(tags::ImagePositionPatient, k);
            all = v.has_value();
            i.position[k] = v.value_or(0);
        }
        for (unsigned k = 0; k < 6 && all; ++k) {
            const auto v = decimal(tags::ImageOrientationPatient, k);
            all = v.has_value();
            i.orientation[k] = v.value_or(0);
        }
        for (unsigned k = 0; k < 2 && all; ++k) {
            const auto v = decimal(tags::PixelSpacing, k);
            all = v.has_value() && *v > 0;
            i.pixelSpacing[k] = v.value_or(1);
        }
        i.hasGeometry = all;
    }
    i.hasPixelData = has(tags::PixelData) || (m_impl->load == Load::HeaderOnly && i.rows > 0);
    i.frames = i.hasPixelData ? int(std::max(1L, integer(tags::NumberOfFrames).value_or(1))) : 0;
    std::error_code ec;
    i.fileSize = m_impl->fileSize >= 0 ? m_impl->fileSize
                                       : (long long)std::filesystem::file_size(m_impl->path, ec);
    return i;
}

std::vector<ElementValue> DicomFile::elements() const {
    std::lock_guard lock(m_impl->mutex);
    std::vector<ElementValue> out;
    std::vector<PathStep> prefix;
    ElementCollector collect(out);
    collect.item(*m_impl->file.getMetaInfo(), prefix);
    collect.item(m_impl->dataset(), prefix);
    return out;
}

int DicomFile::frameCount() const {
    if (!has(tags::PixelData))
        return 0;
    return int(std::max(1L, integer(tags::NumberOfFrames).value_or(1)));
}

Frame DicomFile::frame(int index, Bits bits) const {
    if (m_impl->load == Load::HeaderOnly)
        throw Error(m_impl->path.string(), "pixel data was not loaded (header-only open)");
    const int frames = frameCount();
    if (frames == 0)
        throw Error(m_impl->path.string(), "the file has no Pixel Data");
    if (index < 0 || index >= frames)
        throw Error(m_impl->path.string(), "frame " + std::to_string(index + 1) +
                                               " does not exist (the file has " +
                                               std::to_string(frames) + ")");
    std::lock_guard lock(m_impl->mutex);
    return decodeFrame(*m_impl, index, bits == Bits::Whole);
}

void DicomFile::save(const std::filesystem::path& target, const std::string& syntax) const {
    std::lock_guard lock(m_impl->mutex);
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!target.parent_path().empty())
        fs::create_directories(target.parent_path(), ec);
    const fs::path temp =
        target.parent_path() / ("." + target.filename().string() + ".veil-partial");
    E_TransferSyntax xfer = EXS_Unknown;
    if (!syntax.empty()) {
        xfer = DcmXfer(syntax.c_str()).getXfer();
        if (xfer == EXS_Unknown)
            throw Error(target.string(), "unknown transfer syntax " + syntax);
    } else {
        xfer = m_impl->dataset().getCurrentXfer();
    }
    // Values left on disk at load time must be read before the source can be let go.
    m_impl->file.loadAllDataIntoMemory();
    const OFCondition cond = m_impl->file.saveFile(
        temp.c_str(), xfer, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_updateMeta);
    if (cond.bad()) {
        fs::remove(temp, ec);
        throwDcmtk(target, "could not be written", cond);
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(target.string(), "could not be moved into place: " + ec.message());
    }
}

Sniff sniffDicom(const std::filesystem::path& path, std::string* reason) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (reason)
            *reason = "cannot be opened for reading";
        return Sniff::NotDicom;
    }
    unsigned char b[132] = {};
    in.read(reinterpret_cast<char*>(b), sizeof b);
    return sniffDicomBytes(b, std::size_t(in.gcount()), reason);
}

Sniff sniffDicomBytes(const unsigned char* bytes, std::size_t size, std::string* reason) {
    auto say = [&](Sniff s, const std::string& why) {
        if (reason)
            *reason = why;
        return s;
    };
    unsigned char b[132] = {};
    const std::size_t got = std::min<std::size_t>(size, sizeof b);
    std::copy(bytes, bytes + got, b);
    if (got == 0)
        return say(Sniff::Empty, "the file is empty");
    if (got >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M')
        return say(Sniff::Dicom, {});
    if (got < 8)
        return say(Sniff::NotDicom, "not a DICOM file (too short to hold a data set)");
    // No preamble: accept a data set that starts with a plausible tag in group 0002..0008,
    // little or big endian, with an explicit VR or a sane implicit length.
    const unsigned le = b[0] | (b[1] << 8), be = (b[0] << 8) | b[1];
    const unsigned elementLe = b[2] | (b[3] << 8), elementBe = (b[2] << 8) | b[3];
    for (unsigned g : {le, be}) {
        // Group 0000 only as a group length (0000,0000) of 4 bytes: a file of zero bytes would
        // otherwise parse as millions of empty elements.
        if (g == 0x0000) {
            const unsigned element = g == le ? elementLe : elementBe;
            const bool explicitUl = b[4] == 'U' && b[5] == 'L';
            const unsigned long len =
                b[4] | (b[5] << 8) | (b[6] << 16) | (unsigned long)(b[7] << 24);
            if (element == 0 && (explicitUl || len == 4 || len == 0x04000000ul))
                return say(Sniff::DatasetOnly, {});
            continue;
        }
        if (g == 0x0002 || g == 0x0008 || g == 0x0004) {
            const char vr[3] = {char(b[4]), char(b[5]), 0};
            const bool letters = std::isupper(b[4]) && std::isupper(b[5]);
            if (letters && DcmVR(vr).isStandard())
                return say(g == 0x0002 ? Sniff::Dicom : Sniff::DatasetOnly, {});
            const unsigned long len =
                b[4] | (b[5] << 8) | (b[6] << 16) | (unsigned long)(b[7] << 24);
            if (len < 1024 * 1024 || len == 0xFFFFFFFFul)
                return say(g == 0x0002 ? Sniff::Dicom : Sniff::DatasetOnly, {});
        }
    }
    return say(Sniff::NotDicom, "not a DICOM file (no DICM marker and no recognisable data set)");
}

} // namespace veil
