#include "verify/Verifier.h"

#include <QFile>

#include "document/ReportRedaction.h"

#include "common/Error.h"
#include "common/FileBytes.h"
#include "common/Sha256.h"
#include "dicom/PixelStore.h"
#include "identity/FreeText.h"
#include "identity/TextNormalise.h"
#include "pixel/Redact.h"

#include <opencv2/core.hpp>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <set>

namespace veil {

namespace {
bool isStandardUid(const std::string& uid) {
    return uid.rfind("1.2.840.10008.", 0) == 0;
}

// Runs of digits and dots long enough to be a UID, wherever they stand in a value.
std::vector<std::string> uidLikeTokens(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + ' ') {
        if ((c >= '0' && c <= '9') || c == '.') {
            cur += c;
        } else {
            if (cur.size() > 8)
                out.push_back(cur);
            cur.clear();
        }
    }
    return out;
}

bool startsAsPdf(const std::filesystem::path& p) {
    QFile head(QString::fromStdString(p.string()));
    return head.open(QIODevice::ReadOnly) && head.read(5) == "%PDF-";
}

// The bytes of a file that could not be read whole at once (it changed, or a read failed): as
// much as a stream gives; hashed only when that is all of it.
std::string readForSearch(const std::filesystem::path& p, FileVerification& out) {
    std::string bytes;
    std::ifstream in(p, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? std::streamoff(in.tellg()) : -1;
    if (size > 0) {
        bytes.resize(std::size_t(size));
        in.seekg(0);
        in.read(bytes.data(), size);
        if (in.gcount() != size)
            bytes.resize(std::size_t(std::max<std::streamsize>(in.gcount(), 0)));
        else
            out.sha256 = sha256Hex(bytes);
    } else if (size == 0) {
        out.sha256 = sha256Hex({});
    }
    return bytes;
}

std::string clip(const std::string& s, std::size_t pos, std::size_t len) {
    return s.substr(pos, std::min<std::size_t>(len, 80));
}

// Text a person wrote: searched with the free-text rules (names after titles and relations,
// misspelt names, phone and NHS numbers, postcodes, e-mail addresses, dates) as well as the
// sources' own values, the same rules the descriptor cleaner applied.
bool isFreeText(const ElementValue& e) {
    if (e.vr == "LT" || e.vr == "ST" || e.vr == "UT")
        return true;
    if (e.vr != "LO" && e.vr != "SH")
        return false;
    for (const char* w : {"Description", "Comment", "Remark", "Reason", "Note", "Impression"})
        if (e.keyword.find(w) != std::string::npos)
            return true;
    return false;
}
} // namespace

const IdentifierSet& SourceEvidence::identifiersFor(const std::string& studyUid) const {
    const auto it = studyUid.empty() ? byStudy.end() : byStudy.find(studyUid);
    return it == byStudy.end() ? identifiers : it->second;
}

void SourceEvidence::addSource(const DicomFile& source, const std::string& studyUid) {
    addElements(source.elements(), studyUid);
}

void SourceEvidence::merge(const SourceEvidence& other) {
    identifiers.merge(other.identifiers);
    for (const auto& [study, ids] : other.byStudy)
        byStudy[study].merge(ids);
    uids.insert(other.uids.begin(), other.uids.end());
}

void SourceEvidence::addElements(const std::vector<ElementValue>& elements,
                                 const std::string& studyUid) {
    addElements(elements, IdentifierSet::fromElements(elements), studyUid);
}

void SourceEvidence::addElements(const std::vector<ElementValue>& elements,
                                 const IdentifierSet& ids, const std::string& studyUid) {
    identifiers.merge(ids);
    if (!studyUid.empty())
        byStudy[studyUid].merge(ids);
    for (const ElementValue& e : elements) {
        // File meta names the writing software (ImplementationClassUID) and the syntax:
        // the same in every file Veil writes, and no one's identity.
        if (e.vr != "UI" || e.path.leaf().group == 0x0002)
            continue;
        std::size_t start = 0;
        while (start <= e.value.size()) {
            const std::size_t end = std::min(e.value.find('\\', start), e.value.size());
            const std::string uid = e.value.substr(start, end - start);
            if (uid.size() > 8 && !isStandardUid(uid))
                uids.insert(uid);
            start = end + 1;
        }
    }
}

// Where the file meta group ends (0: no preamble and group length to say so).
std::size_t fileMetaEnd(const std::string& b) {
    if (b.size() < 144 || b.compare(128, 4, "DICM") != 0 ||
        b.compare(132, 4, std::string("\x02\x00\x00\x00", 4)) != 0 || b.compare(136, 2, "UL") != 0)
        return 0;
    const auto c = [&](std::size_t i) {
        return std::uint32_t(static_cast<unsigned char>(b[140 + i]));
    };
    return std::min<std::size_t>(b.size(), 144 + (c(0) | c(1) << 8 | c(2) << 16 | c(3) << 24));
}

std::pair<std::size_t, std::size_t> pixelDataRange(const std::string& b, PixelEncoding enc) {
    const bool be = enc == PixelEncoding::ExplicitBigEndian;
    const std::string tag =
        be ? std::string("\x7F\xE0\x00\x10", 4) : std::string("\xE0\x7F\x10\x00", 4);
    const auto u32 = [&](std::size_t p) {
        const auto c = [&](std::size_t i) {
            return std::uint32_t(static_cast<unsigned char>(b[p + i]));
        };
        return be ? (c(0) << 24 | c(1) << 16 | c(2) << 8 | c(3))
                  : (c(0) | c(1) << 8 | c(2) << 16 | c(3) << 24);
    };
    // The last Pixel Data tag whose header is well formed is the top-level one. (Searched
    // backwards a byte at a time with memrchr: std::string::rfind compares at every position.)
    const auto rfindTag = [&](std::size_t before) -> std::size_t { // last start < before
        std::size_t end = std::min(before, b.size() >= 4 ? b.size() - 3 : 0);
        while (end > 0) {
            const void* hit = ::memrchr(b.data(), tag[0], end);
            if (!hit)
                return std::string::npos;
            const std::size_t at = std::size_t(static_cast<const char*>(hit) - b.data());
            if (b.compare(at, 4, tag) == 0)
                return at;
            end = at;
        }
        return std::string::npos;
    };
    for (std::size_t at = rfindTag(b.size()); at != std::string::npos; at = rfindTag(at)) {
        std::size_t start = 0;
        std::uint32_t len = 0;
        if (enc == PixelEncoding::ImplicitLittleEndian) {
            if (at + 8 > b.size())
                continue;
            start = at + 8;
            len = u32(at + 4);
        } else {
            if (at + 12 > b.size() ||
                !(b.compare(at + 4, 2, "OB") == 0 || b.compare(at + 4, 2, "OW") == 0))
                continue;
            start = at + 12;
            len = u32(at + 8);
        }
        if (len == 0xFFFFFFFFu) {
            static const std::string delim("\xFE\xFF\xDD\xE0", 4);
            const std::size_t end = b.rfind(delim);
            return {start, end == std::string::npos || end < start ? b.size() : end};
        }
        if (start + len <= b.size())
            return {start, start + len};
    }
    return {b.size(), b.size()};
}

FileVerification Verifier::verifyFile(const std::filesystem::path& output,
                                      const std::string& studyUid) const {
    const IdentifierSet& ids = m_evidence.identifiersFor(studyUid);
    FileVerification out;
    out.file = output.string();
    try {
        // The bytes once: parsed, searched as text and hashed for the certificate from one
        // read. (Not read whole, or larger than a parse from memory: streamed as before.)
        std::optional<std::string> bytes =
            readFileBytes(output, std::numeric_limits<std::uintmax_t>::max());
        if (bytes ? bytes->compare(0, 5, "%PDF-") == 0 : startsAsPdf(output)) {
            // A report beside the study (document/ReportPages): its bytes, its text layer and
            // every page by OCR, as the document of an Encapsulated PDF.
            QByteArray pdfBytes;
            if (bytes) {
                pdfBytes = QByteArray(bytes->data(), qsizetype(bytes->size()));
                bytes.reset();
            } else {
                QFile pdf(QString::fromStdString(output.string()));
                if (!pdf.open(QIODevice::ReadOnly))
                    throw Error(output.string(), "cannot be read");
                pdfBytes = pdf.readAll();
            }
            checkPdfFile(pdfBytes, ids, out);
            return out;
        }
        DicomFile f = bytes && bytes->size() <= kParsedInMemoryMax
                          ? DicomFile::parse(output, *bytes)
                          : DicomFile::open(output);
        out.frames = f.frameCount();
        const std::vector<ElementValue> elements = f.elements();
        checkElements(elements, ids, out);
        if (m_evidence.checkGraphics)
            checkGraphics(f, out);
        if (!bytes)
            bytes = readForSearch(output, out);
        else
            out.sha256 = sha256Hex(*bytes);
        checkRawBytes(std::move(*bytes), f.transferSyntaxUid(), elements, ids, out);
        if (m_pixels && out.frames > 0) {
            PixelCheck pixels = m_pixels->check(f, ids);
            out.framesRead = pixels.framesRead;
            out.framesSame = pixels.framesSame;
            out.framesFailed = pixels.framesFailed;
            for (VerificationHit& h : pixels.hits) {
                h.file = out.file;
                out.hits.push_back(std::move(h));
            }
        }
        if (isEncapsulatedPdf(f))
            if (const std::string doc = f.bytes(Tag{0x0042, 0x0011}); !doc.empty())
                checkReport(QByteArray::fromStdString(doc), "(0042,0011) EncapsulatedDocument", ids,
                            out);
    } catch (const Error& e) {
        out.error = e.detail();
    }
    return out;
}

void Verifier::checkPdfFile(const QByteArray& bytes, const IdentifierSet& ids,
                            FileVerification& out) const {
    out.sha256 = sha256Hex({bytes.constData(), std::size_t(bytes.size())});
    // The PDF's own words outside its (compressed) streams: metadata, names, titles.
    QByteArray text;
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype start = bytes.indexOf("stream", at);
        text += bytes.mid(at, start < 0 ? -1 : start - at);
        if (start < 0)
            break;
        const qsizetype end = bytes.indexOf("endstream", start + 6);
        at = end < 0 ? bytes.size() : end + 9;
    }
    for (const IdentifierMatch& m : ids.findIn(text.toStdString()))
        if (!m_evidence.retainedAttributes.count(m.attribute))
            out.hits.push_back({out.file, "PDF objects", m.needle, m.attribute});
    checkReport(bytes, "document", ids, out);
}

