#pragma once
// Burned-in text in the review: scans the study in the background after it is indexed,
// keeps the findings per instance, feeds the findings panel, and says what the viewer draws
// (findings as outlines, accepted findings and drawn boxes burned as redactions).
#include "FindingsPanel.h"
#include "ScanRunner.h"
#include "SliceView.h"
#include "pixel/RedactionRegions.h"
#include "review/ReviewStatus.h"

#include <QObject>
#include <map>
#include <optional>

namespace veil::ui {

class ReviewController;

struct Overlay {
    std::vector<ViewBox> boxes;
    std::vector<RedactionRegion> redactions; // burned into the preview exactly as exported
};

class FindingsController : public QObject {
    Q_OBJECT
public:
    FindingsController(ReviewController* review, QObject* parent = nullptr);

    FindingsPanel* panel() const { return m_panel; }
    void scan(const StudyIndex& index);
    void cancel();
    bool isScanning() const { return m_runner->isRunning(); }
    bool hasScanned() const { return m_scanned; }
    // Live: "46 text findings, 12 identifying, 3 undecided" for the whole study.
    QString summary() const;
    // Live counts: every finding of the scan and those still without a decision.
    int findingCount() const;
    int undecidedCount() const;
    void showInstance(const std::string& sopInstanceUid);
    const std::vector<Finding>& findingsFor(const std::string& sopInstanceUid) const;
    // Drawn boxes + findings of one frame, and the redactions to burn.
    Overlay overlay(const std::string& sopInstanceUid, int frame) const;
    // Every region to burn for an instance at export: drawn boxes and accepted findings.
    std::vector<RedactionRegion> redactions(const std::string& sopInstanceUid) const;
    // Ids of the instance's findings (for review status).
    std::vector<std::string> findingIds(const std::string& sopInstanceUid) const;
    // Finding ids of every scanned instance, as core's ReviewStatus takes them.
    FindingsByInstance findingsByInstance() const;
    // Pending or reviewed (core ReviewStatus over the session and this scan's findings).
    InstanceStatus status(const InstanceInfo& instance) const;
    // A finding as the review box it becomes when accepted (origin Finding or Template, id =
    // finding id); nothing for an id this scan did not produce.
    std::optional<ReviewBox> findingBox(const std::string& findingId) const;
    // The session with a box for every finding: the export burns and records drawn boxes and
    // findings not rejected (as redactions() says), and keeps the text detector away from
    // the places of rejected ones (the reviewer kept them).
    ReviewSession sessionWithFindingBoxes() const;
    // The next instance (in index order, after `current`) with an undecided finding.
    std::string nextWithPending(const std::string& current) const;

signals:
    void progressed(long done, long total);
    void scanned(); // findings are in; the overlay may change
    void jumpToFrame(int frame);
    void goToInstance(const std::string& sopInstanceUid);

private:
    void onFinished(std::shared_ptr<ScanResult> result);
    void refreshPanelStatus();

    ReviewController* m_review;
    FindingsPanel* m_panel;
    ScanRunner* m_runner;
    std::map<std::string, std::vector<Finding>> m_findings;
    std::map<std::string, std::pair<std::string, std::size_t>> m_byId; // id → (uid, index)
    FindingsByInstance m_ids;         // finding ids per instance, hashed once per scan
    std::vector<std::string> m_order; // instances in index order
    std::string m_current;
    QString m_scanNote; // images that could not be read, a cancelled scan
    bool m_scanned = false;
};

} // namespace veil::ui
