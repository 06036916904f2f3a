#include "SlideDeckDialog.h"

#include "audit/AuditRecorder.h"
#include "common/Error.h"
#include "slides/DeckReader.h"
#include "slides/MediaMetadata.h"

#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace veil {

namespace {

QImage toQImage(const cv::Mat& m) {
    if (m.empty())
        return {};
    cv::Mat rgba;
    if (m.channels() == 1)
        cv::cvtColor(m, rgba, cv::COLOR_GRAY2RGBA);
    else if (m.channels() == 3)
        cv::cvtColor(m, rgba, cv::COLOR_BGR2RGBA);
    else
        cv::cvtColor(m, rgba, cv::COLOR_BGRA2RGBA);
    return QImage(rgba.data, rgba.cols, rgba.rows, int(rgba.step), QImage::Format_RGBA8888).copy();
}

} // namespace

CheckedDeck readAndCheckDeck(const QString& path) {
    CheckedDeck out{readDeck(path), {}};
    out.check = DeckChecker().check(out.deck);
    return out;
}

void openSlideDeck(const QString& path, std::string person, QWidget* parent) {
    using Outcome = std::pair<std::optional<CheckedDeck>, QString>;
    auto* runner = new ui::JobRunner(parent); // goes when the deck is read (or with parent)
    QApplication::setOverrideCursor(Qt::BusyCursor);
    auto done = [runner, parent, person](Outcome r) {
        QApplication::restoreOverrideCursor();
        runner->deleteLater();
        if (!r.first) {
            QMessageBox::warning(parent, QObject::tr("Slide deck not opened"), r.second);
            return;
        }
        auto* dialog = new SlideDeckDialog(std::move(*r.first), person, parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    };
    QObject::connect(runner, &ui::JobRunner::failed, parent, [done](const QString& message) {
        done({std::nullopt, message});
    });
    runner->run(
        [path](ProgressSink&, const CancelToken&) -> Outcome {
            try {
                return {readAndCheckDeck(path), {}};
            } catch (const std::exception& e) { // veil::Error's what() names the file
                return {std::nullopt, QString::fromStdString(e.what())};
            }
        },
        [done](Outcome r, bool) { done(std::move(r)); });
}

SlideDeckDialog::SlideDeckDialog(CheckedDeck checked, std::string person, QWidget* parent)
    : QDialog(parent), m_deck(std::move(checked.deck)), m_check(std::move(checked.check)),
      m_person(std::move(person)) {
    connect(&m_writing, &ui::JobRunner::failed, this,
            [this](const QString& message) { cleanedWritten(std::nullopt, message); });
    setWindowTitle(tr("Slide deck — %1").arg(QFileInfo(m_deck.path).fileName()));
    m_slides = new QListWidget;
    m_slides->addItem(tr("Document"));
    for (const DeckSlide& s : m_deck.slides) {
        const auto n = std::count_if(m_check.findings.begin(), m_check.findings.end(),
                                     [&](const DeckFinding& f) { return f.slide == s.number; });
        m_slides->addItem(tr("Slide %1%2 — %3 finding(s)")
                              .arg(s.number)
                              .arg(s.hidden ? tr(" (hidden)") : QString())
                              .arg(n));
    }
    m_picture = new QLabel;
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setMinimumSize(400, 300);
    m_table = new QTableWidget(0, 4);
    m_table->setHorizontalHeaderLabels({tr("Redact"), tr("Kind"), tr("Where"), tr("Text read")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_write = new QPushButton(tr("Write Cleaned Deck…"));
    auto* summary = new QLabel(
        m_check.clean() ? tr("Nothing found.")
                        : tr("%1 finding(s); %2 thing(s) not checked. Everything listed is removed "
                             "by cleaning; untick image text to keep it.")
                              .arg(m_check.findings.size())
                              .arg(m_check.notChecked.size()));
    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(m_picture);
    right->addWidget(m_table);
    auto* split = new QSplitter;
    split->addWidget(m_slides);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(summary, 1);
    buttons->addWidget(m_write);
    auto* close = new QPushButton(tr("Close"));
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    connect(m_slides, &QListWidget::currentRowChanged, this, &SlideDeckDialog::showSlide);
    connect(m_write, &QPushButton::clicked, this, &SlideDeckDialog::chooseOutput);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == 0 && item->row() < int(m_rows.size()) &&
            (item->flags() & Qt::ItemIsUserCheckable))
            m_check.findings[m_rows[std::size_t(item->row())]].redact =
                item->checkState() == Qt::Checked;
    });
    m_slides->setCurrentRow(m_deck.slides.empty() ? 0 : 1);
    resize(1100, 800);
}

