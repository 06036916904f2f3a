#pragma once
// The slice viewer: one frame with window/level, zoom, pan, its overlay planes in colour, and
// the boxes drawn over it (findings and redactions). Editing gestures are reported as signals; the
// owner turns them into undoable commands and hands back the new boxes.
#include "dicom/DicomFile.h"
#include "image/DisplayRender.h"

#include <QImage>
#include <QWidget>
#include <optional>

namespace veil::ui {

struct ViewBox {
    enum class Style { Phi, Text, Template, Redaction, Drawn };
    QString id;
    QRect rect; // image pixel coordinates
    Style style = Style::Text;
    bool editable = false;
    QString label;
};

class SliceView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Navigate, Draw };

    explicit SliceView(QWidget* parent = nullptr);

    // A decoded frame and how to render it; the window is kept if `keepWindow`.
    void setFrame(const Frame& frame, const RenderParams& params, bool keepWindow = false);
    void setMessage(const QString& message);
    void setBoxes(const std::vector<ViewBox>& boxes);
    void setTool(Tool tool);
    void setSeeThrough(bool on); // redactions drawn as outlines instead of filled black
    // Overlay planes as one ARGB image of the frame's size (transparent where no plane is
    // set), drawn over the image when visible; a null image: none.
    void setOverlayImage(const QImage& argb);
    void setOverlaysVisible(bool on);
    bool overlaysVisible() const { return m_overlaysVisible; }
    const QImage& overlayImage() const { return m_overlay; }
    void setWindow(const Window& w);
    void zoomFit();
    void zoomActual();
    void zoomBy(double factor);

    const QImage& image() const { return m_image; }
    // What the reviewer sees, boxes included (for tests and screenshots).
    QImage renderedImage() const;
    std::optional<Window> window() const { return m_params.window; }
    double zoom() const { return m_zoom; }
    QString selectedBox() const { return m_selected; }
    // Where an image pixel sits on the widget (for automation and tests).
    QPoint widgetPointOf(const QPointF& imagePoint) const;
    QSize sizeHint() const override { return {720, 560}; }

signals:
    void boxDrawn(const QRect& rect);
    void boxChanged(const QString& id, const QRect& rect);
    void boxDeleteRequested(const QString& id);
    void boxSelected(const QString& id);
    void windowChanged(double center, double width);
    void stepRequested(int delta); // wheel with Ctrl, or PgUp/PgDn handled by the owner

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    enum class Drag { None, Pan, Window, Draw, Move, Resize };
    void rerender();
    void startWindowDrag();
    QRectF imageRectOnScreen() const;
    QPointF toImage(const QPointF& screen) const;
    QRectF toScreen(const QRect& imageRect) const;
    const ViewBox* boxAt(const QPointF& screen, bool* onHandle = nullptr) const;
    QRect clippedToImage(const QRectF& r) const;

    Frame m_frame;
    RenderParams m_params;
    ValueRange m_range; // the frame's modality values, for window drags
    QImage m_image;
    QImage m_overlay; // ARGB32, the image's size, or null
    bool m_overlaysVisible = true;
    QString m_message;
    std::vector<ViewBox> m_boxes;
    Tool m_tool = Tool::Navigate;
    bool m_seeThrough = false;
    bool m_fit = true;
    double m_zoom = 1.0;
    QPointF m_pan; // screen offset of the image centre from the widget centre
    Drag m_drag = Drag::None;
    QPointF m_dragStart, m_lastPos;
    Window m_dragWindow;
    QRectF m_dragRect;
    QString m_selected;
};

} // namespace veil::ui
