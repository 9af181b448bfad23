#include "ui/charts/metricchart.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace latent::ui::charts {

MetricChart::MetricChart(const QString& title, const QStringList& names,
                         const QList<QColor>& colors, QWidget* parent)
    : QChartView(parent), m_x(new QValueAxis) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 2, 4, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    // Animations would replay on every refresh tick.
    chart->setAnimationOptions(QChart::NoAnimation);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);

    m_x->setTitleText(tr("step"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_x->setRange(0, 1000);  // until there is data: readable labels, not 0 0 1 1
    chart->addAxis(m_x, Qt::AlignBottom);
    for (int i = 0; i < names.size(); ++i) {
        auto* series = new QLineSeries;
        series->setName(names[i]);
        QPen pen(colors.value(i, Qt::darkGray));
        pen.setWidthF(1.5);
        series->setPen(pen);
        // OpenGL series would be faster still, but offscreen and xvfb platforms lack GL.
        chart->addSeries(series);
        series->attachAxis(m_x);
        m_series.append(series);
    }
    replaceYAxis();
}

void MetricChart::setTitle(const QString& title) {
    chart()->setTitle(title);
}

void MetricChart::setYTitle(const QString& title) {
    m_yTitle = title;
    if (m_y) m_y->setTitleText(title);
}

void MetricChart::replaceYAxis() {
    QChart* c = chart();
    if (m_y) {
        c->removeAxis(m_y);
        delete m_y;
    }
    if (m_log) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10);
        axis->setLabelFormat(QStringLiteral("%.3g"));
        axis->setMinorTickCount(-1);
        m_y = axis;
    } else {
        auto* axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%.4g"));
        m_y = axis;
    }
    m_y->setTitleText(m_yTitle);
    c->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries* s : m_series) s->attachAxis(m_y);
    if (m_fixedY) setFixedYRange(m_fixedLo, m_fixedHi);
}

void MetricChart::setLogScale(bool on) {
    if (on == m_log) return;
    m_log = on;
    // The old points may be <= 0: a log axis must never see them. The next refresh refills.
    for (QLineSeries* s : m_series) s->clear();
    replaceYAxis();
}

void MetricChart::setPointsVisible(bool on) {
    for (QLineSeries* s : m_series) s->setPointsVisible(on);
}

void MetricChart::setReferenceLine(int index) {
    if (index < 0 || index >= m_series.size()) return;
    QPen pen = m_series[index]->pen();
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.0);
    m_series[index]->setPen(pen);
    m_series[index]->setPointsVisible(false);
}

void MetricChart::setSeries(const QList<QList<QPointF>>& series, double xMin, double xMax) {
    double yMin = std::numeric_limits<double>::max(), yMax = std::numeric_limits<double>::lowest();
    for (int i = 0; i < m_series.size(); ++i) {
        QList<QPointF> pts = series.value(i);
        if (m_log) {
            pts.erase(std::remove_if(pts.begin(), pts.end(),
                                     [](const QPointF& p) { return !(p.y() > 0.0); }),
                      pts.end());
        }
        for (const QPointF& p : pts) {
            yMin = std::min(yMin, p.y());
            yMax = std::max(yMax, p.y());
        }
        m_series[i]->replace(pts);
    }
    if (xMax > xMin) {
        m_x->setRange(xMin, xMax);
        m_x->applyNiceNumbers();
    }
    if (yMin > yMax) return;  // nothing to show: keep the y axis as it was
    if (m_fixedY) {
        // setFixedYRange has set the axis once; the data does not move it.
    } else if (m_log) {
        // Whole decades keep the labels readable over a wide span; over less than two decades a
        // base-2 axis labels the values in between (0.125, 0.25, 0.5, 1), which decades would not.
        const double decades = std::log10(yMax) - std::log10(yMin);
        const double base = decades >= 2.0 ? 10.0 : 2.0;
        auto* axis = static_cast<QLogValueAxis*>(m_y);
        axis->setBase(base);
        const double lo = std::pow(base, std::floor(std::log(yMin) / std::log(base)));
        double hi = std::pow(base, std::ceil(std::log(yMax) / std::log(base)));
        if (hi <= lo) hi = lo * base;
        axis->setRange(lo, hi);
    } else {
        // A minimum span (5% of the values' size): a loss wandering by 0.0002 around 0.693 is
        // flat, not a cliff.
        const double minSpan = std::max(1e-3, 0.05 * std::max(std::abs(yMin), std::abs(yMax)));
        if (yMax - yMin < minSpan) {
            const double mid = 0.5 * (yMin + yMax);
            yMin = mid - 0.5 * minSpan;
            yMax = mid + 0.5 * minSpan;
        }
        const double pad = 0.05 * (yMax - yMin);
        auto* axis = static_cast<QValueAxis*>(m_y);
        axis->setRange(yMin - pad, yMax + pad);
        axis->applyNiceNumbers();
    }
}

void MetricChart::setFixedYRange(double lo, double hi) {
    m_fixedY = hi > lo;
    m_fixedLo = lo;
    m_fixedHi = hi;
    auto* axis = qobject_cast<QValueAxis*>(m_y);
    if (!axis) return;
    if (!m_fixedY) {
        axis->setTickType(QValueAxis::TicksFixed);
        return;
    }
    // A tenth of headroom, so a curve at the top of the scale (8 of 8 modes) is not drawn on the
    // frame, and round ticks from lo (0 2 4 6 8 modes, 0 0.5 ... 2 nats), not 0 2.1 4.2.
    const double span = hi - lo;
    const double raw = span / 4;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    double step = decade;
    for (double m : {2.0, 2.5, 5.0, 10.0}) {
        if (m * decade <= raw) step = m * decade;
    }
    axis->setRange(lo, hi + 0.1 * span);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(lo);
    axis->setTickInterval(step);
}

QPair<double, double> MetricChart::yRange() const {
    if (auto* axis = qobject_cast<QValueAxis*>(m_y)) return {axis->min(), axis->max()};
    if (auto* axis = qobject_cast<QLogValueAxis*>(m_y)) return {axis->min(), axis->max()};
    return {0, 0};
}

int MetricChart::pointCount(int index) const {
    return index >= 0 && index < m_series.size() ? m_series[index]->count() : 0;
}

QList<QPointF> MetricChart::points(int index) const {
    return index >= 0 && index < m_series.size() ? m_series[index]->points() : QList<QPointF>{};
}

bool MetricChart::hasData() const {
    return std::any_of(m_series.begin(), m_series.end(),
                       [](const QLineSeries* s) { return s->count() > 0; });
}

}  // namespace latent::ui::charts
