#include "ui/explorer/imageview.h"

#include <QKeyEvent>
#include <QPainter>

namespace latent::ui {

namespace {
constexpr int kMargin = 12;
}

ImageView::ImageView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Left/Right: previous/next seed (click the image first)"));
}

void ImageView::setImage(const QImage& image) {
    m_image = image;
    m_placeholder.clear();
    update();
}

void ImageView::setPlaceholder(const QString& text) {
    m_placeholder = text;
    update();
}

void ImageView::setSmooth(bool smooth) {
    if (smooth == m_smooth) return;
    m_smooth = smooth;
    update();
}

QRect ImageView::imageRect() const {
    if (m_image.isNull()) return {};
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    QSize size = m_image.size().scaled(area.size(), Qt::KeepAspectRatio);
    // Pixelated images look best at whole multiples of their size: no uneven pixel widths.
    if (!m_smooth && size.width() >= m_image.width()) {
        const int factor = size.width() / m_image.width();
        size = m_image.size() * factor;
    }
    QRect r(QPoint(0, 0), size);
    r.moveCenter(area.center());
    return r;
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(30, 31, 34));
    if (!m_image.isNull() && m_placeholder.isEmpty()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, m_smooth);
        const QRect target = imageRect();
        painter.fillRect(target.adjusted(-1, -1, 1, 1), QColor(60, 62, 66));
        painter.drawImage(target, m_image);
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
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::KeypadModifier) {
        if (event->key() == Qt::Key_Left) {
            Q_EMIT previousSeedRequested();
            return;
        }
        if (event->key() == Qt::Key_Right) {
            Q_EMIT nextSeedRequested();
            return;
        }
    }
    QWidget::keyPressEvent(event);
}

void ImageView::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    QWidget::mousePressEvent(event);
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