QImage SlideDeckDialog::renderSlide(int number, int width) const {
    const DeckSlide* slide = nullptr;
    for (const DeckSlide& s : m_deck.slides)
        if (s.number == number)
            slide = &s;
    if (!slide || m_deck.slideCx <= 0 || m_deck.slideCy <= 0)
        return {};
    const double k = double(width) / double(m_deck.slideCx);
    const int height = int(std::lround(m_deck.slideCy * k));
    // room around the slide: pictures reach past it when uncropped, shapes sit off it
    const int margin = width / 4;
    QImage img(width + 2 * margin, height + 2 * margin, QImage::Format_ARGB32_Premultiplied);
    img.fill(QColor(60, 60, 60));
    QPainter p(&img);
    p.translate(margin, margin);
    p.fillRect(QRect(0, 0, width, height), Qt::white);
    auto toView = [&](const EmuRect& r) { return QRectF(r.x * k, r.y * k, r.cx * k, r.cy * k); };
    for (const DeckShape& sh : slide->shapes) {
        if (!sh.topLevel || !sh.xfrm.valid)
            continue;
        const QRectF frame = toView(sh.xfrm);
        if (sh.kind == DeckShape::Kind::Picture && !sh.mediaPart.isEmpty()) {
            const QImage image = toQImage(decodeImage(m_deck.package.part(sh.mediaPart)));
            if (image.isNull())
                continue;
            const cv::Rect vis = cropRect(sh.crop, image.width(), image.height());
            const double sx = frame.width() / vis.width, sy = frame.height() / vis.height;
            const QRectF whole(frame.x() - vis.x * sx, frame.y() - vis.y * sy, image.width() * sx,
                               image.height() * sy);
            p.setOpacity(0.35); // what the crop hides, still in the file
            p.drawImage(whole, image);
            p.setOpacity(1.0);
            p.save();
            p.setClipRect(frame);
            p.drawImage(whole, image);
            p.restore();
            p.setPen(QPen(QColor(255, 160, 0), 1, Qt::DashLine));
            p.drawRect(frame);
            p.setPen(QPen(Qt::red, 2));
            for (const DeckFinding& f : m_check.findings)
                if (f.slide == number && f.shape == sh.picture && !f.box.empty())
                    p.drawRect(QRectF(whole.x() + f.box.x * sx, whole.y() + f.box.y * sy,
                                      f.box.w * sx, f.box.h * sy));
        } else if (sh.kind == DeckShape::Kind::Shape) {
            if (sh.fill == DeckShape::Fill::Solid)
                p.fillRect(frame, QColor(QRgb(0xA0000000 | sh.rgb))); // see-through: what it hides
            else if (sh.fill == DeckShape::Fill::Other)
                p.fillRect(frame, QColor(0, 0, 0, 160));
            p.setPen(Qt::black);
            p.drawText(frame, Qt::TextWordWrap, sh.text);
        } else {
            p.setPen(QPen(Qt::darkGray, 1, Qt::DotLine));
            p.drawRect(frame);
            p.drawText(frame, Qt::AlignCenter, sh.name);
        }
    }
    p.setPen(QPen(QColor(0, 120, 255), 2));
    p.drawRect(QRect(0, 0, width, height));
    return img;
}

