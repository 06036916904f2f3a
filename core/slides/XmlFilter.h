#pragma once
// Rewrites a part's XML element by element: each start element may be dropped with its
// subtree, or have attributes set or removed. Everything else is copied as it was, prefixes
// and namespace declarations included (mc:Ignorable names prefixes, so they must not change).
#include <QByteArray>
#include <QString>
#include <QXmlStreamReader>

#include <functional>
#include <utility>
#include <vector>

namespace veil {

struct XmlEdit {
    bool drop = false;
    std::vector<std::pair<QString, QString>> set; // qualified name -> value (added if missing)
    std::vector<QString> remove;                  // qualified names
};

// Called for every start element, also inside a dropped subtree (`dropped` true: the edit is
// ignored), so that counters over the document stay in step. `path`: local names of the
// open ancestors.
using XmlHook = std::function<XmlEdit(const QXmlStreamReader& r, const std::vector<QString>& path,
                                      bool dropped)>;

// Throws veil::Error naming `part` for XML that is not well-formed or holds a DTD.
QByteArray filterXml(const QByteArray& xml, const XmlHook& hook, const QString& part);

inline const QString kRelationshipsNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

} // namespace veil
