#pragma once
// Shows one rendered frame, fitted to the widget, with a message when there is none.
#include <QImage>
#include <QWidget>

namespace veil::ui {

class ImageView : public QWidget {
    Q_OBJECT
public:
    explicit ImageView(QWidget* parent = nullptr);
    void setImage(const QImage& image);
    void setMessage(const QString& message);
    const QImage& image() const { return m_image; }
    QSize sizeHint() const override { return {640, 480}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QString m_message;
};

} // namespace veil::ui
