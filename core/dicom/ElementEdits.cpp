#include "dicom/ElementEdits.h"

#include "common/Error.h"
#include "dicom/DicomFileImpl.h"

#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>

namespace veil {

namespace {

DcmTagKey keyOf(Tag t) {
    return DcmTagKey(t.group, t.element);
}

bool startsWith(const TagPath& path, const TagPath& prefix) {
    if (path.steps.size() < prefix.steps.size())
        return false;
    for (std::size_t i = 0; i + 1 < prefix.steps.size(); ++i)
        if (path.steps[i] != prefix.steps[i])
            return false;
    const std::size_t last = prefix.steps.size() - 1;
    return path.steps[last].tag == prefix.steps[last].tag;
}

class Applier {
public:
    Applier(DicomFile::Impl& impl, const std::string& file, const std::string& context)
        : m_impl(impl), m_file(file), m_context(context) {}

    void apply(const ElementEdit& c) {
        if (c.path.steps.empty() || underRemoved(c))
            return;
        if (c.kind == ElementEdit::Kind::Insert)
            return insert(c);
        DcmItem* parent = parentOf(c.path, false);
        if (!parent)
            return; // its enclosing item went with an earlier change
        const DcmTagKey key = keyOf(c.path.leaf());
        if (c.kind == ElementEdit::Kind::Remove) {
            parent->findAndDeleteElement(key, OFFalse, OFFalse);
            m_removed.push_back(c.path);
            return;
        }
        DcmElement* el = nullptr;
        if (parent->findAndGetElement(key, el, OFFalse).bad() || !el)
            fail(c, "is not in the file");
        if (c.kind == ElementEdit::Kind::Empty)
            return empty(*el, c);
        if (c.kind == ElementEdit::Kind::Blank)
            return blank(*el, c);
        if (el->ident() == EVR_SQ)
            return; // a value for a sequence: its items' edits do the work
        check(c, el->putString(c.value.c_str()), "could not take its new value");
    }

private:
    bool underRemoved(const ElementEdit& c) const {
        if (c.kind == ElementEdit::Kind::Insert)
            return false;
        for (const TagPath& p : m_removed)
            if (startsWith(c.path, p))
                return true;
        return false;
    }

    DcmItem* root(const TagPath& path) {
        if (path.steps.front().tag.group == 0x0002)
            return m_impl.file.getMetaInfo();
        return &m_impl.dataset();
    }

    DcmItem* parentOf(const TagPath& path, bool create) {
        DcmItem* item = root(path);
        for (std::size_t i = 0; i + 1 < path.steps.size() && item; ++i) {
            const PathStep& s = path.steps[i];
            DcmItem* next = nullptr;
            const OFCondition cond =
                create ? item->findOrCreateSequenceItem(keyOf(s.tag), next, s.item)
                       : item->findAndGetSequenceItem(keyOf(s.tag), next, s.item);
            item = cond.good() ? next : nullptr;
        }
        return item;
    }

    void empty(DcmElement& el, const ElementEdit& c) {
        if (el.ident() == EVR_SQ) {
            auto& seq = static_cast<DcmSequenceOfItems&>(el);
            while (seq.card() > 0)
                delete seq.remove(seq.card() - 1);
            m_removed.push_back(c.path); // its items' edits have nothing left to act on
            return;
        }
        check(c, el.clear(), "could not be emptied");
    }

    void blank(DcmElement& el, const ElementEdit& c) {
        const Uint32 length = el.getLength();
        if (el.getVR() == EVR_OW) {
            const std::vector<Uint16> zeros(length / 2, 0);
            check(c, el.putUint16Array(zeros.data(), length / 2), "could not be blanked");
        } else {
            const std::vector<Uint8> zeros(length, 0);
            check(c, el.putUint8Array(zeros.data(), length), "could not be blanked");
        }
    }

    void insert(const ElementEdit& c) {
        DcmItem* parent = parentOf(c.path, true);
        if (!parent)
            fail(c, "could not be created (its enclosing sequence item is missing)");
        const DcmTag tag(keyOf(c.path.leaf()));
        if (c.sequence) {
            if (!parent->tagExists(tag))
                check(c, parent->insertEmptyElement(tag), "could not be added");
            return;
        }
        check(c, parent->putAndInsertString(tag, c.value.c_str()), "could not be added");
    }

    void check(const ElementEdit& c, const OFCondition& cond, const char* what) {
        if (cond.bad())
            fail(c, std::string(what) + " (" + cond.text() + ")");
    }

    [[noreturn]] void fail(const ElementEdit& c, const std::string& what) {
        throw Error(m_file, m_context + ": element " + c.path.toString() +
                                (c.keyword.empty() ? "" : " " + c.keyword) + " " + what);
    }

    DicomFile::Impl& m_impl;
    std::string m_file;
    std::string m_context;
    std::vector<TagPath> m_removed;
};

} // namespace

void applyEdits(DicomFile& file, const std::vector<ElementEdit>& edits,
                const std::string& context) {
    DicomFile::Impl& impl = file.impl();
    std::lock_guard lock(impl.mutex);
    Applier applier(impl, impl.path.string(), context);
    for (const ElementEdit& e : edits)
        applier.apply(e);
}

} // namespace veil
