// XmlFilter: prefixes and namespace declarations kept as written (mc:Ignorable names
// prefixes), subtrees dropped, attributes set and removed, text escaped, DTDs refused.
#include "common/Error.h"
#include "slides/Package.h"
#include "slides/XmlFilter.h"

#include <QtTest>

using namespace veil;

class TestSlidesXmlFilter : public QObject {
    Q_OBJECT
private slots:
    void keepsPrefixesAndEdits() {
        const QByteArray in =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<p:sld xmlns:p=\"urn:p\" xmlns:a=\"urn:a\" xmlns:mc=\"urn:mc\" mc:Ignorable=\"a\">"
            "<p:pic><a:blip x=\"1\" y=\"2\"/><a:srcRect l=\"5\"/></p:pic>"
            "<p:sp><a:t>R&amp;D &lt;1&gt;</a:t></p:sp></p:sld>";
        const QByteArray out = filterXml(
            in,
            [](const QXmlStreamReader& r, const std::vector<QString>& path, bool dropped) {
                XmlEdit e;
                if (r.name() == u"srcRect")
                    e.drop = true;
                if (r.name() == u"blip") {
                    e.set.push_back({"x", "9"});
                    e.set.push_back({"z", "\"q\""});
                    e.remove.push_back("y");
                }
                Q_UNUSED(path);
                Q_UNUSED(dropped);
                return e;
            },
            "test.xml");
        QVERIFY2(out.contains("<p:sld xmlns:p=\"urn:p\" xmlns:a=\"urn:a\" xmlns:mc=\"urn:mc\" "
                              "mc:Ignorable=\"a\">"),
                 out.constData());
        QVERIFY2(out.contains("<a:blip x=\"9\" z=\"&quot;q&quot;\"/>"), out.constData());
        QVERIFY(!out.contains("srcRect"));
        QVERIFY(out.contains("<a:t>R&amp;D &lt;1&gt;</a:t>"));
    }

    void refusesDtd() {
        const QByteArray in = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        QVERIFY_THROWS_EXCEPTION(Error,
                                 filterXml(
                                     in, [](auto&, auto&, bool) { return XmlEdit{}; }, "dtd.xml"));
        QVERIFY_THROWS_EXCEPTION(Error, checkNoDtd(in, "dtd.xml"));
    }

    void relativeTargets() {
        QCOMPARE(DeckPackage::relativeTarget("ppt/slides/slide1.xml", "ppt/media/a.png"),
                 QString("../media/a.png"));
        QCOMPARE(DeckPackage::resolve("ppt/slides/slide1.xml", "../media/a.png"),
                 QString("ppt/media/a.png"));
        QCOMPARE(DeckPackage::resolve("", "/ppt/presentation.xml"),
                 QString("ppt/presentation.xml"));
        QCOMPARE(DeckPackage::relsName("ppt/slides/slide1.xml"),
                 QString("ppt/slides/_rels/slide1.xml.rels"));
    }
};

QTEST_GUILESS_MAIN(TestSlidesXmlFilter)
#include "tst_slides_xmlfilter.moc"
