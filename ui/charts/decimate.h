#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace latent::ui::charts {

// Min/max bucketing: splits the x range into maxPoints / 2 buckets and keeps, in x order, the
// lowest and highest point of each, so spikes (a divergence, a loss blow-up) survive at any zoom
// while a million-step run still costs a chart a few thousand points. Returns at most maxPoints
// points (all of them when there are no more than that); the global min and max always survive.
// Non-finite y values are skipped. Pure; safe on any thread.
QList<QPointF> decimateMinMax(const std::vector<double>& xs, const std::vector<double>& ys,
                              int maxPoints);

// One bucket of the above: appends the lowest and highest finite point of ys[begin, end) in x
// order (one point when they coincide, none when all are NaN). Lets a caller keep finished buckets
// and only scan new rows.
void appendMinMax(const std::vector<double>& xs, const std::vector<double>& ys, std::size_t begin,
                  std::size_t end, QList<QPointF>* out);

// Exponential moving average with debiasing (TensorBoard's smoothing): weight 0 returns ys,
// 0.99 is very smooth. NaN entries stay NaN and do not disturb the average.
std::vector<double> smoothEma(const std::vector<double>& ys, double weight);

}  // namespace latent::ui::charts
