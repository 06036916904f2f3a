#pragma once
// A top-to-bottom text layout on QPdfWriter pages: headings, label/value rows, wrapped
// paragraphs, monospace rows; a new page (with the running footer) when the page is full.
#include <QFont>
#include <QPainter>
#include <QPdfWriter>
#include <QString>

#include <memory>

namespace veil::report {

class PdfLayout {
public:
    PdfLayout(const QString& path, const QString& footer);
    ~PdfLayout();
    bool ok() const { return m_painter.isActive(); }

    void title(const QString& text, const QString& subtitle);
    void heading(const QString& text);
    enum class Value { Text, Mono };
    void row(const QString& label, const QString& value,
             Value style = Value::Text); // value wraps in its column
    void paragraph(const QString& text, bool small = false);
    void mono(const QString& text); // one line, small monospace
    void gap(double mm = 2);
    void finish();

private:
    double mm(double v) const; // millimetres → device units
    void need(int height);     // starts a new page when `height` does not fit
    int textHeight(const QFont& font, int width, const QString& text);
    void draw(const QFont& font, int x, int width, const QString& text, int flags = 0);
    void footer();

    QPdfWriter m_writer;
    QPainter m_painter;
    QString m_footer;
    QFont m_body, m_bold, m_heading, m_title, m_small, m_mono;
    int m_y = 0, m_left = 0, m_width = 0, m_bottom = 0, m_page = 1;
};

} // namespace veil::report
