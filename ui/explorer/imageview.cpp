#include "ui/explorer/imageview.h"

#include <QKeyEvent>
#include <QNativeGestureEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>

namespace latent::ui {

namespace {
constexpr int kMargin = 12;
constexpr int kDivider = 2;  // between the panes of a comparison
constexpr double kMinZoom = 0.125;
constexpr double kMaxZoom = 64.0;
// Zoom stops: whole multiples above 1:1 (crisp pixel blocks), halvings below.
constexpr std::array<double, 20> kStops = {0.125, 0.25, 0.5, 1,  2,  3,  4,  5,  6,  8,
                                           10,    12,   16,  20, 24, 32, 40, 48, 56, 64};
}  // namespace

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAttribute(Qt::WA_AcceptTouchEvents);
    setToolTip(tr("Left/Right: previous/next seed · Ctrl+wheel or +/−: zoom · drag: pan · "
                  "0: fit · 1: actual pixels (click the image first)"));
}

void ImageView::setImage(const QImage& image) {
    const bool resized = image.size() != m_image.size();
    m_image = image;
    m_placeholder.clear();
    if (resized) clampPan();
    update();
}

void ImageView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

void ImageView::setScaling(Scaling scaling) {
    if (scaling == m_scaling) return;
    m_scaling = scaling;
    update();
}

bool ImageView::drawsSmooth() const {
    switch (m_scaling) {
        case Scaling::Smooth:
            return true;
        case Scaling::Pixelated:
            return false;
        case Scaling::Auto:
            break;
    }
    return zoom() < kPixelatedFrom;
}

QRectF ImageView::pane() const {
    if (!m_comparing) return QRectF(rect());
    return {0.0, 0.0, std::floor((width() - kDivider) / 2.0), static_cast<double>(height())};
}

QRectF ImageView::leftPane() const { return m_comparing ? pane() : QRectF(); }

QRectF ImageView::rightPane() const {
    if (!m_comparing) return {};
    const QRectF left = pane();
    return left.translated(left.width() + kDivider, 0.0);
}

QPointF ImageView::inPane(QPointF position) const {
    if (!m_comparing || position.x() < rightPane().left()) return position;
    return position - QPointF(rightPane().left(), 0.0);
}

void ImageView::setCompare(const Pane& left, const Pane& right) {
    const bool started = !m_comparing;
    m_comparing = true;
    m_left = left;
    m_right = right;
    if (started) {
        clampPan();
        if (fitted()) Q_EMIT zoomChanged(zoom());
    }
    update();
}

void ImageView::clearCompare() {
    if (!m_comparing) return;
    m_comparing = false;
    m_left = m_right = Pane();
    clampPan();
    if (fitted()) Q_EMIT zoomChanged(zoom());
    update();
}

QImage ImageView::paneImage(int side) const {
    const Pane& p = side == 0 ? m_left : m_right;
    return p.current ? m_image : p.image;
}

double ImageView::fitZoom() const {
    if (m_image.isNull()) return 1.0;
    const QRect area = pane().toRect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const double fit = std::min(static_cast<double>(area.width()) / m_image.width(),
                                static_cast<double>(area.height()) / m_image.height());
    // Blocks of whole pixels look best when pixelated: the largest whole factor that fits.
    if (fit >= kPixelatedFrom && m_scaling != Scaling::Smooth) return std::floor(fit);
    if (fit >= 1.0 && m_scaling == Scaling::Pixelated) return std::floor(fit);
    return std::max(fit, 0.01);
}

double ImageView::zoom() const { return fitted() ? fitZoom() : m_zoom; }

QRectF ImageView::imageRect() const {
    if (m_image.isNull()) return {};
    const double z = zoom();
    QRectF r(0, 0, m_image.width() * z, m_image.height() * z);
    r.moveCenter(pane().center() + (fitted() ? QPointF() : m_pan));
    // Whole screen pixels for the corner: no seam moving through the blocks while panning.
    r.moveTopLeft(QPointF(std::round(r.left()), std::round(r.top())));
    return r;
}

void ImageView::zoomTo(double zoom, QPointF anchor) {
    if (m_image.isNull()) return;
    const double before = this->zoom();
    anchor = inPane(anchor);
    const QPointF centre = pane().center() + (fitted() ? QPointF() : m_pan);
    if (zoom <= 0.0) {
        m_zoom = 0.0;
        m_pan = {};
    } else {
        m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
        // The image point under the anchor stays under it.
        const QPointF fromCentre = (anchor - centre) * (m_zoom / before);
        m_pan = anchor - fromCentre - pane().center();
        clampPan();
    }
    update();
    Q_EMIT zoomChanged(this->zoom());
}

