#include "ImageView.h"

#include <QPainter>

namespace veil::ui {

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 200);
    setAutoFillBackground(false);
}

void ImageView::setImage(const QImage& image) {
    m_image = image;
    m_message.clear();
    update();
}

void ImageView::setMessage(const QString& message) {
    m_image = {};
    m_message = message;
    update();
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::black);
    if (m_image.isNull()) {
        p.setPen(QColor(200, 200, 200));
        p.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const QSize fitted = m_image.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
    p.setRenderHint(QPainter::SmoothPixmapTransform, fitted.width() < m_image.width());
    p.drawImage(target, m_image);
}

} // namespace veil::ui
