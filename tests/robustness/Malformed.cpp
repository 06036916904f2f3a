#include "Malformed.h"

#include "PixelTestFiles.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>

#include <stdexcept>

namespace veil::test {

void editFragment(const std::filesystem::path& path, unsigned long item,
                  const std::function<void(std::vector<std::uint8_t>&)>& edit) {
    editFile(path, [&](DcmDataset& ds, DcmMetaInfo&) {
        DcmElement* el = nullptr;
        if (ds.findAndGetElement(DCM_PixelData, el).bad() || !el)
            throw std::runtime_error("no pixel data in " + path.string());
        DcmPixelSequence* seq = nullptr;
        if (static_cast<DcmPixelData*>(el)
                ->getEncapsulatedRepresentation(ds.getOriginalXfer(), nullptr, seq)
                .bad() ||
            !seq)
            throw std::runtime_error("pixel data not encapsulated in " + path.string());
        DcmPixelItem* frag = nullptr;
        if (seq->getItem(frag, item).bad() || !frag)
            throw std::runtime_error("no fragment " + std::to_string(item));
        Uint8* data = nullptr;
        frag->getUint8Array(data);
        std::vector<std::uint8_t> bytes(data, data + frag->getLength());
        edit(bytes);
        if (bytes.size() & 1)
            bytes.push_back(0);
        frag->putUint8Array(bytes.data(), Uint32(bytes.size()));
    });
}

std::uint32_t rleWord(const std::vector<std::uint8_t>& d, int i) {
    const std::size_t at = std::size_t(i) * 4;
    return std::uint32_t(d[at]) | std::uint32_t(d[at + 1]) << 8 | std::uint32_t(d[at + 2]) << 16 |
           std::uint32_t(d[at + 3]) << 24;
}

void setRleWord(std::vector<std::uint8_t>& d, int i, std::uint32_t v) {
    const std::size_t at = std::size_t(i) * 4;
    for (int k = 0; k < 4; ++k)
        d[at + std::size_t(k)] = std::uint8_t(v >> (8 * k));
}

} // namespace veil::test
