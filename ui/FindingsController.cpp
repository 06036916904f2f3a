#include "FindingsController.h"

#include "ReviewController.h"

#include "review/FindingBoxes.h"

namespace veil::ui {

namespace {
const std::vector<Finding> kNone;

ViewBox::Style styleOf(const Finding& f) {
    if (f.source == FindingSource::Template)
        return ViewBox::Style::Template;
    return f.phi ? ViewBox::Style::Phi : ViewBox::Style::Text;
}

ReviewBox boxOf(const std::string& uid, const Finding& f) {
    return reviewBoxOf(uid, f);
}
} // namespace

FindingsController::FindingsController(ReviewController* review, QObject* parent)
    : QObject(parent), m_review(review), m_panel(new FindingsPanel),
      m_runner(new ScanRunner(this)) {
    m_panel->model()->setSession(&m_review->session());
    connect(m_runner, &ScanRunner::progressed, this, &FindingsController::progressed);
    connect(m_runner, &ScanRunner::finished, this, &FindingsController::onFinished);
    connect(m_review, &ReviewController::changed, m_panel->model(),
            &FindingsModel::refreshDecisions);
    connect(m_review, &ReviewController::changed, this, &FindingsController::refreshPanelStatus);
    connect(m_panel, &FindingsPanel::decide, this,
            [this](const std::vector<std::string>& ids, Decision d, const QString& what) {
                m_review->decide(ids, d, what);
            });
    connect(m_panel, &FindingsPanel::jumpToFrame, this, &FindingsController::jumpToFrame);
    connect(m_panel, &FindingsPanel::nextInstanceWithPending, this, [this] {
        const std::string next = nextWithPending(m_current);
        if (!next.empty())
            emit goToInstance(next);
    });
    m_panel->setStatus(tr("Burned-in text appears here once the study is scanned."));
}

void FindingsController::scan(const StudyIndex& index) {
    m_findings.clear();
    m_byId.clear();
    m_ids.clear();
    m_order.clear();
    m_scanned = false;
    for (const InstanceInfo* i : index.instances())
        m_order.push_back(i->sopInstanceUid);
    m_panel->model()->setFindings({}, {});
    m_panel->setStatus(tr("Reading burned-in text…"));
    m_runner->start(std::make_shared<const StudyIndex>(index));
}

void FindingsController::cancel() {
    m_runner->cancel();
}

void FindingsController::onFinished(std::shared_ptr<ScanResult> result) {
    int failed = 0;
    for (InstanceFindings& i : result->instances) {
        failed += i.error.empty() ? 0 : 1;
        std::vector<std::string>& ids = m_ids[i.sopInstanceUid];
        for (std::size_t k = 0; k < i.findings.size(); ++k) {
            ids.push_back(idOf(i.sopInstanceUid, i.findings[k]));
            m_byId[ids.back()] = {i.sopInstanceUid, k};
        }
        m_findings[i.sopInstanceUid] = std::move(i.findings);
    }
    m_scanNote = QString(failed ? tr("; %1 images could not be read").arg(failed) : QString()) +
                 (result->cancelled ? tr(" (scan cancelled)") : QString());
    m_scanned = true;
    showInstance(m_current);
    emit scanned();
}

int FindingsController::findingCount() const {
    int n = 0;
    for (const auto& [uid, ids] : m_ids)
        n += int(ids.size());
    return n;
}

int FindingsController::undecidedCount() const {
    int n = 0;
    for (const auto& [uid, ids] : m_ids)
        for (const std::string& id : ids)
            n += m_review->session().decision(id) == Decision::Pending;
    return n;
}

QString FindingsController::summary() const {
    int phi = 0;
    for (const auto& [uid, findings] : m_findings)
        for (const Finding& f : findings)
            phi += f.phi ? 1 : 0;
    return tr("%1 text findings, %2 identifying, %3 undecided%4")
        .arg(findingCount())
        .arg(phi)
        .arg(undecidedCount())
        .arg(m_scanNote);
}

void FindingsController::refreshPanelStatus() {
    if (!m_scanned)
        return;
    const FindingsModel* m = m_panel->model();
    int undecided = 0;
    for (int r = 0; r < m->rowCount(); ++r)
        undecided += m->decisionAt(r) == Decision::Pending;
    // This image's list first (what the table below shows), then the study.
    m_panel->setStatus(tr("<b>This image: %1 finding(s), %2 undecided.</b><br>Study: %3")
                           .arg(m->rowCount())
                           .arg(undecided)
                           .arg(summary()));
}

void FindingsController::showInstance(const std::string& uid) {
    m_current = uid;
    m_panel->model()->setFindings(uid, findingsFor(uid));
    m_panel->selectFirstPending(); // the current finding is always selected
    refreshPanelStatus();
}

const std::vector<Finding>& FindingsController::findingsFor(const std::string& uid) const {
    const auto it = m_findings.find(uid);
    return it == m_findings.end() ? kNone : it->second;
}

std::vector<std::string> FindingsController::findingIds(const std::string& uid) const {
    const auto it = m_ids.find(uid);
    return it == m_ids.end() ? std::vector<std::string>{} : it->second;
}

Overlay FindingsController::overlay(const std::string& uid, int frame) const {
    Overlay o;
    for (const ReviewBox& b : m_review->session().boxesFor(uid, frame)) {
        o.redactions.push_back({b.frame, b.x, b.y, b.w, b.h, b.overlayGroup});
        if (b.overlayGroup)
            continue; // the plane is shown blank: no black box over the pixels
        o.boxes.push_back({QString::fromStdString(b.id),
                           QRect(b.x, b.y, b.w, b.h),
                           ViewBox::Style::Redaction,
                           true,
                           {}});
    }
    for (const Finding& f : findingsFor(uid)) {
        if (f.frame >= 0 && f.frame != frame)
            continue;
        const std::string id = idOf(uid, f);
        const Decision d = m_review->session().decision(id);
        const QRect r(f.box.x, f.box.y, f.box.w, f.box.h);
        if (d == Decision::Accepted) {
            if (!f.overlayGroup) // an overlay plane's text: the plane is shown blank instead
                o.boxes.push_back({QString::fromStdString(id), r, ViewBox::Style::Redaction, false,
                                   QString::fromStdString(f.text)});
            o.redactions.push_back({f.frame, f.box.x, f.box.y, f.box.w, f.box.h, f.overlayGroup});
        } else if (d == Decision::Pending) {
            o.boxes.push_back(
                {QString::fromStdString(id), r, styleOf(f), false, QString::fromStdString(f.text)});
        }
    }
    return o;
}

std::vector<RedactionRegion> FindingsController::redactions(const std::string& uid) const {
    std::vector<RedactionRegion> out;
    for (const ReviewBox& b : m_review->session().boxesFor(uid))
        out.push_back({b.frame, b.x, b.y, b.w, b.h, b.overlayGroup});
    for (const Finding& f : findingsFor(uid))
        if (m_review->session().decision(idOf(uid, f)) == Decision::Accepted)
            out.push_back({f.frame, f.box.x, f.box.y, f.box.w, f.box.h, f.overlayGroup});
    return out;
}

FindingsByInstance FindingsController::findingsByInstance() const {
    return m_ids;
}

InstanceStatus FindingsController::status(const InstanceInfo& instance) const {
    return instanceStatus(m_review->session(), toReview(instance, m_ids));
}

std::optional<ReviewBox> FindingsController::findingBox(const std::string& findingId) const {
    const auto it = m_byId.find(findingId);
    if (it == m_byId.end())
        return std::nullopt;
    return boxOf(it->second.first, findingsFor(it->second.first).at(it->second.second));
}

ReviewSession FindingsController::sessionWithFindingBoxes() const {
    ReviewSession s = m_review->session();
    for (const auto& [uid, findings] : m_findings)
        for (const Finding& f : findings)
            if (!s.box(idOf(uid, f)))
                s.putBox(boxOf(uid, f)); // kept ones too: the export must know where they are
    return s;
}

std::string FindingsController::nextWithPending(const std::string& current) const {
    const auto at = std::find(m_order.begin(), m_order.end(), current);
    const std::size_t start = at == m_order.end() ? 0 : std::size_t(at - m_order.begin()) + 1;
    for (std::size_t k = 0; k < m_order.size(); ++k) {
        const std::string& uid = m_order[(start + k) % m_order.size()];
        for (const std::string& id : findingIds(uid))
            if (m_review->session().decision(id) == Decision::Pending)
                return uid;
    }
    return {};
}

} // namespace veil::ui
