#include "ViewerPanel.h"

#include "Settings.h"
#include "pixel/Burn.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSlider>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace veil::ui {

ViewerPanel::ViewerPanel(QWidget* parent)
    : QWidget(parent), m_view(new SliceView), m_loader(new FrameLoader(this)),
      m_tools(new QToolBar), m_presets(new QComboBox), m_slider(new QSlider(Qt::Horizontal)),
      m_frameLabel(new QLabel), m_cine(new QTimer(this)) {
    m_tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    // The window first: a reviewer cannot judge text they cannot see, so it never hides in
    // the toolbar's overflow.
    m_tools->addWidget(new QLabel(tr(" Window ")));
    m_presets->setMinimumContentsLength(12);
    m_presets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presets->setToolTip(tr("Window presets: Auto (from the image's histogram), Full range, the "
                             "header's and the modality's (W / Shift+W step through them); drag "
                             "with the left button to adjust"));
    m_tools->addWidget(m_presets);
    connect(m_presets, &QComboBox::activated, this, &ViewerPanel::choosePreset);
    m_windowMenu = new QMenu(tr("&Window"), this);
    m_nextPreset = new QAction(tr("Next Window Preset"), this);
    m_nextPreset->setShortcut(QKeySequence(Qt::Key_W));
    connect(m_nextPreset, &QAction::triggered, this, [this] { stepPreset(1); });
    m_prevPreset = new QAction(tr("Previous Window Preset"), this);
    m_prevPreset->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_W));
    connect(m_prevPreset, &QAction::triggered, this, [this] { stepPreset(-1); });
    connect(m_view, &SliceView::windowChanged, this, [this](double c, double w) {
        setSeriesWindow(Window{c, w});
        m_presets->setCurrentIndex(-1);
        m_presets->setPlaceholderText(tr("W %1 / L %2").arg(w, 0, 'f', 0).arg(c, 0, 'f', 0));
    });
    m_tools->addSeparator();
    m_draw = m_tools->addAction(tr("Draw box"));
    m_draw->setCheckable(true);
    m_draw->setShortcut(QKeySequence(Qt::Key_B));
    m_draw->setToolTip(tr("Draw a redaction box with the mouse (B)"));
    connect(m_draw, &QAction::toggled, this, [this](bool on) {
        m_view->setTool(on ? SliceView::Tool::Draw : SliceView::Tool::Navigate);
    });
    m_scope = new QComboBox;
    m_scope->addItem(tr("this frame"), int(BoxScope::ThisFrame));
    m_scope->addItem(tr("all frames"), int(BoxScope::AllFrames));
    m_scope->addItem(tr("whole series"), int(BoxScope::WholeSeries));
    m_scope->addItem(tr("same device"), int(BoxScope::SameDevice));
    m_scope->setItemData(3, tr("Every image of this size from this device"), Qt::ToolTipRole);
    m_scope->setCurrentIndex(1);
    m_scope->setToolTip(
        tr("Where a box you draw applies: this frame, all frames of the image, "
           "every image of the series, or every image of this size from this device"));
    m_tools->addWidget(m_scope);
    m_seeThrough = m_tools->addAction(tr("See through"));
    m_seeThrough->setCheckable(true);
    m_seeThrough->setShortcut(QKeySequence(Qt::Key_T));
    m_seeThrough->setToolTip(
        tr("Show what is under the redactions (T); they are still written black"));
    connect(m_seeThrough, &QAction::toggled, this, [this] { refreshPreview(true); });
    m_overlays = m_tools->addAction(tr("Overlays"));
    m_overlays->setCheckable(true);
    m_overlays->setChecked(true);
    m_overlays->setEnabled(false);
    m_overlays->setShortcut(QKeySequence(Qt::Key_O));
    m_overlays->setToolTip(tr("Show the image's overlay planes (60xx graphics and text, also "
                              "those kept in unused bits of the pixels) in colour (O)"));
    connect(m_overlays, &QAction::toggled, m_view, &SliceView::setOverlaysVisible);
    m_tools->addSeparator();
    QAction* fit = m_tools->addAction(tr("Fit"), m_view, &SliceView::zoomFit);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* actual = m_tools->addAction(tr("1:1"), m_view, &SliceView::zoomActual);
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* zin = m_tools->addAction(tr("Zoom in"), this, [this] { m_view->zoomBy(1.25); });
    zin->setShortcut(QKeySequence::ZoomIn);
    QAction* zout = m_tools->addAction(tr("Zoom out"), this, [this] { m_view->zoomBy(0.8); });
    zout->setShortcut(QKeySequence::ZoomOut);

    m_play = new QAction(tr("Play"), this);
    m_play->setCheckable(true);
    m_play->setShortcut(QKeySequence(Qt::Key_Space));
    connect(m_play, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_cine->start(1000 / 15);
        else
            m_cine->stop();
    });
    connect(m_cine, &QTimer::timeout, this, [this] {
        if (m_instance && m_instance->frames > 1)
            showFrame((m_frame + 1) % m_instance->frames);
    });
    connect(m_slider, &QSlider::valueChanged, this, &ViewerPanel::showFrame);
    connect(m_loader, &FrameLoader::loaded, this, &ViewerPanel::onLoaded);
    connect(m_view, &SliceView::boxDrawn, this,
            [this](const QRect& r) { emit boxDrawn(r, m_frame); });

    auto* frameBar = new QHBoxLayout;
    auto* playButton = new QToolBar;
    playButton->addAction(m_play);
    frameBar->addWidget(playButton);
    frameBar->addWidget(m_slider, 1);
    m_frameLabel->setMinimumWidth(120);
    frameBar->addWidget(m_frameLabel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tools);
    layout->addWidget(m_view, 1);
    layout->addLayout(frameBar);
    m_windowMenu->addAction(m_nextPreset);
    m_windowMenu->addAction(m_prevPreset);
    m_view->setMessage(
        tr("Open a study: File › Open, or drop files, folders or zip archives here."));
    m_slider->setEnabled(false);
}

