#include "dicom/Dictionary.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dctag.h>

namespace veil {

std::optional<Tag> tagForKeyword(std::string_view keyword) {
    if (keyword.empty())
        return std::nullopt;
    const std::string name(keyword);
    const DcmDataDictionary& dict = dcmDataDict.rdlock();
    const DcmDictEntry* entry = dict.findEntry(name.c_str());
    std::optional<Tag> out;
    if (entry && entry->getGroup() % 2 == 0 && !entry->isRepeating())
        out = Tag(entry->getGroup(), entry->getElement());
    dcmDataDict.rdunlock();
    return out;
}

std::string keywordForTag(Tag tag) {
    if (tag.isPrivate())
        return {};
    DcmTag t(tag.group, tag.element);
    const char* name = t.getTagName();
    if (!name || std::string(name) == DcmTag_ERROR_TagName)
        return {};
    return name;
}

std::string vrForTag(Tag tag) {
    if (tag.isPrivate())
        return {};
    DcmTag t(tag.group, tag.element);
    if (t.getEVR() == EVR_UNKNOWN || t.getEVR() == EVR_UN)
        return {};
    return t.getVRName();
}

} // namespace veil
