#include "SliceView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <opencv2/core.hpp>

namespace veil::ui {

namespace {
constexpr double kHandle = 7.0; // resize handle size on screen, px

QColor colourOf(ViewBox::Style s) {
    switch (s) {
    case ViewBox::Style::Phi:
        return QColor(230, 40, 40);
    case ViewBox::Style::Text:
        return QColor(245, 170, 20);
    case ViewBox::Style::Template:
        return QColor(40, 130, 240);
    case ViewBox::Style::Redaction:
        return QColor(0, 0, 0);
    case ViewBox::Style::Drawn:
        return QColor(200, 60, 200);
    }
    return Qt::white;
}

QImage toQImage(const cv::Mat& shown) {
    const QImage::Format fmt =
        shown.channels() == 3 ? QImage::Format_RGB888 : QImage::Format_Grayscale8;
    return QImage(shown.data, shown.cols, shown.rows, int(shown.step), fmt).copy();
}
} // namespace

SliceView::SliceView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(240, 200);
}

void SliceView::setFrame(const Frame& frame, const RenderParams& params, bool keepWindow) {
    const auto oldWindow = m_params.window;
    m_frame = frame;
    m_params = params;
    m_range = valueRange(frame, params);
    if (keepWindow && oldWindow)
        m_params.window = oldWindow;
    m_message.clear();
    rerender();
}

void SliceView::setMessage(const QString& message) {
    m_frame = {};
    m_image = {};
    m_boxes.clear();
    m_message = message;
    update();
}

void SliceView::setBoxes(const std::vector<ViewBox>& boxes) {
    m_boxes = boxes;
    update();
}

void SliceView::setTool(Tool tool) {
    m_tool = tool;
    setCursor(tool == Tool::Draw ? Qt::CrossCursor : Qt::ArrowCursor);
}

void SliceView::setSeeThrough(bool on) {
    m_seeThrough = on;
    update();
}

void SliceView::setWindow(const Window& w) {
    m_params.window = w;
    rerender();
}

void SliceView::rerender() {
    if (m_frame.pixels.empty()) {
        m_image = {};
    } else {
        m_image = toQImage(renderForDisplay(m_frame, m_params));
    }
    update();
}

void SliceView::zoomFit() {
    m_fit = true;
    m_pan = {};
    update();
}

void SliceView::zoomActual() {
    m_fit = false;
    m_zoom = 1.0;
    m_pan = {};
    update();
}

void SliceView::zoomBy(double factor) {
    if (m_image.isNull())
        return;
    const QRectF r = imageRectOnScreen();
    m_zoom = std::clamp(r.width() / m_image.width() * factor, 0.05, 32.0);
    m_fit = false;
    update();
}

QRectF SliceView::imageRectOnScreen() const {
    if (m_image.isNull())
        return {};
    double z = m_zoom;
    if (m_fit)
        z = std::min(double(width()) / m_image.width(), double(height()) / m_image.height());
    const QSizeF s(m_image.width() * z, m_image.height() * z);
    const QPointF c = QPointF(width() / 2.0, height() / 2.0) + m_pan;
    return QRectF(c - QPointF(s.width() / 2, s.height() / 2), s);
}

QPointF SliceView::toImage(const QPointF& p) const {
    const QRectF r = imageRectOnScreen();
    if (r.isEmpty())
        return {};
    return {(p.x() - r.left()) * m_image.width() / r.width(),
            (p.y() - r.top()) * m_image.height() / r.height()};
}

QRectF SliceView::toScreen(const QRect& ir) const {
    const QRectF r = imageRectOnScreen();
    const double sx = r.width() / m_image.width(), sy = r.height() / m_image.height();
    return {r.left() + ir.x() * sx, r.top() + ir.y() * sy, ir.width() * sx, ir.height() * sy};
}

QPoint SliceView::widgetPointOf(const QPointF& ip) const {
    const QRectF r = imageRectOnScreen();
    if (r.isEmpty())
        return {};
    return QPointF(r.left() + ip.x() * r.width() / m_image.width(),
                   r.top() + ip.y() * r.height() / m_image.height())
        .toPoint();
}

