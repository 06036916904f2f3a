#pragma once
// The viewer with its controls: slice view, tools, window presets, zoom, frame slider and
// cine. Shows the frame with accepted redactions burned exactly as they will be written.
#include "FrameLoader.h"
#include "SliceView.h"
#include "dicom/InstanceInfo.h"
#include "pixel/RedactionRegions.h"

#include <QWidget>
#include <map>

class QAction;
class QComboBox;
class QMenu;
class QLabel;
class QSlider;
class QTimer;
class QToolBar;

namespace veil::ui {

class ViewerPanel : public QWidget {
    Q_OBJECT
public:
    explicit ViewerPanel(QWidget* parent = nullptr);

    void showInstance(const InstanceInfo* instance);
    void showFrame(int frame);
    // What is drawn over the frame, and what is burned into the preview.
    void setOverlay(const std::vector<ViewBox>& boxes,
                    const std::vector<RedactionRegion>& redactions);

    SliceView* view() const { return m_view; }
    int currentFrame() const { return m_frame; }
    const InstanceInfo* instance() const { return m_instance; }
    const std::vector<ViewBox>& boxes() const { return m_boxes; } // findings and boxes shown
    QAction* drawAction() const { return m_draw; }
    // Where a newly drawn box applies.
    enum class BoxScope { ThisFrame, AllFrames, WholeSeries, SameDevice };
    BoxScope boxScope() const;
    void setBoxScope(BoxScope scope);
    QAction* seeThroughAction() const { return m_seeThrough; }
    // Overlay planes (60xx: OverlayData and the bits kept in Pixel Data) in colour over the
    // image (O); on whenever an image with overlays is opened.
    QAction* overlaysAction() const { return m_overlays; }
    int overlayPlaneCount() const { return m_original.overlayPlanes; }
    QString frameText() const; // "Frame 1 / 1 · 4 overlay planes"
    QAction* playAction() const { return m_play; }
    QToolBar* toolBar() const { return m_tools; }
    // View › Window: every preset of the image (Auto, Full range, the header's, the
    // modality's, saved ones) and next/previous preset (W, Shift+W), reachable at any width.
    QMenu* windowMenu() const { return m_windowMenu; }
    QAction* nextPresetAction() const { return m_nextPreset; }
    QAction* previousPresetAction() const { return m_prevPreset; }
    // The presets offered for the image shown, in menu order, and choosing one.
    QStringList presetNames() const;
    void choosePreset(int index);
    int currentPreset() const; // -1: a window of the reviewer's own (dragged)
    // True when the image opened with the automatic window because the header's did not fit.
    bool openedWithAutoWindow() const { return m_autoOpened; }
    // The frame as it will be written (redactions burned), for tests.
    const Frame& previewFrame() const { return m_preview; }
    const Frame& originalFrame() const { return m_original.pixels; }

signals:
    void frameShown(const QString& sopInstanceUid, int frame);
    void boxDrawn(const QRect& rect, int frame);

private:
    void onLoaded(const LoadedFrame& frame);
    void refreshPreview(bool keepWindow);
    QImage overlayImage(bool seeThrough) const;
    void fillPresets();
    void setSeriesWindow(const Window& w);
    void stepPreset(int delta);

    SliceView* m_view;
    FrameLoader* m_loader;
    QToolBar* m_tools;
    QAction* m_draw;
    QAction* m_seeThrough;
    QAction* m_overlays;
    QAction* m_play;
    QComboBox* m_presets;
    QMenu* m_windowMenu;
    QAction* m_nextPreset;
    QAction* m_prevPreset;
    std::map<std::string, Window> m_seriesWindow; // the window kept per series
    bool m_autoOpened = false;
    QComboBox* m_scope;
    QSlider* m_slider;
    QLabel* m_frameLabel;
    QTimer* m_cine;
    const InstanceInfo* m_instance = nullptr;
    int m_frame = 0;
    LoadedFrame m_original;
    Frame m_preview;
    std::vector<RedactionRegion> m_redactions;
    std::vector<ViewBox> m_boxes;
};

} // namespace veil::ui
