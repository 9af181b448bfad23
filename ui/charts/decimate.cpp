#include "ui/charts/decimate.h"

#include <algorithm>
#include <cmath>

namespace latent::ui::charts {

QList<QPointF> decimateMinMax(const std::vector<double>& xs, const std::vector<double>& ys,
                              int maxPoints) {
    QList<QPointF> out;
    const std::size_t n = std::min(xs.size(), ys.size());
    std::size_t finite = 0;
    for (std::size_t i = 0; i < n; ++i) finite += std::isfinite(ys[i]) ? 1 : 0;
    if (finite == 0 || maxPoints < 2) return out;
    if (finite <= static_cast<std::size_t>(maxPoints)) {
        out.reserve(static_cast<int>(finite));
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isfinite(ys[i])) out.append(QPointF(xs[i], ys[i]));
        }
        return out;
    }
    // Buckets by index, not by x: rows come in step order at a fixed interval, and index buckets
    // stay even across a resume that restarts wall time.
    const std::size_t buckets = static_cast<std::size_t>(maxPoints) / 2;
    out.reserve(static_cast<int>(buckets * 2));
    for (std::size_t b = 0; b < buckets; ++b) {
        appendMinMax(xs, ys, b * n / buckets, (b + 1) * n / buckets, &out);
    }
    return out;
}

void appendMinMax(const std::vector<double>& xs, const std::vector<double>& ys, std::size_t begin,
                  std::size_t end, QList<QPointF>* out) {
    std::size_t lo = end, hi = end;
    for (std::size_t i = begin; i < end; ++i) {
        if (!std::isfinite(ys[i])) continue;
        if (lo == end || ys[i] < ys[lo]) lo = i;
        if (hi == end || ys[i] > ys[hi]) hi = i;
    }
    if (lo == end) return;
    const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
    out->append(QPointF(xs[first], ys[first]));
    if (second != first) out->append(QPointF(xs[second], ys[second]));
}

std::vector<double> smoothEma(const std::vector<double>& ys, double weight) {
    if (weight <= 0.0) return ys;
    weight = std::min(weight, 0.999);
    std::vector<double> out(ys.size());
    double last = 0.0;
    int count = 0;
    for (std::size_t i = 0; i < ys.size(); ++i) {
        if (!std::isfinite(ys[i])) {
            out[i] = ys[i];
            continue;
        }
        last = last * weight + (1.0 - weight) * ys[i];
        ++count;
        out[i] = last / (1.0 - std::pow(weight, count));
    }
    return out;
}

}  // namespace latent::ui::charts