void Verifier::checkElements(const std::vector<ElementValue>& elements, const IdentifierSet& ids,
                             FileVerification& out) const {
    for (const ElementValue& e : elements) {
        if (e.value.empty() || e.isSequence())
            continue;
        // Named only for a hit (most elements have none).
        const auto where = [&e] {
            return e.path.toString() + (e.keyword.empty() ? "" : " " + e.keyword);
        };
        // The writer's own name (ImplementationClassUID/VersionName, "OFFIS_DCMTK_367") and
        // code strings (defined terms such as ImageType PERFUSION) are not searched for names.
        const bool writerOrCode =
            e.vr == "CS" || (e.path.leaf().group == 0x0002 &&
                             (e.path.leaf().element == 0x0012 || e.path.leaf().element == 0x0013));
        const std::vector<IdentifierMatch> found = writerOrCode ? std::vector<IdentifierMatch>{}
                                                   : isFreeText(e)
                                                       ? findFreeTextIdentifiers(ids, e.value)
                                                       : ids.findIn(e.value);
        for (const IdentifierMatch& m : found)
            if (!m_evidence.retainedAttributes.count(m.attribute))
                out.hits.push_back({out.file, where(), clip(e.value, m.pos, m.len), m.attribute});
        if (!m_evidence.checkUids)
            continue;
        for (const std::string& token : uidLikeTokens(e.value))
            if (m_evidence.uids.count(token))
                out.hits.push_back({out.file, where(), token, "original UID"});
    }
}