QRect SliceView::clippedToImage(const QRectF& r) const {
    const QRect whole(0, 0, m_image.width(), m_image.height());
    const QRect rounded(QPoint(int(std::floor(r.left())), int(std::floor(r.top()))),
                        QPoint(int(std::ceil(r.right())) - 1, int(std::ceil(r.bottom())) - 1));
    return rounded.normalized().intersected(whole);
}

const ViewBox* SliceView::boxAt(const QPointF& p, bool* onHandle) const {
    for (auto it = m_boxes.rbegin(); it != m_boxes.rend(); ++it) {
        const QRectF s = toScreen(it->rect);
        const QRectF handle(s.bottomRight() - QPointF(kHandle, kHandle),
                            QSizeF(2 * kHandle, 2 * kHandle));
        if (it->editable && handle.contains(p)) {
            if (onHandle)
                *onHandle = true;
            return &*it;
        }
        if (s.adjusted(-2, -2, 2, 2).contains(p)) {
            if (onHandle)
                *onHandle = false;
            return &*it;
        }
    }
    return nullptr;
}

void SliceView::setOverlayImage(const QImage& argb) {
    m_overlay = argb;
    update();
}

void SliceView::setOverlaysVisible(bool on) {
    m_overlaysVisible = on;
    update();
}

QImage SliceView::renderedImage() const {
    QImage out = m_image.convertToFormat(QImage::Format_RGB32);
    QPainter p(&out);
    if (m_overlaysVisible && !m_overlay.isNull())
        p.drawImage(QRect(0, 0, out.width(), out.height()), m_overlay);
    for (const ViewBox& b : m_boxes) {
        if (b.style == ViewBox::Style::Redaction && !m_seeThrough)
            p.fillRect(b.rect, Qt::black);
        else {
            p.setPen(QPen(colourOf(b.style), 1));
            p.drawRect(b.rect.adjusted(0, 0, -1, -1));
        }
    }
    return out;
}

void SliceView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(18, 18, 18));
    if (m_image.isNull()) {
        p.setPen(QColor(200, 200, 200));
        p.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                   m_message);
        return;
    }
    const QRectF target = imageRectOnScreen();
    p.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < m_image.width());
    p.drawImage(target, m_image);
    if (m_overlaysVisible && !m_overlay.isNull())
        p.drawImage(target, m_overlay);
    for (const ViewBox& b : m_boxes) {
        const QRectF s = toScreen(b.rect);
        const bool selected = b.id == m_selected;
        if (b.style == ViewBox::Style::Redaction) {
            if (!m_seeThrough)
                p.fillRect(s, Qt::black);
            p.setPen(QPen(QColor(255, 255, 255, 160), 1, Qt::DashLine));
        } else {
            p.setPen(QPen(colourOf(b.style), selected ? 3 : 2));
        }
        p.setBrush(Qt::NoBrush);
        p.drawRect(s);
        if (b.editable && selected)
            p.fillRect(QRectF(s.bottomRight() - QPointF(kHandle / 2, kHandle / 2),
                              QSizeF(kHandle, kHandle)),
                       Qt::white);
    }
    if (m_drag == Drag::Draw) {
        p.setPen(QPen(Qt::white, 1, Qt::DashLine));
        p.drawRect(toScreen(clippedToImage(m_dragRect)));
    }
    if (m_params.window) {
        p.setPen(QColor(230, 230, 230));
        p.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignRight | Qt::AlignBottom,
                   tr("W %1  L %2   %3%")
                       .arg(m_params.window->width, 0, 'f', 0)
                       .arg(m_params.window->center, 0, 'f', 0)
                       .arg(imageRectOnScreen().width() / m_image.width() * 100, 0, 'f', 0));
    }
}

void SliceView::resizeEvent(QResizeEvent*) {
    update();
}

void SliceView::wheelEvent(QWheelEvent* e) {
    const int steps = e->angleDelta().y() / 120;
    if (steps == 0)
        return;
    if (e->modifiers() & Qt::ControlModifier)
        emit stepRequested(-steps);
    else
        zoomBy(std::pow(1.2, steps));
    e->accept();
}