void ImageView::clampPan() {
    if (fitted() || m_image.isNull()) return;
    const double w = m_image.width() * m_zoom, h = m_image.height() * m_zoom;
    const QRectF area = pane();
    const double spareX = std::max(0.0, (w - area.width()) / 2.0 + kMargin);
    const double spareY = std::max(0.0, (h - area.height()) / 2.0 + kMargin);
    m_pan.setX(w <= area.width() ? 0.0 : std::clamp(m_pan.x(), -spareX, spareX));
    m_pan.setY(h <= area.height() ? 0.0 : std::clamp(m_pan.y(), -spareY, spareY));
}

double ImageView::snapped(double zoom) const {
    // Where the image is drawn as pixel blocks, blocks of one width: whole factors.
    const bool blocks = m_scaling == Scaling::Pixelated ? zoom >= 1.0
                        : m_scaling == Scaling::Auto    ? zoom >= kPixelatedFrom
                                                        : false;
    return blocks ? std::round(zoom) : zoom;
}

void ImageView::zoomIn() {
    const double z = zoom(), fit = fitZoom();
    const auto next =
        std::find_if(kStops.begin(), kStops.end(), [z](double s) { return s > z + 1e-9; });
    const double target = next == kStops.end() ? kMaxZoom : *next;
    // Stepping up past the fitted size from below stops at fit on the way.
    if (!fitted() && z < fit - 1e-9 && target > fit + 1e-9) {
        fitToView();
        return;
    }
    zoomTo(target, pane().center());
}

void ImageView::zoomOut() {
    const double z = zoom(), fit = fitZoom();
    const auto next =
        std::find_if(kStops.rbegin(), kStops.rend(), [z](double s) { return s < z - 1e-9; });
    const double target = next == kStops.rend() ? kMinZoom : *next;
    // Stepping down past the fitted size from above stops at fit on the way.
    if (!fitted() && z > fit + 1e-9 && target < fit - 1e-9) {
        fitToView();
        return;
    }
    zoomTo(target, pane().center());
}

void ImageView::fitToView() { zoomTo(0.0, pane().center()); }

void ImageView::actualSize() { zoomTo(1.0, pane().center()); }

bool ImageView::event(QEvent* event) {
    if (event->type() == QEvent::NativeGesture) {
        auto* gesture = static_cast<QNativeGestureEvent*>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomTo(zoom() * (1.0 + gesture->value()), gesture->position());
            return true;
        }
    }
    if (event->type() == QEvent::Resize && fitted()) Q_EMIT zoomChanged(zoom());
    if (event->type() == QEvent::Resize) clampPan();
    return QWidget::event(event);
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(30, 31, 34));
    if (m_comparing) {
        const QRectF right = rightPane();
        painter.fillRect(QRectF(pane().right(), 0.0, right.left() - pane().right(), height()),
                         QColor(90, 92, 98));
        drawPane(painter, pane(), paneImage(0), m_left.caption, m_left.placeholder);
        drawPane(painter, right, paneImage(1), m_right.caption,
                 m_right.current ? m_placeholder : m_right.placeholder);
    } else {
        drawPane(painter, pane(), m_image, QString(), m_placeholder);
    }
    if (!m_image.isNull() && m_placeholder.isEmpty() && !fitted()) {
        // How far in the user is, in the corner: "800 %", "1:1".
        const double z = zoom();
        const QString text = std::abs(z - 1.0) < 1e-9
                                 ? tr("1:1")
                                 : tr("%1 %").arg(static_cast<int>(std::lround(z * 100)));
        const QRect box = painter.fontMetrics().boundingRect(text).adjusted(-6, -3, 6, 3);
        QRect where = box;
        where.moveBottomLeft(rect().bottomLeft() + QPoint(8, -8));
        painter.fillRect(where, QColor(0, 0, 0, 150));
        painter.setPen(QColor(230, 230, 235));
        painter.drawText(where, Qt::AlignCenter, text);
    }
    if (hasFocus()) {
        painter.setPen(QPen(palette().highlight().color(), 2));
        painter.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void ImageView::drawPane(QPainter& painter, const QRectF& area, const QImage& image,
                         const QString& caption, const QString& placeholder) {
    painter.save();
    painter.setClipRect(area);
    if (!image.isNull() && placeholder.isEmpty()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, drawsSmooth());
        // Both panes share the geometry of the left one (the same zoom and pan).
        const QRectF target = imageRect().translated(area.left(), 0.0);
        painter.fillRect(target.adjusted(-1, -1, 1, 1), QColor(60, 62, 66));
        painter.drawImage(target, image);
    } else {
        painter.setPen(QColor(160, 162, 168));
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * 1.2);
        painter.setFont(font);
        painter.drawText(area.adjusted(kMargin, kMargin, -kMargin, -kMargin),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         placeholder.isEmpty() ? tr("Rendering…") : placeholder);
    }
    if (!caption.isEmpty()) {
        QFont font = painter.font();
        font.setBold(true);
        painter.setFont(font);
        const QString text = painter.fontMetrics().elidedText(
            caption, Qt::ElideRight, static_cast<int>(area.width()) - 28);
        QRect where = painter.fontMetrics().boundingRect(text).adjusted(-7, -4, 7, 4);
        where.moveTopLeft(area.topLeft().toPoint() + QPoint(8, 8));
        painter.fillRect(where, QColor(0, 0, 0, 160));
        painter.setPen(QColor(235, 235, 240));
        painter.drawText(where, Qt::AlignCenter, text);
    }
    painter.restore();
}