ViewerPanel::BoxScope ViewerPanel::boxScope() const {
    return BoxScope(m_scope->currentData().toInt());
}

void ViewerPanel::setBoxScope(BoxScope scope) {
    m_scope->setCurrentIndex(m_scope->findData(int(scope)));
}

void ViewerPanel::showInstance(const InstanceInfo* instance) {
    m_instance = instance;
    m_play->setChecked(false);
    m_original = {};
    m_overlays->setChecked(true); // a new image shows its overlays until asked not to
    m_overlays->setEnabled(false);
    m_view->setOverlayImage({});
    if (!instance) {
        m_view->setMessage(tr("Select an image."));
        return;
    }
    if (!instance->hasPixelData && !instance->report) {
        m_view->setMessage(tr("%1 has no image (%2).")
                               .arg(QString::fromStdString(instance->path),
                                    QString::fromStdString(sopClassName(instance->sopClassUid))));
        m_slider->setEnabled(false);
        m_frameLabel->clear();
        return;
    }
    const QSignalBlocker block(m_slider);
    m_slider->setRange(0, std::max(0, instance->frames - 1));
    m_slider->setValue(0);
    m_slider->setEnabled(instance->frames > 1);
    m_play->setEnabled(instance->frames > 1);
    m_frame = 0;
    m_loader->request(*instance, 0);
}

void ViewerPanel::showFrame(int frame) {
    if (!m_instance || frame < 0 || frame >= m_instance->frames)
        return;
    m_frame = frame;
    if (m_slider->value() != frame) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(frame);
    }
    m_loader->request(*m_instance, frame);
}

void ViewerPanel::setOverlay(const std::vector<ViewBox>& boxes,
                             const std::vector<RedactionRegion>& redactions) {
    m_boxes = boxes;
    m_redactions = redactions;
    refreshPreview(true);
}