void SliceView::mousePressEvent(QMouseEvent* e) {
    if (m_image.isNull())
        return;
    m_dragStart = m_lastPos = e->position();
    if (e->button() == Qt::MiddleButton ||
        (e->button() == Qt::LeftButton && e->modifiers() & Qt::ShiftModifier)) {
        m_drag = Drag::Pan;
        return;
    }
    if (e->button() == Qt::RightButton) {
        m_drag = Drag::Window;
        startWindowDrag();
        return;
    }
    if (e->button() != Qt::LeftButton)
        return;
    bool onHandle = false;
    const ViewBox* hit = boxAt(e->position(), &onHandle);
    if (hit) {
        m_selected = hit->id;
        emit boxSelected(m_selected);
        if (hit->editable) {
            m_drag = onHandle ? Drag::Resize : Drag::Move;
            m_dragRect = hit->rect;
        }
        update();
        return;
    }
    m_selected.clear();
    emit boxSelected({});
    if (m_tool == Tool::Draw) {
        m_drag = Drag::Draw;
        m_dragRect = QRectF(toImage(e->position()), QSizeF(0, 0));
    } else {
        m_drag = Drag::Window;
        startWindowDrag();
    }
    update();
}

void SliceView::startWindowDrag() {
    if (!m_params.window) // no window yet: start from the frame's full range
        m_params.window = fullRangeWindow(m_frame, m_params);
    m_dragWindow = *m_params.window;
}

void SliceView::mouseMoveEvent(QMouseEvent* e) {
    const QPointF pos = e->position();
    const QPointF d = pos - m_lastPos;
    switch (m_drag) {
    case Drag::Pan:
        m_pan += d;
        if (m_fit) { // panning leaves fit mode at the current scale
            m_zoom = imageRectOnScreen().width() / m_image.width();
            m_fit = false;
        }
        break;
    case Drag::Window: {
        // Scaled to the data's range, not to the window: 500 px of drag cross the whole range
        // whatever the window is now, so a narrow window never gets stuck.
        const QPointF total = pos - m_dragStart;
        const double span = std::max(1.0, m_range.span());
        const double scale = span / 500.0;
        const double narrowest = std::max(1.0, span / 1000.0);
        Window w{m_dragWindow.center + total.y() * scale,
                 std::max(narrowest, m_dragWindow.width + total.x() * scale * 2)};
        m_params.window = w;
        rerender();
        emit windowChanged(w.center, w.width);
        break;
    }
    case Drag::Draw:
        m_dragRect.setBottomRight(toImage(pos));
        break;
    case Drag::Move: {
        const QPointF a = toImage(m_lastPos), b = toImage(pos);
        m_dragRect.translate(b - a);
        for (ViewBox& box : m_boxes)
            if (box.id == m_selected)
                box.rect = clippedToImage(m_dragRect);
        break;
    }
    case Drag::Resize:
        m_dragRect.setBottomRight(toImage(pos));
        for (ViewBox& box : m_boxes)
            if (box.id == m_selected)
                box.rect = clippedToImage(m_dragRect.normalized());
        break;
    case Drag::None:
        break;
    }
    m_lastPos = pos;
    update();
}

void SliceView::mouseReleaseEvent(QMouseEvent*) {
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Draw) {
        const QRect r = clippedToImage(m_dragRect.normalized());
        if (r.width() >= 2 && r.height() >= 2)
            emit boxDrawn(r);
    } else if (drag == Drag::Move || drag == Drag::Resize) {
        const QRect r = clippedToImage(m_dragRect.normalized());
        if (r.width() >= 1 && r.height() >= 1)
            emit boxChanged(m_selected, r);
    }
    update();
}

void SliceView::keyPressEvent(QKeyEvent* e) {
    if ((e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace) && !m_selected.isEmpty()) {
        emit boxDeleteRequested(m_selected);
        return;
    }
    switch (e->key()) {
    case Qt::Key_Up:
    case Qt::Key_PageUp:
        emit stepRequested(-1);
        return;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        emit stepRequested(1);
        return;
    default:
        QWidget::keyPressEvent(e);
    }
}

} // namespace veil::ui