void ImageView::keyPressEvent(QKeyEvent* event) {
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods == Qt::NoModifier || mods == Qt::ShiftModifier) {
        switch (event->key()) {
            case Qt::Key_Left:
                if (mods == Qt::NoModifier) {
                    Q_EMIT previousSeedRequested();
                    return;
                }
                break;
            case Qt::Key_Right:
                if (mods == Qt::NoModifier) {
                    Q_EMIT nextSeedRequested();
                    return;
                }
                break;
            case Qt::Key_Plus:
            case Qt::Key_Equal:
                zoomIn();
                return;
            case Qt::Key_Minus:
                zoomOut();
                return;
            case Qt::Key_0:
                fitToView();
                return;
            case Qt::Key_1:
                actualSize();
                return;
            default:
                break;
        }
    }
    QWidget::keyPressEvent(event);
}

void ImageView::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    if (!fitted() && (event->button() == Qt::LeftButton || event->button() == Qt::MiddleButton)) {
        m_dragging = true;
        m_dragFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
    }
    QWidget::mousePressEvent(event);
}

void ImageView::mouseMoveEvent(QMouseEvent* event) {
    if (m_dragging) {
        m_pan += event->position() - m_dragFrom;
        m_dragFrom = event->position();
        clampPan();
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void ImageView::mouseReleaseEvent(QMouseEvent* event) {
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
    }
    QWidget::mouseReleaseEvent(event);
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event) {
    // Double-click toggles between the fitted view and actual pixels at the cursor.
    if (fitted()) {
        zoomTo(std::max(1.0, std::ceil(fitZoom() * 2.0)), event->position());
    } else {
        fitToView();
    }
}

void ImageView::wheelEvent(QWheelEvent* event) {
    const QPoint steps = event->angleDelta();
    if (event->modifiers() & Qt::ControlModifier) {
        // One notch (120 units; a touchpad's small deltas add up to one): 25 % closer or
        // further, at the cursor.
        m_wheelZoom += steps.y();
        const int notches = m_wheelZoom / 120;
        if (notches != 0) {
            m_wheelZoom -= notches * 120;
            zoomTo(snapped(zoom() * std::pow(1.25, notches)), event->position());
        }
        event->accept();
        return;
    }
    if (!fitted()) {
        const QPoint pixels = event->pixelDelta().isNull() ? steps / 2 : event->pixelDelta();
        m_pan += (event->modifiers() & Qt::ShiftModifier) ? QPointF(pixels.y(), pixels.x())
                                                          : QPointF(pixels);
        clampPan();
        update();
        event->accept();
        return;
    }
    QWidget::wheelEvent(event);
}

// The focus frame tells the user that Left/Right now step the seed.
void ImageView::focusInEvent(QFocusEvent* event) {
    update();
    QWidget::focusInEvent(event);
}

void ImageView::focusOutEvent(QFocusEvent* event) {
    update();
    QWidget::focusOutEvent(event);
}

}  // namespace latent::ui
