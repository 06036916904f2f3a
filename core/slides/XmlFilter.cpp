#include "slides/XmlFilter.h"

#include "common/Error.h"

namespace veil {

namespace {

QString escape(QStringView text, bool attribute) {
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += attribute ? "&quot;" : "\"";
            break;
        case '\n':
            out += attribute ? "&#10;" : "\n";
            break;
        case '\r':
            out += "&#13;";
            break;
        case '\t':
            out += attribute ? "&#9;" : "\t";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

QByteArray filterXml(const QByteArray& xml, const XmlHook& hook, const QString& part) {
    QXmlStreamReader r(xml);
    QString out;
    out.reserve(xml.size());
    std::vector<QString> path;
    int dropDepth = 0;
    bool pending = false; // a start tag written without its closing '>'
    auto closePending = [&] {
        if (pending)
            out += '>';
        pending = false;
    };
    while (!r.atEnd()) {
        switch (r.readNext()) {
        case QXmlStreamReader::StartDocument:
            out += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
            break;
        case QXmlStreamReader::DTD:
            throw Error(part.toStdString(), "holds a DTD: refused");
        case QXmlStreamReader::EntityReference:
            throw Error(part.toStdString(), "refers to an undeclared entity: refused");
        case QXmlStreamReader::StartElement: {
            const XmlEdit edit = hook(r, path, dropDepth > 0);
            path.push_back(r.name().toString());
            if (dropDepth > 0 || edit.drop) {
                ++dropDepth;
                break;
            }
            closePending();
            out += '<' + r.qualifiedName().toString();
            for (const QXmlStreamNamespaceDeclaration& d : r.namespaceDeclarations()) {
                out += d.prefix().isEmpty() ? QString(" xmlns=\"")
                                            : " xmlns:" + d.prefix().toString() + "=\"";
                out += escape(d.namespaceUri(), true) + '"';
            }
            std::vector<std::pair<QString, QString>> set = edit.set;
            for (const QXmlStreamAttribute& a : r.attributes()) {
                const QString q = a.qualifiedName().toString();
                if (std::find(edit.remove.begin(), edit.remove.end(), q) != edit.remove.end())
                    continue;
                QString value = a.value().toString();
                auto it = std::find_if(set.begin(), set.end(),
                                       [&](const auto& kv) { return kv.first == q; });
                if (it != set.end()) {
                    value = it->second;
                    set.erase(it);
                }
                out += ' ' + q + "=\"" + escape(value, true) + '"';
            }
            for (const auto& [q, value] : set)
                out += ' ' + q + "=\"" + escape(value, true) + '"';
            pending = true;
            break;
        }
        case QXmlStreamReader::EndElement:
            path.pop_back();
            if (dropDepth > 0) {
                --dropDepth;
                break;
            }
            if (pending) {
                out += "/>";
                pending = false;
            } else {
                out += "</" + r.qualifiedName().toString() + '>';
            }
            break;
        case QXmlStreamReader::Characters:
            if (dropDepth > 0)
                break;
            closePending();
            if (r.isCDATA())
                out += "<![CDATA[" + r.text().toString() + "]]>";
            else
                out += escape(r.text(), false);
            break;
        case QXmlStreamReader::Comment:
            if (dropDepth == 0) {
                closePending();
                out += "<!--" + r.text().toString() + "-->";
            }
            break;
        case QXmlStreamReader::ProcessingInstruction:
            if (dropDepth == 0) {
                closePending();
                out += "<?" + r.processingInstructionTarget().toString() + ' ' +
                       r.processingInstructionData().toString() + "?>";
            }
            break;
        default:
            break;
        }
    }
    if (r.hasError())
        throw Error(part.toStdString(), "is not well-formed XML (line " +
                                            std::to_string(r.lineNumber()) +
                                            "): " + r.errorString().toStdString());
    return out.toUtf8();
}

} // namespace veil
