#include "SlideExporter.h"

#include "FindingsController.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <set>

namespace veil::ui {

SlideExporter::SlideExporter(const FindingsController* findings, QObject* parent)
    : QObject(parent), m_findings(findings) {
    // What exportSlides throws is the export's error, never a crash.
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        SlideExportResult failed;
        failed.errors.push_back(message.toStdString());
        emit finished(failed);
    });
}

std::optional<std::vector<int>> SlideExporter::parseFrames(const QString& text, int frames) {
    const QString t = text.simplified();
    if (t.compare(QStringLiteral("all"), Qt::CaseInsensitive) == 0) {
        std::vector<int> all(std::size_t(std::max(0, frames)));
        for (int f = 0; f < frames; ++f)
            all[std::size_t(f)] = f;
        return all.empty() ? std::nullopt : std::optional(all);
    }
    static const QRegularExpression part(QStringLiteral("^(\\d+)(?:\\s*-\\s*(\\d+))?$"));
    std::set<int> chosen;
    for (const QString& piece : t.split(',', Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = part.match(piece.trimmed());
        if (!m.hasMatch())
            return std::nullopt;
        const int from = m.captured(1).toInt();
        const int to = m.captured(2).isEmpty() ? from : m.captured(2).toInt();
        if (from < 1 || to < from || to > frames)
            return std::nullopt;
        for (int f = from; f <= to; ++f)
            chosen.insert(f - 1);
    }
    if (chosen.empty())
        return std::nullopt;
    return std::vector<int>(chosen.begin(), chosen.end());
}

SlideFormat SlideExporter::formatFor(const QString& output) {
    const QString suffix = QFileInfo(output).suffix().toLower();
    return suffix == "jpg" || suffix == "jpeg" ? SlideFormat::Jpeg : SlideFormat::Png;
}

std::vector<SlideRequest> SlideExporter::requests(const InstanceInfo& instance,
                                                  const SlideChoice& choice) const {
    const std::vector<RedactionRegion> regions = m_findings->redactions(instance.sopInstanceUid);
    const QFileInfo out(choice.output);
    QString suffix = out.suffix();
    if (suffix.isEmpty())
        suffix = QString::fromLatin1(slideExtension(choice.format)).mid(1);
    const QString base = out.dir().filePath(out.completeBaseName());
    std::vector<SlideRequest> slides;
    for (int frame : choice.frames) {
        SlideRequest r;
        r.source = instance.localPath;
        r.frame = frame;
        r.window = choice.window;
        r.regions = regions;
        r.output = (choice.frames.size() == 1 ? QString(base + '.' + suffix)
                                              : QStringLiteral("%1-%2.%3")
                                                    .arg(base)
                                                    .arg(frame + 1, 3, 10, QChar('0'))
                                                    .arg(suffix))
                       .toStdString();
        slides.push_back(std::move(r));
    }
    return slides;
}

bool SlideExporter::start(std::vector<SlideRequest> slides, SlideOptions options) {
    if (isRunning())
        return false;
    m_runner.run(
        [slides = std::move(slides), options](ProgressSink&, const CancelToken&) {
            try {
                return exportSlides(slides, options);
            } catch (const std::exception& e) { // veil::Error's what() names the file
                SlideExportResult failed;
                failed.errors.push_back(e.what());
                return failed;
            }
        },
        [this](SlideExportResult result, bool) { emit finished(result); });
    return true;
}

} // namespace veil::ui