void Verifier::checkReport(const QByteArray& pdf, const std::string& where,
                           const IdentifierSet& ids, FileVerification& out) const {
    std::vector<RenderedPage> pages;
    try {
        pages = renderPdf(pdf, kReportDpi, out.file);
    } catch (const Error& e) {
        out.hits.push_back({out.file, where, e.detail(), "unreadable document"});
        return;
    }
    out.frames += int(pages.size());
    auto add = [&](const std::vector<ReportFinding>& found, const char* how) {
        for (const ReportFinding& r : found)
            if (!m_evidence.retainedAttributes.count(r.attribute))
                out.hits.push_back({out.file,
                                    "document page " + std::to_string(r.page + 1) + " " + how +
                                        " box " + std::to_string(r.box.x()) + "," +
                                        std::to_string(r.box.y()),
                                    r.text, r.attribute, how[0] == 'O'});
    };
    for (int p = 0; p < int(pages.size()); ++p) {
        const RenderedPage& page = pages[std::size_t(p)];
        add(findReportIdentifiers(page.textLayer, ids, p, false, true), "text layer");
        if (!m_pixels)
            continue;
        try {
            RenderedPage imageOnly = page;
            imageOnly.textLayer.clear(); // read the pixels, whatever the text layer says
            add(findReportIdentifiers(withoutRedactionBars(pageWords(imageOnly), page.image), ids,
                                      p, true, true),
                "OCR");
            ++out.framesRead;
        } catch (const Error& e) {
            ++out.framesFailed;
            out.hits.push_back({out.file, "document page " + std::to_string(p + 1), e.detail(),
                                "unreadable page", true});
        }
    }
}

