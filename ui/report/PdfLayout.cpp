#include "PdfLayout.h"

#include <QFontMetrics>
#include <QPageLayout>
#include <QPageSize>

#include <climits>

namespace veil::report {

namespace {
QFont font(const char* family, double points, bool bold = false) {
    QFont f(family);
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}
} // namespace

PdfLayout::PdfLayout(const QString& path, const QString& footer)
    : m_writer(path), m_footer(footer) {
    m_writer.setPageSize(QPageSize(QPageSize::A4));
    m_writer.setResolution(300);
    m_writer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout::Millimeter);
    m_writer.setTitle("Veil export certificate");
    m_writer.setCreator("Veil");
    m_body = font("DejaVu Sans", 9.5);
    m_bold = font("DejaVu Sans", 9.5, true);
    m_heading = font("DejaVu Sans", 12.5, true);
    m_title = font("DejaVu Sans", 20, true);
    m_small = font("DejaVu Sans", 8);
    m_mono = font("DejaVu Sans Mono", 7);
    if (!m_painter.begin(&m_writer))
        return;
    m_width = m_writer.width();
    m_bottom = m_writer.height() - int(mm(10));
}

PdfLayout::~PdfLayout() {
    if (m_painter.isActive())
        m_painter.end();
}

double PdfLayout::mm(double v) const {
    return v * m_writer.resolution() / 25.4;
}

int PdfLayout::textHeight(const QFont& f, int width, const QString& text) {
    const QFontMetrics m(f, &m_writer);
    return m.boundingRect(QRect(0, 0, width, INT_MAX), Qt::TextWordWrap, text).height();
}

void PdfLayout::draw(const QFont& f, int x, int width, const QString& text, int flags) {
    m_painter.setFont(f);
    m_painter.drawText(QRect(x, m_y, width, textHeight(f, width, text)), flags | Qt::TextWordWrap,
                       text);
}

void PdfLayout::footer() {
    m_painter.setFont(m_small);
    m_painter.setPen(QColor(90, 90, 90));
    const QRect band(0, m_writer.height() - int(mm(6)), m_width, int(mm(6)));
    m_painter.drawLine(band.topLeft(), band.topRight());
    m_painter.drawText(band, Qt::AlignLeft | Qt::AlignBottom, m_footer);
    m_painter.drawText(band, Qt::AlignRight | Qt::AlignBottom, QString("page %1").arg(m_page));
    m_painter.setPen(Qt::black);
}

void PdfLayout::need(int height) {
    if (m_y + height <= m_bottom)
        return;
    footer();
    m_writer.newPage();
    ++m_page;
    m_y = 0;
}

void PdfLayout::title(const QString& text, const QString& subtitle) {
    draw(m_title, 0, m_width, text);
    m_y += textHeight(m_title, m_width, text) + int(mm(1));
    draw(m_body, 0, m_width, subtitle);
    m_y += textHeight(m_body, m_width, subtitle) + int(mm(2));
    m_painter.fillRect(QRect(0, m_y, m_width, int(mm(0.6))), QColor(40, 70, 120));
    m_y += int(mm(3));
}

void PdfLayout::heading(const QString& text) {
    const int h = textHeight(m_heading, m_width, text);
    need(h + int(mm(12)));
    m_y += int(mm(3));
    m_painter.setPen(QColor(40, 70, 120));
    draw(m_heading, 0, m_width, text);
    m_painter.setPen(Qt::black);
    m_y += h + int(mm(1.5));
}

void PdfLayout::row(const QString& label, const QString& value, Value style) {
    const int labelWidth = int(mm(40)), valueWidth = m_width - labelWidth;
    const QFont& valueFont = style == Value::Mono ? m_mono : m_body;
    const int h =
        std::max(textHeight(m_bold, labelWidth, label), textHeight(valueFont, valueWidth, value));
    need(h);
    draw(m_bold, 0, labelWidth, label);
    draw(valueFont, labelWidth, valueWidth, value);
    m_y += h + int(mm(0.8));
}

void PdfLayout::paragraph(const QString& text, bool small) {
    const QFont& f = small ? m_small : m_body;
    const int h = textHeight(f, m_width, text);
    need(h);
    draw(f, 0, m_width, text);
    m_y += h + int(mm(0.8));
}

void PdfLayout::mono(const QString& text) {
    const int h = textHeight(m_mono, m_width, text);
    need(h);
    draw(m_mono, 0, m_width, text);
    m_y += h;
}

void PdfLayout::gap(double v) {
    m_y += int(mm(v));
}

void PdfLayout::finish() {
    footer();
    m_painter.end();
}

} // namespace veil::report