void SlideDeckDialog::showSlide(int row) {
    const int number = row; // row 0: the document
    m_picture->setPixmap(number > 0 ? QPixmap::fromImage(renderSlide(number, 640)) : QPixmap());
    if (number == 0)
        m_picture->setText(tr("Document-wide findings: properties, thumbnail, embedded files, "
                              "image metadata, authors."));
    const QSignalBlocker block(m_table);
    m_table->setRowCount(0);
    m_rows.clear();
    for (std::size_t i = 0; i < m_check.findings.size(); ++i) {
        const DeckFinding& f = m_check.findings[i];
        if (f.slide != number)
            continue;
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        auto* decide = new QTableWidgetItem;
        if (f.kind == "image-text") {
            decide->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            decide->setCheckState(f.redact ? Qt::Checked : Qt::Unchecked);
        } else {
            decide->setFlags(Qt::ItemIsEnabled);
            decide->setText(tr("removed"));
        }
        m_table->setItem(r, 0, decide);
        m_table->setItem(r, 1, new QTableWidgetItem(QString::fromUtf8(kindDescription(f.kind))));
        m_table->setItem(r, 2, new QTableWidgetItem(f.part));
        m_table->setItem(r, 3, new QTableWidgetItem(f.text.simplified()));
        m_rows.push_back(i);
    }
}

void SlideDeckDialog::setRedact(std::size_t finding, bool redact) {
    if (finding < m_check.findings.size() && m_check.findings[finding].kind == "image-text")
        m_check.findings[finding].redact = redact;
    showSlide(m_slides->currentRow());
}

DeckCleanResult SlideDeckDialog::writeCleaned(const QString& output) {
    AuditRecorder audit(auditPathFor(output), m_person);
    std::map<std::string, int> counts;
    for (const DeckFinding& f : m_check.findings)
        ++counts[f.kind.toStdString()];
    audit.deckChecked(m_deck.path.toStdString(), counts);
    for (const DeckFinding& f : m_check.findings)
        if (f.kind == "image-text" && !f.redact)
            audit.deckFindingKept(m_deck.path.toStdString(), f.id().toStdString(), f.slide,
                                  f.kind.toStdString());
    DeckCleanResult result = cleanDeck(m_deck, m_check, output);
    const DeckCheck after = DeckChecker().check(readDeck(output));
    audit.deckCleaned(m_deck.path.toStdString(), output.toStdString(),
                      {int(result.changes.size()), result.slidesKept, int(result.notCleaned.size()),
                       int(after.findings.size())});
    return result;
}

void SlideDeckDialog::chooseOutput() {
    const QString out =
        QFileDialog::getSaveFileName(this, tr("Write Cleaned Deck"), {}, tr("PowerPoint (*.pptx)"));
    if (out.isEmpty())
        return;
    // Cleaning, the check of the copy and the audit run on a worker; the dialog waits greyed.
    m_output = out;
    setEnabled(false);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    using Written = std::pair<std::optional<DeckCleanResult>, QString>;
    m_writing.run(
        [this, out](ProgressSink&, const CancelToken&) -> Written {
            try {
                return {writeCleaned(out), {}};
            } catch (const std::exception& e) { // veil::Error's what() names the file
                return {std::nullopt, QString::fromStdString(e.what())};
            }
        },
        [this](Written w, bool) { cleanedWritten(w.first, w.second); });
}

SlideDeckDialog::~SlideDeckDialog() = default;

void SlideDeckDialog::cleanedWritten(const std::optional<DeckCleanResult>& result,
                                     const QString& error) {
    QApplication::restoreOverrideCursor();
    setEnabled(true);
    if (!result) {
        QMessageBox::warning(this, tr("Cleaned deck not written"), error);
        return;
    }
    QMessageBox::information(this, tr("Cleaned deck written"),
                             tr("%1 change(s); %2 slide(s) written to %3.\nAudit log: %4")
                                 .arg(result->changes.size())
                                 .arg(result->slidesKept)
                                 .arg(m_output, auditPathFor(m_output)));
}

} // namespace veil