void Verifier::checkGraphics(DicomFile& f, FileVerification& out) const {
    std::vector<std::string> notes;
    for (const pixelstore::OverlayPlane& p : pixelstore::readOverlays(f, notes)) {
        long set = 0;
        for (const cv::Mat& m : p.masks)
            set += cv::countNonZero(m);
        char group[8];
        std::snprintf(group, sizeof group, "%04X", p.group);
        if (set > 0)
            out.hits.push_back({out.file, std::string("(") + group + ",3000) OverlayData",
                                std::to_string(set) + " overlay pixels set", "overlay plane"});
    }
    if (out.frames == 0)
        return;
    if (const long stray = samplesWithBitsOutsideStored(f); stray > 0)
        out.hits.push_back({out.file, "(7FE0,0010) PixelData",
                            std::to_string(stray) + " samples with bits above BitsStored",
                            "overlay bits in Pixel Data"});
}

void Verifier::checkRawBytes(std::string bytes, const std::string& syntax,
                             const std::vector<ElementValue>& elements, const IdentifierSet& ids,
                             FileVerification& out) const {
    // A deflated data set is compressed as a whole: its bytes say nothing as text; its
    // elements were searched after inflation.
    if (syntax == "1.2.840.10008.1.2.1.99")
        return;
    std::set<std::string> exempt;
    for (const ElementValue& e : elements)
        if (e.vr == "CS")
            for (const std::string& v : splitValues(e.value))
                exempt.insert(v);
    const PixelEncoding enc = syntax == "1.2.840.10008.1.2" ? PixelEncoding::ImplicitLittleEndian
                              : syntax == "1.2.840.10008.1.2.2"
                                  ? PixelEncoding::ExplicitBigEndian
                                  : PixelEncoding::ExplicitLittleEndian;
    const auto [pixStart, pixEnd] = pixelDataRange(bytes, enc);
    const std::size_t metaEnd = fileMetaEnd(bytes); // its elements were searched one by one
    // Everything except the pixel values (left to the PixelChecker), as text.
    std::string text;
    text.reserve(pixStart + (pixEnd < bytes.size() ? bytes.size() - pixEnd : 0));
    text.append(bytes, 0, pixStart);
    if (pixEnd < bytes.size())
        text.append(bytes, pixEnd, std::string::npos);
    bytes = std::string(); // the pixels are not needed any more
    for (char& c : text)
        if (c == '\0' || c == '^' || c == '\\')
            c = ' ';
    std::set<std::string> seen; // one report per value: elements already named where it sits
    for (const VerificationHit& h : out.hits)
        seen.insert(h.value);
    for (const IdentifierMatch& m : ids.findIn(text)) {
        if (m_evidence.retainedAttributes.count(m.attribute) || m.pos < metaEnd)
            continue;
        const std::string v = clip(text, m.pos, m.len);
        if (exempt.count(v))
            continue; // a code string's value, searched (and exempted) element by element
        const std::size_t offset = m.pos >= pixStart ? m.pos + (pixEnd - pixStart) : m.pos;
        if (seen.insert(v).second)
            out.hits.push_back(
                {out.file, "raw bytes at " + std::to_string(offset), v, m.attribute});
    }
    if (!m_evidence.checkUids)
        return;
    for (const std::string& token : uidLikeTokens(text))
        if (m_evidence.uids.count(token) && seen.insert(token).second)
            out.hits.push_back({out.file, "raw bytes", token, "original UID"});
}

} // namespace veil
