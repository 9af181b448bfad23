#include "ui/training/toyview.h"

#include <QPainter>
#include <QLinearGradient>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace latent::ui {

namespace {
// D's probability of "real": 0 blue, 0.5 near white, 1 orange (a diverging map).
QRgb heatColour(float p) {
    p = std::clamp(std::isfinite(p) ? p : 0.5f, 0.0f, 1.0f);
    const QColor fake(70, 130, 200), mid(245, 245, 245), real(240, 150, 60);
    const QColor& a = p < 0.5f ? fake : mid;
    const QColor& b = p < 0.5f ? mid : real;
    const float t = p < 0.5f ? p * 2.0f : (p - 0.5f) * 2.0f;
    auto mix = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return qRgb(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}
}  // namespace

ToyView::ToyView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("ToyView"));
    setMinimumSize(200, 200);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ToyView::setSnapshot(std::shared_ptr<const train::TrainerSnapshot> snapshot) {
    m_snapshot = std::move(snapshot);
    rebuild();
    update();
}

void ToyView::clear() {
    m_snapshot.reset();
    rebuild();
    update();
}

bool ToyView::hasPoints() const {
    return m_snapshot && !m_snapshot->points.empty();
}

void ToyView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    rebuild();
}

bool ToyView::hasHeatmap() const {
    return m_snapshot && m_snapshot->heatmapSize > 0;
}

QRect ToyView::plotRect() const {
    // Room for the tick labels left and below, and for the colour bar under them (the view is
    // usually a narrow, tall column: height is cheaper than width).
    const int left = kAxisMargin, top = 9, right = 8;
    const int bottom = kAxisMargin - 8 + (hasHeatmap() ? kColourBarMargin : 0);
    const int side = std::max(1, std::min(width() - left - right, height() - top - bottom));
    const int x = left + (width() - left - right - side) / 2;
    const int y = top + (height() - top - bottom - side) / 2;
    return {x, y, side, side};
}

void ToyView::rebuild() {
    const int side = plotRect().width();
    m_cache = QImage(side, side, QImage::Format_RGB32);
    m_cache.fill(QColor(250, 250, 250));
    m_extent = 0.0f;
    if (!m_snapshot) return;
    const train::TrainerSnapshot& s = *m_snapshot;

    // The heat map's extent frames the picture; without one, fit the points.
    float extent = s.extent;
    if (!(extent > 0.0f)) {
        for (const std::vector<float>* pts : {&s.points, &s.realPoints}) {
            for (float v : *pts) {
                if (std::isfinite(v)) extent = std::max(extent, std::abs(v));
            }
        }
        extent = extent > 0.0f ? extent * 1.1f : 1.0f;
    }
    m_extent = extent;

    QPainter painter(&m_cache);
    painter.setRenderHint(QPainter::Antialiasing);
    const int n = s.heatmapSize;
    if (n > 0 && s.heatmap.size() == static_cast<std::size_t>(n) * n) {
        QImage heat(n, n, QImage::Format_RGB32);
        // Row 0 of the grid is y = -extent: the bottom of the picture.
        for (int row = 0; row < n; ++row) {
            auto* line = reinterpret_cast<QRgb*>(heat.scanLine(n - 1 - row));
            for (int col = 0; col < n; ++col) {
                line[col] = heatColour(s.heatmap[static_cast<std::size_t>(row) * n + col]);
            }
        }
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(QRect(0, 0, side, side), heat);
    }
    auto toPixel = [&](float x, float y) {
        return QPointF((x + extent) / (2 * extent) * side, (extent - y) / (2 * extent) * side);
    };
    auto drawPoints = [&](const std::vector<float>& pts, const QColor& fill, double radius) {
        painter.setPen(QPen(fill.darker(160), 0.6));
        painter.setBrush(fill);
        for (std::size_t i = 0; i + 1 < pts.size(); i += 2) {
            if (!std::isfinite(pts[i]) || !std::isfinite(pts[i + 1])) continue;
            painter.drawEllipse(toPixel(pts[i], pts[i + 1]), radius, radius);
        }
    };
    drawPoints(s.realPoints, QColor(40, 160, 90, 170), 2.2);
    drawPoints(s.points, QColor(140, 60, 170, 200), 2.4);

    painter.setPen(QColor(120, 120, 120));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(0.5, 0.5, side - 1, side - 1));
}

