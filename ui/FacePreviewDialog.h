#pragma once
// "Face preview…" (the study browser's series menu): the head seen from the front before and
// after face removal, as core's facePreview() computes them (the same code the export runs),
// on a worker thread (the GUI's JobRunner). The reviewer judges the result here: the nose, lips and
// brow should be gone from the "after" image, the forehead and the skull outline kept.
#include "face/FacePreview.h"
#include "study/StudyIndex.h"

#include "JobRunner.h"

#include <QDialog>

class QLabel;

namespace veil::ui {

class FacePreviewDialog : public QDialog {
    Q_OBJECT
public:
    // `series` is copied; its files are read, never changed.
    FacePreviewDialog(SeriesNode series, const QString& riskText, bool acceptMrFacePlane,
                      QWidget* parent = nullptr);
    ~FacePreviewDialog() override;

    bool isReady() const { return m_ready; }
    const FacePreview& preview() const { return m_preview; }
    QLabel* beforeLabel() const { return m_before; }
    QLabel* afterLabel() const { return m_after; }
    QLabel* messageLabel() const { return m_message; }

signals:
    void ready();

private:
    void showPreview(const FacePreview& preview);

    QLabel* m_before = nullptr;
    QLabel* m_after = nullptr;
    QLabel* m_message = nullptr;
    FacePreview m_preview;
    bool m_ready = false;
    JobRunner m_runner; // last: goes first
};

// An 8-bit grey cv::Mat as a QImage (a deep copy).
QImage greyImage(const cv::Mat& mat);

} // namespace veil::ui
