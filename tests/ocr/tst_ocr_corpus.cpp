// The scan job over the fixtures generator's corpus: every burned-in line the key marks as
// the patient's is flagged, with the attribute it came from; no harmless line is; CT slices
// without text yield nothing.
#include "Fixtures.h"

#include "document/ReportPages.h"
#include "ocr/ScanJob.h"
#include "study/StudyIndexer.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <map>

using namespace veil;
namespace fs = std::filesystem;

namespace {

bool overlaps(const fixtures::TextBox& k, const PixelBox& f) {
    const int x0 = std::max(k.x, f.x), y0 = std::max(k.y, f.y);
    const int x1 = std::min(k.x + k.w, f.x + f.w), y1 = std::min(k.y + k.h, f.y + f.h);
    const double inter = double(std::max(0, x1 - x0)) * std::max(0, y1 - y0);
    return inter >= 0.5 * double(k.w) * k.h || inter >= 0.5 * double(f.w) * f.h;
}

const Finding* findingOver(const InstanceFindings& i, const fixtures::TextBox& k, int frame) {
    for (const Finding& f : i.findings)
        if (f.source == FindingSource::Ocr && f.frame == frame && overlaps(k, f.box))
            return &f;
    return nullptr;
}

} // namespace

class TestOcrCorpus : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fixtures::CorpusKey m_key;
    std::map<std::string, InstanceFindings> m_found; // by path relative to the corpus

private slots:
    void initTestCase() {
        const fs::path dir = m_tmp.filePath("corpus").toStdString();
        fixtures::CorpusOptions options;
        options.compressedVariants = false;
        m_key = fixtures::writeCorpus(dir, options);
        NullProgress progress;
        CancelToken cancel;
        const StudyIndex index = StudyIndexer().run({dir.string()}, progress, cancel);
        ScanOptions scan;
        scan.threads = 2;
        scan.readReport = scanReport; // the corpus has reports: read as the CLI and GUI read them
        for (InstanceFindings& i : ScanJob(scan).run(index, progress, cancel).instances)
            m_found[fs::relative(i.file, dir).generic_string()] = std::move(i);
    }

    void everyKeyLineOfThePatientIsFlagged() {
        int phi = 0;
        for (const fixtures::FileEntry& e : m_key.files) {
            const InstanceFindings& found = m_found.at(e.relativePath);
            QVERIFY2(found.error.empty(), found.error.c_str());
            for (const fixtures::TextBox& k : e.boxes) {
                if (!k.phi)
                    continue;
                for (int frame = 0; frame < found.frames; ++frame) {
                    if (k.frame != -1 && k.frame != frame)
                        continue;
                    const Finding* f = findingOver(found, k, frame);
                    const QString where = QString::fromStdString(e.relativePath + ": " + k.text);
                    QVERIFY2(f && f->phi, qPrintable(where));
                    ++phi;
                }
            }
        }
        QVERIFY(phi >= 20); // the CT slices, the US cine's frames, the DX, the dose report
    }

    void theAttributeIsNamed() {
        int named = 0, lines = 0;
        for (const fixtures::FileEntry& e : m_key.files)
            for (const fixtures::TextBox& k : e.boxes)
                if (k.phi && !k.attribute.empty() && (k.frame == -1 || k.frame == 0))
                    if (const Finding* f = findingOver(m_found.at(e.relativePath), k, 0);
                        f && f->phi) {
                        ++lines;
                        named += f->matched == k.attribute;
                    }
        QVERIFY2(named * 10 >= lines * 9, qPrintable(QString("%1 of %2").arg(named).arg(lines)));
    }

    void harmlessKeyTextStaysText() {
        for (const fixtures::FileEntry& e : m_key.files)
            for (const fixtures::TextBox& k : e.boxes)
                if (!k.phi)
                    if (const Finding* f =
                            findingOver(m_found.at(e.relativePath), k, k.frame < 0 ? 0 : k.frame))
                        QVERIFY2(!f->phi, qPrintable(QString::fromStdString(e.relativePath + ": " +
                                                                            f->text)));
    }

    void slicesWithoutTextYieldNothing() {
        int blank = 0;
        for (const fixtures::FileEntry& e : m_key.files) {
            if (e.kind != "ct" || !e.boxes.empty())
                continue;
            ++blank;
            const InstanceFindings& found = m_found.at(e.relativePath);
            QVERIFY2(found.findings.empty(), qPrintable(QString::fromStdString(e.relativePath)));
        }
        QVERIFY(blank > 0);
    }
};

QTEST_MAIN(TestOcrCorpus)
#include "tst_ocr_corpus.moc"
