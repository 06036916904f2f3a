#pragma once
// Where a study's review file lives, and writing it so that a crash or power cut never
// leaves it half-written: beside the study when the folder is writable, otherwise in the
// user's data directory under a name derived from the study's paths.
#include "review/ReviewSession.h"

#include <QString>
#include <QStringList>

namespace veil {

class ReviewStore {
public:
    // inputs: what the user opened (folders, files, zips).
    explicit ReviewStore(const QStringList& inputs);

    const QString& path() const { return m_path; }
    bool besideStudy() const { return m_beside; }

    // Writes atomically (temporary file + rename). Throws veil::Error.
    void save(const ReviewSession& session) const;
    // An empty session when there is no file yet. Throws veil::Error for a damaged file.
    ReviewSession load() const;
    // A review file named directly (veil-cli export --review FILE). Throws veil::Error when
    // it is missing or damaged.
    static ReviewSession loadFile(const QString& path);
    bool exists() const;

private:
    QString m_path;
    bool m_beside = false;
};

} // namespace veil
