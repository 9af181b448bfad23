// The charts' data path: decimation, smoothing and the log-scale guard, and the metrics.csv reader.
#include <gtest/gtest.h>

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <limits>
#include <vector>

#include "ui/charts/decimate.h"
#include "ui/charts/metricchart.h"
#include "ui/charts/trainingcharts.h"

namespace latent::ui::test {
namespace {

using Series = charts::TrainingCharts::Series;

// Every chart is there from the start (no layout jump when the first quality value arrives), and
// every axis says what it measures.
TEST(TrainingCharts, EveryChartIsThereFromTheStartWithTitledAxes) {
    charts::TrainingCharts widget;
    widget.setQualityName(QStringLiteral("FD"));
    widget.show();
    const QList<QChartView*> views = widget.findChildren<QChartView*>();
    ASSERT_EQ(views.size(), 5);  // loss, D output, overfitting watch, quality, collapse watch
    for (QChartView* view : views) {
        EXPECT_TRUE(view->isVisible()) << view->chart()->title().toStdString();
        const QList<QAbstractAxis*> axes = view->chart()->axes();
        ASSERT_EQ(axes.size(), 2);
        for (QAbstractAxis* axis : axes) {
            EXPECT_FALSE(axis->titleText().isEmpty()) << view->chart()->title().toStdString();
        }
    }
}

// The overfitting watch: the sign of D on reals on every row, the augmentation p where the run
// augments (an unaugmented run's empty p column draws nothing), and the target as a line.
TEST(TrainingCharts, TheOverfittingWatchChartsTheSignAndTheAugmentation) {
    charts::TrainingCharts widget;
    std::vector<train::MetricsRow> rows;
    for (int i = 1; i <= 20; ++i) {
        train::MetricsRow r;
        r.step = i * 10;
        r.realSign = 0.5 + 0.02 * i;
        r.augmentP = i > 10 ? 0.01 * (i - 10) : std::numeric_limits<double>::quiet_NaN();
        rows.push_back(r);
    }
    widget.setRows(rows);
    widget.refreshNow();
    const QList<QPointF> sign = widget.points(Series::RealSign);
    ASSERT_EQ(sign.size(), 20);
    EXPECT_DOUBLE_EQ(sign.back().y(), 0.9);
    const QList<QPointF> p = widget.points(Series::AugmentP);
    ASSERT_FALSE(p.isEmpty());
    EXPECT_DOUBLE_EQ(p.back().x(), 200.0);
    EXPECT_NEAR(p.back().y(), 0.1, 1e-12);
    for (const QPointF& point : p) EXPECT_TRUE(!std::isfinite(point.y()) || point.x() > 100.0);
}

TEST(TrainingCharts, DecimationKeepsAMillionPointsUnderTheCapWithMinAndMax) {
    const std::size_t n = 1000000;
    std::vector<double> xs(n), ys(n);
    for (std::size_t i = 0; i < n; ++i) {
        xs[i] = static_cast<double>(i);
        ys[i] = std::sin(static_cast<double>(i) * 0.001);
    }
    ys[123457] = 100.0;  // a loss spike one row wide
    ys[876543] = -50.0;
    ys[500] = std::numeric_limits<double>::quiet_NaN();
    const QList<QPointF> points = charts::decimateMinMax(xs, ys, 2000);
    EXPECT_LE(points.size(), 2000);
    EXPECT_GT(points.size(), 1000);
    const auto [lo, hi] = std::minmax_element(points.begin(), points.end(),
                                              [](const QPointF& a, const QPointF& b) {
                                                  return a.y() < b.y();
                                              });
    EXPECT_EQ(hi->y(), 100.0);
    EXPECT_EQ(hi->x(), 123457.0);
    EXPECT_EQ(lo->y(), -50.0);
    EXPECT_EQ(lo->x(), 876543.0);
    EXPECT_TRUE(std::is_sorted(points.begin(), points.end(),
                               [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
}

TEST(TrainingCharts, FewPointsPassThroughAndSmoothingFollowsTheMean) {
    const std::vector<double> xs = {1, 2, 3};
    const std::vector<double> ys = {1, 3, 5};
    EXPECT_EQ(charts::decimateMinMax(xs, ys, 2000).size(), 3);
    const std::vector<double> smooth = charts::smoothEma({2, 2, 2, 2}, 0.9);
    for (double v : smooth) EXPECT_NEAR(v, 2.0, 1e-12);  // debiased: no ramp from zero
}

TEST(TrainingCharts, MillionRowsStayUnderTheCapAndLogScaleDropsNonPositiveValues) {
    charts::TrainingCharts widget;
    std::vector<train::MetricsRow> rows(1000000);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].step = static_cast<std::int64_t>(i + 1);
        rows[i].gLoss = i % 2 ? 1.0 + 1e-6 * static_cast<double>(i) : -0.5;  // hinge-like dips
        rows[i].dLoss = 0.5;
    }
    widget.setRows(rows);
    QElapsedTimer clock;
    clock.start();
    widget.refreshNow();
    // A figure to quote, not a timed assertion: one redraw of a million-row run.
    std::printf("[ charts   ] refresh of 1e6 rows x 5 series: %lld ms\n",
                static_cast<long long>(clock.elapsed()));
    EXPECT_EQ(widget.rowCount(), 1000000);
    EXPECT_LE(widget.pointCount(Series::GLoss), charts::TrainingCharts::kMaxPoints);
    EXPECT_EQ(widget.pointCount(Series::Quality), 0);  // never measured: NaN everywhere

    widget.setLogScale(true);
    widget.refreshNow();
    const QList<QPointF> logPoints = widget.points(Series::GLoss);
    EXPECT_FALSE(logPoints.isEmpty());
    for (const QPointF& p : logPoints) EXPECT_GT(p.y(), 0.0);
    widget.setLogScale(false);
    widget.setSmoothing(0.9);
    widget.refreshNow();
    EXPECT_LE(widget.pointCount(Series::GLoss), charts::TrainingCharts::kMaxPoints);
}

TEST(TrainingCharts, IncrementalRedrawsOfAGrowingRunKeepTheCapAndTheExtremes) {
    charts::TrainingCharts widget;
    std::int64_t step = 0;
    for (int chunk = 0; chunk < 50; ++chunk) {
        std::vector<train::MetricsRow> rows(20000);
        for (auto& row : rows) {
            row.step = ++step;
            row.gLoss = std::cos(static_cast<double>(step) * 0.01);
            if (step == 33333) row.gLoss = 40.0;   // lands in a bucket finished long before the end
            if (step == 999990) row.gLoss = -9.0;  // in the last, partial bucket
        }
        widget.appendRows(rows);
        widget.refreshNow();
        EXPECT_LE(widget.pointCount(Series::GLoss), charts::TrainingCharts::kMaxPoints);
    }
    const QList<QPointF> points = widget.points(Series::GLoss);
    const auto [lo, hi] = std::minmax_element(points.begin(), points.end(),
                                              [](const QPointF& a, const QPointF& b) {
                                                  return a.y() < b.y();
                                              });
    EXPECT_EQ(hi->x(), 33333.0);
    EXPECT_EQ(lo->x(), 999990.0);
    EXPECT_TRUE(std::is_sorted(points.begin(), points.end(),
                               [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); }));
    // The newest redraw scans new rows only: quote its cost beside the full redraw above.
    std::vector<train::MetricsRow> more(100);
    for (auto& row : more) row.step = ++step;
    widget.appendRows(more);
    QElapsedTimer clock;
    clock.start();
    widget.refreshNow();
    std::printf("[ charts   ] incremental redraw after 100 new rows at 1e6 rows: %lld ms\n",
                static_cast<long long>(clock.elapsed()));
}

}  // namespace
}  // namespace latent::ui::test

