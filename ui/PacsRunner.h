#pragma once
// The GUI's PACS work off the GUI thread: echo, find, retrieve and send run core/pacs on a
// worker (the GUI's JobRunner, on a pool of its own), progress comes back queued, cancel goes
// through a CancelToken. One operation at a time; finished() follows each on the GUI thread,
// whatever the work threw (the outcome's error).
#include "JobRunner.h"
#include "Settings.h"
#include "common/Progress.h"
#include "pacs/PacsClient.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <optional>

namespace veil::ui {

// The PACS part of the settings (Settings::Pacs: nodes, calling AE title, C-GET or C-MOVE,
// the C-MOVE port), with what the dialogs do with them.
struct PacsPreferences : Settings::Pacs {
    static PacsPreferences load();
    void save() const;
    // Puts `node` first in the list (added when new).
    void remember(const QString& node);
    pacs::PacsSettings settings() const;
};

struct PacsOutcome {
    bool ok = false;
    QString error; // the PacsError's message (names the node)
    std::optional<pacs::PacsError::Kind> kind;
    std::vector<pacs::PacsMatch> matches;
    std::vector<pacs::RetrievedStudy> studies;
    pacs::SendReport report;
};

class PacsRunner : public QObject {
    Q_OBJECT
public:
    explicit PacsRunner(QObject* parent = nullptr);
    ~PacsRunner() override;

    bool isRunning() const;
    // Each returns false (and does nothing) while another operation runs.
    bool echo(const pacs::PacsNode& node, const pacs::PacsSettings& settings);
    bool find(const pacs::PacsNode& node, const pacs::PacsSettings& settings,
              const pacs::PacsQuery& query);
    bool retrieve(const pacs::PacsNode& node, const pacs::PacsSettings& settings,
                  const std::vector<std::string>& studyUids, const std::filesystem::path& root,
                  pacs::RetrieveMethod method);
    bool send(const pacs::PacsNode& node, const pacs::PacsSettings& settings,
              const std::vector<std::string>& inputs);
    void cancel();
    const PacsOutcome& outcome() const { return m_outcome; }

signals:
    void progressed(long done, long total, const QString& what);
    void finished();

private:
    bool start(std::function<PacsOutcome(ProgressSink&, const CancelToken&)> work);
    void done(PacsOutcome outcome);

    PacsOutcome m_outcome;
    QThreadPool m_pool;
    JobRunner m_runner; // last: goes first, while its pool is still there
};

} // namespace veil::ui
