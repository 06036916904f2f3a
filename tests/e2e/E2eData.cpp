#include "E2eData.h"

#include "review/SignOff.h"
#include "study/StudyIndexer.h"

#include <QCryptographicHash>
#include <QFile>

#include <fstream>

namespace fs = std::filesystem;
using namespace veil;

namespace e2e {

Corpus makeCorpus(const fs::path& dir, int ctSlices, int usFrames) {
    Corpus c;
    c.dir = dir;
    fixtures::CorpusOptions options;
    options.ctSlices = ctSlices;
    options.usFrames = usFrames;
    c.key = fixtures::writeCorpus(dir, options);
    NullProgress progress;
    CancelToken cancel;
    c.index = StudyIndexer().run({dir.string()}, progress, cancel);
    return c;
}

ReviewSession acceptedReview(const Corpus& corpus) {
    ReviewSession s;
    for (const fixtures::FileEntry& f : corpus.key.files) {
        for (const fixtures::TextBox& t : f.boxes) {
            const std::string id = findingId(f.sopInstanceUid, t.frame, t.x, t.y, t.w, t.h, t.text);
            if (!t.phi) {
                s.setDecision(id, Decision::Rejected);
                continue;
            }
            ReviewBox b;
            b.id = s.newBoxId();
            b.sopInstanceUid = f.sopInstanceUid;
            b.frame = t.frame;
            b.x = t.x;
            b.y = t.y;
            b.w = t.w;
            b.h = t.h;
            b.origin = ReviewBox::Origin::Finding;
            b.findingId = id;
            s.putBox(b);
            s.setDecision(id, Decision::Accepted);
        }
        if (f.frames == 1) { // looked at and marked: being shown alone is not reviewing
            s.markFrameSeen(f.sopInstanceUid, 0);
            s.setReviewed(f.sopInstanceUid, true, kReviewer);
        }
        if (f.frames > 1) {
            s.markFrameSeen(f.sopInstanceUid, 0);
            s.setReviewed(f.sopInstanceUid, true, kReviewer,
                          "the header band is boxed on every frame; frame 0 checked");
        }
    }
    return s;
}

std::vector<SignOff> signOffs(ReleaseLevel level, bool withApprover) {
    SignOff r;
    r.name = kReviewer;
    r.role = SignOffRole::Reviewer;
    r.title = "Consultant radiologist";
    r.time = "2024-06-01T10:00:00Z";
    r.level = level;
    for (const ChecklistItem& i : checklistFor(level))
        r.confirmed.insert(i.id);
    std::vector<SignOff> out{r};
    if (withApprover) {
        SignOff a = r;
        a.name = kApprover;
        a.role = SignOffRole::Approver;
        a.title = "Information governance lead";
        a.time = "2024-06-01T11:00:00Z";
        out.push_back(a);
    }
    return out;
}

ProjectKey testKey() {
    ProjectKey::Bytes b{};
    b.fill(7);
    return ProjectKey::fromBytes(b);
}

std::string sha256(const fs::path& file) {
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex().toStdString();
}

std::map<std::string, std::string> sha256Below(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out[fs::relative(e.path(), dir).generic_string()] = sha256(e.path());
    return out;
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> partialFolders(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".veil-partial-") != std::string::npos)
            out.push_back(e.path());
    return out;
}

} // namespace e2e
