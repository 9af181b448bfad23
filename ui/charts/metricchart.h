#pragma once

#include <QChartView>
#include <QColor>
#include <QList>
#include <QPair>
#include <QPointF>
#include <QString>
#include <QStringList>

class QAbstractAxis;
class QLineSeries;
class QValueAxis;

namespace latent::ui::charts {

// One chart of a few line series over training steps, with a y axis that switches between linear
// and log. Private to ui/charts; TrainingCharts is the widget the rest of the ui sees.
class MetricChart : public QChartView {
    Q_OBJECT

public:
    MetricChart(const QString& title, const QStringList& names, const QList<QColor>& colors,
                QWidget* parent = nullptr);

    // Replaces every series at once (one replace() each) and fits y to the data; x spans
    // [xMin, xMax] so every chart of a run lines up. In log scale, points with y <= 0 cannot be
    // drawn and are left out.
    void setSeries(const QList<QList<QPointF>>& series, double xMin, double xMax);
    // Sparse series (measured every N steps) show a dot per point, so a single one is visible.
    void setPointsVisible(bool on);
    // A reference line (a threshold): dashed, thin, no dots.
    void setReferenceLine(int index);
    void setLogScale(bool on);
    bool logScale() const { return m_log; }
    // A y range that stays put whatever the data (linear axes): a figure with a known scale, such as
    // modes covered of 8, reads right only against that scale. lo >= hi fits to the data again.
    void setFixedYRange(double lo, double hi);
    QPair<double, double> yRange() const;
    void setTitle(const QString& title);
    void setYTitle(const QString& title);
    int pointCount(int index) const;
    QList<QPointF> points(int index) const;
    bool hasData() const;

private:
    void replaceYAxis();

    QList<QLineSeries*> m_series;
    QValueAxis* m_x;
    QAbstractAxis* m_y = nullptr;
    QString m_yTitle;
    bool m_log = false;
    bool m_fixedY = false;
    double m_fixedLo = 0, m_fixedHi = 0;
};

}  // namespace latent::ui::charts
