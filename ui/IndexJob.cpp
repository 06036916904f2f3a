#include "IndexJob.h"

#include "study/StudyIndexer.h"

namespace veil::ui {

IndexJob::IndexJob(QObject* parent) : QObject(parent) {
    connect(&m_runner, &JobRunner::progressed, this, &IndexJob::progressed);
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        emit finished(std::make_shared<StudyIndex>(StudyIndex::build(
                          {}, {{"", message.toStdString(), LoadProblem::Kind::Error}})),
                      false);
    });
}

IndexJob::~IndexJob() = default;

void IndexJob::start(const QStringList& inputs) {
    std::vector<std::string> paths;
    for (const QString& in : inputs)
        paths.push_back(in.toStdString());
    IndexOptions options;
    options.onFirstImage = [this](const InstanceInfo& info) {
        QMetaObject::invokeMethod(
            this, [this, info] { emit firstImage(info); }, Qt::QueuedConnection);
    };
    m_runner.run(
        [paths, options](ProgressSink& sink, const CancelToken& cancel) {
            return std::make_shared<StudyIndex>(StudyIndexer(options).run(paths, sink, cancel));
        },
        [this](std::shared_ptr<StudyIndex> index, bool cancelled) {
            emit finished(std::move(index), cancelled);
        });
}

void IndexJob::cancel() {
    m_runner.cancel();
}

bool IndexJob::isRunning() const {
    return m_runner.isRunning();
}

} // namespace veil::ui