void ViewerPanel::onLoaded(const LoadedFrame& frame) {
    if (!m_instance || frame.path != QString::fromStdString(m_instance->localPath))
        return;
    if (!frame.error.isEmpty()) {
        m_original = {};
        m_view->setMessage(frame.error);
        return;
    }
    const bool sameImage = !m_original.path.isEmpty() && m_original.path == frame.path;
    const std::optional<Window> shown = m_view->window();
    m_original = frame;
    m_frameLabel->setText(frameText());
    m_overlays->setEnabled(frame.overlayPlanes > 0);
    if (!sameImage) {
        // The series' window when one was chosen; else the header's when it fits the data,
        // the automatic one when it does not.
        const auto kept = m_seriesWindow.find(m_instance->seriesInstanceUid);
        if (kept != m_seriesWindow.end() && frame.pixels.pixels.channels() == 1) {
            m_original.params.window = kept->second;
            m_autoOpened = false;
        } else {
            m_original.params = openingParams(frame.pixels, frame.params, &m_autoOpened);
        }
        fillPresets();
    } else if (shown) {
        m_original.params.window = shown;
    }
    refreshPreview(sameImage);
    if (m_instance)
        emit frameShown(QString::fromStdString(m_instance->sopInstanceUid), frame.frame);
}

void ViewerPanel::refreshPreview(bool keepWindow) {
    if (m_original.pixels.pixels.empty())
        return;
    const bool see = m_seeThrough->isChecked();
    m_preview =
        previewRedaction(m_original.pixels, m_original.frame, m_original.description, m_redactions);
    m_view->setFrame(see ? m_original.pixels : m_preview, m_original.params, keepWindow);
    m_view->setSeeThrough(see);
    m_view->setOverlayImage(overlayImage(see));
    m_view->setBoxes(m_boxes);
}

QString ViewerPanel::frameText() const {
    QString t = (m_instance && m_instance->report ? tr("Page %1 / %2") : tr("Frame %1 / %2"))
                    .arg(m_original.frame + 1)
                    .arg(std::max(1, m_original.frameCount));
    if (m_original.overlayPlanes > 0)
        t += m_original.overlayPlanes == 1
                 ? tr(" · 1 overlay plane")
                 : tr(" · %1 overlay planes").arg(m_original.overlayPlanes);
    if (!m_original.overlayError.isEmpty())
        t += tr(" · overlays unreadable");
    return t;
}

// Each plane in its own colour; a plane whose text is to be redacted (an accepted finding in
// it) is left out, as it will be written blank, unless seeing through redactions.
QImage ViewerPanel::overlayImage(bool seeThrough) const {
    static const QRgb colours[] = {qRgb(255, 220, 0), qRgb(0, 220, 255), qRgb(255, 80, 220),
                                   qRgb(90, 255, 90)};
    if (m_original.overlays.empty())
        return {};
    const cv::Mat& first = m_original.overlays.front().mask;
    QImage out(first.cols, first.rows, QImage::Format_ARGB32);
    out.fill(Qt::transparent);
    int n = 0;
    for (const OverlayLayer& l : m_original.overlays) {
        const QRgb c = colours[n++ % 4];
        const bool blanked =
            std::any_of(m_redactions.begin(), m_redactions.end(), [&](const RedactionRegion& r) {
                return r.overlayGroup == l.plane.group && r.appliesTo(m_original.frame);
            });
        if ((blanked && !seeThrough) || l.mask.size() != first.size())
            continue;
        for (int y = 0; y < l.mask.rows; ++y) {
            const auto* m = l.mask.ptr<std::uint8_t>(y);
            auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
            for (int x = 0; x < l.mask.cols; ++x)
                if (m[x])
                    row[x] = c;
        }
    }
    return out;
}

QStringList ViewerPanel::presetNames() const {
    QStringList out;
    for (int i = 0; i < m_presets->count(); ++i)
        out << m_presets->itemText(i);
    return out;
}

int ViewerPanel::currentPreset() const {
    return m_presets->currentIndex();
}

