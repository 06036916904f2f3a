#include "FacePreviewDialog.h"

#include "study/FaceRisk.h"

#include <QDialogButtonBox>

#include <QGridLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QVBoxLayout>
#include <cstring>

namespace veil::ui {

QImage greyImage(const cv::Mat& mat) {
    if (mat.empty() || mat.type() != CV_8U)
        return {};
    QImage img(mat.cols, mat.rows, QImage::Format_Grayscale8);
    for (int y = 0; y < mat.rows; ++y)
        std::memcpy(img.scanLine(y), mat.ptr(y), std::size_t(mat.cols));
    return img;
}

namespace {
QPixmap shown(const cv::Mat& mat) {
    const QImage img = greyImage(mat);
    if (img.isNull())
        return {};
    // Small volumes are enlarged to a readable size (square pixels kept).
    const int scale = std::max(1, 360 / std::max(img.width(), img.height()));
    return QPixmap::fromImage(
        img.scaled(img.size() * scale, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}
} // namespace

FacePreviewDialog::FacePreviewDialog(SeriesNode series, const QString& riskText,
                                     bool acceptMrFacePlane, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Face preview: %1").arg(QString::fromStdString(seriesLabel(series))));
    auto* layout = new QVBoxLayout(this);
    auto* risk = new QLabel(riskText.isEmpty() ? tr("This series is not flagged as showing a face.")
                                               : tr("⚠ %1").arg(riskText));
    risk->setWordWrap(true);
    layout->addWidget(risk);
    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Before</b> (seen from the front)")), 0, 0);
    const bool mrPlane =
        acceptMrFacePlane &&
        QString::fromStdString(series.modality).compare("MR", Qt::CaseInsensitive) == 0;
    grid->addWidget(new QLabel(mrPlane ? tr("<b>After</b> the MR face-plane fallback (applied only "
                                            "when accepted in the export)")
                                       : tr("<b>After</b> Clean Recognizable Visual Features")),
                    0, 1);
    m_before = new QLabel(tr("Reading the series…"));
    m_after = new QLabel;
    m_before->setMinimumSize(200, 200);
    m_after->setMinimumSize(200, 200);
    grid->addWidget(m_before, 1, 0);
    grid->addWidget(m_after, 1, 1);
    layout->addLayout(grid);
    m_message = new QLabel;
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* help = new QLabel(
        tr("Depth images: for each slice and column, the first skin voxel seen from the front, "
           "lit from the viewer. After removal the nose, lips, eyelids and brow should be gone "
           "and the bone surface show; the skull and the brain are not changed. A geometric "
           "heuristic: check every series it flags."));
    help->setWordWrap(true);
    layout->addWidget(help);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    // Anything the preview throws is said in the dialog, as a failed preview.
    connect(&m_runner, &JobRunner::failed, this, [this](const QString& message) {
        FacePreview failed;
        failed.status = "failed";
        failed.message = message.toStdString();
        showPreview(failed);
    });
    FaceRemovalOptions options;
    options.acceptMrFacePlane = acceptMrFacePlane;
    m_runner.run([series = std::move(series), options](
                     ProgressSink&, const CancelToken&) { return facePreview(series, options); },
                 [this](FacePreview preview, bool) { showPreview(preview); });
}

FacePreviewDialog::~FacePreviewDialog() = default;

void FacePreviewDialog::showPreview(const FacePreview& p) {
    m_preview = p;
    m_before->setPixmap(shown(p.before));
    if (p.before.empty())
        m_before->setText(tr("(no image)"));
    m_after->setPixmap(shown(p.after));
    if (p.after.empty())
        m_after->setText(tr("(nothing removed)"));
    m_message->setText(
        tr("%1: %2").arg(QString::fromStdString(p.status), QString::fromStdString(p.message)));
    m_ready = true;
    emit ready();
}

} // namespace veil::ui