namespace latent::ui::test {
namespace {

// The y axis reads right: a loss wandering by 0.0002 is flat, a narrow log range labels the
// values in between its decades, and a figure with a known scale keeps it.
TEST(TrainingCharts, YAxisHasAMinimumSpanReadableLogTicksAndFixedScales) {
    charts::MetricChart chart(QStringLiteral("Loss"), {QStringLiteral("G")}, {Qt::blue});
    chart.setSeries({{{0, 0.6931}, {10, 0.6933}, {20, 0.6932}}}, 0, 20);
    const auto [lo, hi] = chart.yRange();
    EXPECT_GE(hi - lo, 0.03);  // 5% of 0.69, not 0.0002 stretched over the whole height
    EXPECT_LT(lo, 0.6931);
    EXPECT_GT(hi, 0.6933);

    chart.setLogScale(true);
    chart.setSeries({{{0, 0.2}, {10, 0.9}}}, 0, 10);
    auto* log = qobject_cast<QLogValueAxis*>(chart.chart()->axes(Qt::Vertical).value(0));
    ASSERT_NE(log, nullptr);
    EXPECT_EQ(log->base(), 2.0);  // 0.125 0.25 0.5 1: labels between 0.1 and 1
    EXPECT_DOUBLE_EQ(log->min(), 0.125);
    EXPECT_DOUBLE_EQ(log->max(), 1.0);
    chart.setSeries({{{0, 0.001}, {10, 5.0}}}, 0, 10);
    EXPECT_EQ(log->base(), 10.0);  // over many decades, whole decades
    EXPECT_DOUBLE_EQ(log->min(), 0.001);
    EXPECT_DOUBLE_EQ(log->max(), 10.0);

    charts::MetricChart modes(QStringLiteral("Modes"), {QStringLiteral("modes")}, {Qt::blue});
    modes.setFixedYRange(0, 8);
    modes.setSeries({{{0, 1}, {10, 2}}}, 0, 10);
    EXPECT_EQ(modes.yRange().first, 0.0);
    EXPECT_NEAR(modes.yRange().second, 8.8, 1e-9);  // headroom over 8 of 8
    auto* linear = qobject_cast<QValueAxis*>(modes.chart()->axes(Qt::Vertical).value(0));
    ASSERT_NE(linear, nullptr);
    EXPECT_EQ(linear->tickInterval(), 2.0);  // 0 2 4 6 8
}

}  // namespace
}  // namespace latent::ui::test