void ToyView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    if (m_cache.isNull()) return;
    const QRect plot = plotRect();
    const QPoint origin = plot.topLeft();
    painter.drawImage(origin, m_cache);
    if (!m_snapshot) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("Points appear with the first snapshot"));
        return;
    }
    QFont small = painter.font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    painter.setFont(small);
    const QColor ink = palette().color(QPalette::WindowText);

    // Axes: a tick and a label at each whole unit of the plane (-3 ... 3 for the heat map's extent).
    if (m_extent > 0.0f) {
        const int units = static_cast<int>(std::floor(m_extent));
        const int every = units > 6 ? (units + 5) / 6 : 1;
        const double scale = plot.width() / (2.0 * m_extent);
        painter.setPen(ink);
        for (int v = -units; v <= units; v += every) {
            const double x = plot.left() + (v + m_extent) * scale;
            const double y = plot.top() + (m_extent - v) * scale;
            const QString label = QString::number(v);
            painter.drawLine(QPointF(x, plot.bottom() + 1), QPointF(x, plot.bottom() + 4));
            painter.drawText(QRectF(x - 15, plot.bottom() + 4, 30, 14), Qt::AlignHCenter | Qt::AlignTop,
                             label);
            painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left() - 1, y));
            painter.drawText(QRectF(0, y - 7, plot.left() - 6, 14), Qt::AlignRight | Qt::AlignVCenter,
                             label);
        }
    }

    // The colour bar: what D's colours mean, from "fake" (0, left) to "real" (1, right).
    if (hasHeatmap()) {
        const QRect bar(plot.left(), plot.bottom() + kAxisMargin - 4, plot.width(), 10);
        QLinearGradient gradient(bar.topLeft(), bar.topRight());
        for (float p : {0.0f, 0.25f, 0.5f, 0.75f, 1.0f}) gradient.setColorAt(p, QColor(heatColour(p)));
        painter.fillRect(bar, gradient);
        painter.setPen(QColor(120, 120, 120));
        painter.drawRect(bar.adjusted(0, 0, -1, -1));
        painter.setPen(ink);
        const QRectF labels(bar.left(), bar.bottom() + 2, bar.width(), 14);
        painter.drawText(labels, Qt::AlignLeft | Qt::AlignTop, tr("0 fake"));
        painter.drawText(labels, Qt::AlignHCenter | Qt::AlignTop, tr("D(x)"));
        painter.drawText(labels, Qt::AlignRight | Qt::AlignTop, tr("real 1"));
    }

    // Legend, so the colours explain themselves.
    const int x = origin.x() + 8;
    int y = origin.y() + 8;
    const int rows = m_snapshot->heatmapSize > 0 ? 4 : 2;
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 200));
    painter.drawRoundedRect(QRectF(x - 4, y - 3, 84, rows * 16 + 6), 4, 4);
    auto legend = [&](const QColor& colour, const QString& text) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(x + 4, y + 6), 4, 4);
        painter.setPen(QColor(40, 40, 40));
        painter.drawText(QPoint(x + 12, y + 10), text);
        y += 16;
    };
    legend(QColor(40, 160, 90), tr("real"));
    legend(QColor(140, 60, 170), tr("generated"));
    if (m_snapshot->heatmapSize > 0) {
        legend(QColor(240, 150, 60), tr("D: real"));
        legend(QColor(70, 130, 200), tr("D: fake"));
    }
}

}  // namespace latent::ui
