#include "ProblemText.h"

#include <QObject>
#include <QStringList>

namespace veil::ui {

QString sentenceCase(const QString& s) {
    return s.isEmpty() ? s : s.left(1).toUpper() + s.mid(1);
}

QString problemBullets(const Problems& p, int max) {
    QStringList lines;
    for (std::size_t i = 0; i < p.items.size() && int(i) < max; ++i) {
        QString item = sentenceCase(QString::fromStdString(p.items[i])).toHtmlEscaped();
        item.replace('\n', QStringLiteral("<br>"));
        lines << QStringLiteral("• ") + item;
    }
    if (int(p.items.size()) > max)
        lines << QObject::tr("… and %1 more").arg(int(p.items.size()) - max);
    return lines.join(QStringLiteral("<br>"));
}

} // namespace veil::ui
