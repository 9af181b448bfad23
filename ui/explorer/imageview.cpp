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

double ImageView::fitZoom() const {
    if (m_image.isNull()) return 1.0;
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
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
    r.moveCenter(QRectF(rect()).center() + (fitted() ? QPointF() : m_pan));
    // Whole screen pixels for the corner: no seam moving through the blocks while panning.
    r.moveTopLeft(QPointF(std::round(r.left()), std::round(r.top())));
    return r;
}

void ImageView::zoomTo(double zoom, QPointF anchor) {
    if (m_image.isNull()) return;
    const double before = this->zoom();
    const QPointF centre = QRectF(rect()).center() + (fitted() ? QPointF() : m_pan);
    if (zoom <= 0.0) {
        m_zoom = 0.0;
        m_pan = {};
    } else {
        m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
        // The image point under the anchor stays under it.
        const QPointF fromCentre = (anchor - centre) * (m_zoom / before);
        m_pan = anchor - fromCentre - QRectF(rect()).center();
        clampPan();
    }
    update();
    Q_EMIT zoomChanged(this->zoom());
}

void ImageView::clampPan() {
    if (fitted() || m_image.isNull()) return;
    const double w = m_image.width() * m_zoom, h = m_image.height() * m_zoom;
    const double spareX = std::max(0.0, (w - width()) / 2.0 + kMargin);
    const double spareY = std::max(0.0, (h - height()) / 2.0 + kMargin);
    m_pan.setX(w <= width() ? 0.0 : std::clamp(m_pan.x(), -spareX, spareX));
    m_pan.setY(h <= height() ? 0.0 : std::clamp(m_pan.y(), -spareY, spareY));
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
    zoomTo(target, QRectF(rect()).center());
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
    zoomTo(target, QRectF(rect()).center());
}

void ImageView::fitToView() { zoomTo(0.0, QRectF(rect()).center()); }

void ImageView::actualSize() { zoomTo(1.0, QRectF(rect()).center()); }

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
    if (!m_image.isNull() && m_placeholder.isEmpty()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, drawsSmooth());
        const QRectF target = imageRect();
        painter.fillRect(target.adjusted(-1, -1, 1, 1), QColor(60, 62, 66));
        painter.drawImage(target, m_image);
        if (!fitted()) {
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
    } else {
        painter.setPen(QColor(160, 162, 168));
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * 1.2);
        painter.setFont(font);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         m_placeholder.isEmpty() ? tr("Rendering…") : m_placeholder);
    }
    if (hasFocus()) {
        painter.setPen(QPen(palette().highlight().color(), 2));
        painter.drawRect(rect().adjusted(1, 1, -1, -1));
    }
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