void ViewerPanel::choosePreset(int i) {
    const QVariant v = m_presets->itemData(i);
    if (!v.isValid())
        return;
    const QPointF cw = v.toPointF();
    m_presets->setCurrentIndex(i);
    m_view->setWindow(Window{cw.x(), cw.y()});
    setSeriesWindow(Window{cw.x(), cw.y()});
}

void ViewerPanel::stepPreset(int delta) {
    const int n = m_presets->count();
    if (n == 0)
        return;
    const int cur = m_presets->currentIndex();
    choosePreset(cur < 0 ? (delta > 0 ? 0 : n - 1) : ((cur + delta) % n + n) % n);
}

void ViewerPanel::setSeriesWindow(const Window& w) {
    if (m_instance)
        m_seriesWindow[m_instance->seriesInstanceUid] = w;
}

void ViewerPanel::fillPresets() {
    m_presets->clear();
    const RenderParams& p = m_original.params;
    if (m_original.pixels.pixels.channels() == 1 &&
        m_original.pixels.photometric != "PALETTE COLOR") {
        const Window a = autoWindow(m_original.pixels, p),
                     f = fullRangeWindow(m_original.pixels, p);
        m_presets->addItem(
            tr("Auto (W %1 / L %2)").arg(a.width, 0, 'f', 0).arg(a.center, 0, 'f', 0),
            QPointF(a.center, a.width));
        m_presets->addItem(
            tr("Full range (W %1 / L %2)").arg(f.width, 0, 'f', 0).arg(f.center, 0, 'f', 0),
            QPointF(f.center, f.width));
    }
    for (std::size_t i = 0; i < p.presets.size(); ++i) {
        const WindowPreset& w = p.presets[i];
        const QString name = w.explanation.empty() ? tr("Header %1").arg(i + 1)
                                                   : QString::fromStdString(w.explanation);
        m_presets->addItem(tr("%1 (W %2 / L %3)").arg(name).arg(w.width).arg(w.center),
                           QPointF(w.center, w.width));
    }
    const QString modality = m_instance ? QString::fromStdString(m_instance->modality) : QString();
    if (modality == "CT") {
        for (const auto& [name, c, w] :
             {std::tuple{tr("Soft tissue"), 40.0, 400.0}, std::tuple{tr("Lung"), -600.0, 1500.0},
              std::tuple{tr("Bone"), 400.0, 1800.0}, std::tuple{tr("Brain"), 40.0, 80.0}})
            m_presets->addItem(tr("%1 (W %2 / L %3)").arg(name).arg(w).arg(c), QPointF(c, w));
    }
    // Presets the reviewer saved for this modality.
    for (const QPointF& saved : Settings::windowPresets(modality))
        m_presets->addItem(tr("Saved (W %1 / L %2)").arg(saved.y()).arg(saved.x()), saved);
    if (m_presets->count() == 0)
        m_presets->addItem(tr("Colour: as stored"));
    // The combo shows the window in use.
    m_presets->setCurrentIndex(-1);
    if (p.window)
        for (int i = 0; i < m_presets->count(); ++i) {
            const QPointF cw = m_presets->itemData(i).toPointF();
            if (m_presets->itemData(i).isValid() && std::abs(cw.x() - p.window->center) < 1e-6 &&
                std::abs(cw.y() - p.window->width) < 1e-6) {
                m_presets->setCurrentIndex(i);
                break;
            }
        }
    if (m_presets->currentIndex() < 0 && p.window)
        m_presets->setPlaceholderText(
            tr("W %1 / L %2").arg(p.window->width, 0, 'f', 0).arg(p.window->center, 0, 'f', 0));
    m_windowMenu->clear();
    m_windowMenu->addAction(m_nextPreset);
    m_windowMenu->addAction(m_prevPreset);
    m_windowMenu->addSeparator();
    for (int i = 0; i < m_presets->count(); ++i) {
        QAction* a =
            m_windowMenu->addAction(m_presets->itemText(i), this, [this, i] { choosePreset(i); });
        a->setCheckable(true);
        a->setChecked(i == m_presets->currentIndex());
    }
}

} // namespace veil::ui
