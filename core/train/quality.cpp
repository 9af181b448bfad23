#include "core/train/quality.h"

#include <algorithm>
#include <cmath>

namespace latent::train {

namespace {

// Symmetric square root through an eigen-decomposition; tiny negative eigenvalues from rounding
// are clamped to 0 (covariances are PSD).
torch::Tensor symmetricSqrt(const torch::Tensor& s) {
    auto [values, vectors] = torch::linalg::eigh(s, "L");
    return torch::matmul(vectors * values.clamp_min(0).sqrt().unsqueeze(0), vectors.t());
}

torch::Tensor histogram2d(const torch::Tensor& points, int bins, double extent) {
    const torch::Tensor p = points.to(torch::kCPU, torch::kFloat64);
    TORCH_CHECK(p.dim() == 2 && p.size(1) == 2, "points must be N x 2");
    const torch::Tensor cell =
        ((p + extent) / (2.0 * extent) * bins).floor().clamp(0, bins - 1).to(torch::kLong);
    const torch::Tensor index = cell.select(1, 1) * bins + cell.select(1, 0);
    return torch::bincount(index, {}, static_cast<std::int64_t>(bins) * bins)
        .to(torch::kFloat64);
}

}  // namespace

FeatureStats featureStats(const torch::Tensor& features) {
    TORCH_CHECK(features.dim() == 2 && features.size(0) >= 2, "features must be N x D with N >= 2");
    const torch::Tensor x = features.to(torch::kCPU, torch::kFloat64);
    FeatureStats stats;
    stats.count = x.size(0);
    stats.mean = x.mean(0);
    const torch::Tensor centred = x - stats.mean;
    stats.covariance = torch::matmul(centred.t(), centred) / static_cast<double>(x.size(0) - 1);
    return stats;
}

double frechetDistance(const FeatureStats& a, const FeatureStats& b) {
    TORCH_CHECK(a.mean.sizes() == b.mean.sizes(), "feature sizes differ");
    const double meanTerm = (a.mean - b.mean).pow(2).sum().item<double>();
    const torch::Tensor rootA = symmetricSqrt(a.covariance);
    torch::Tensor m = torch::matmul(torch::matmul(rootA, b.covariance), rootA);
    m = 0.5 * (m + m.t());  // exactly symmetric for eigh despite rounding
    const double crossTrace =
        std::get<0>(torch::linalg::eigh(m, "L")).clamp_min(0).sqrt().sum().item<double>();
    const double distance = meanTerm + a.covariance.trace().item<double>() +
                            b.covariance.trace().item<double>() - 2.0 * crossTrace;
    return std::max(0.0, distance);  // identical sets give -1e-12 or so
}

double frechetDistance(const torch::Tensor& a, const torch::Tensor& b) {
    return frechetDistance(featureStats(a), featureStats(b));
}

double classHistogramEntropy(const torch::Tensor& classes, int numClasses) {
    if (classes.numel() == 0) return 0;
    const torch::Tensor counts =
        torch::bincount(classes.to(torch::kCPU, torch::kLong).flatten(), {}, numClasses)
            .to(torch::kFloat64);
    const torch::Tensor p = counts / counts.sum();
    // 0 log 0 = 0.
    return -torch::where(p > 0, p * p.log(), torch::zeros_like(p)).sum().item<double>();
}

double gridJsDivergence(const torch::Tensor& real, const torch::Tensor& fake, int bins,
                        double extent) {
    TORCH_CHECK(bins >= 1 && extent > 0, "bins and extent must be positive");
    torch::Tensor p = histogram2d(real, bins, extent);
    torch::Tensor q = histogram2d(fake, bins, extent);
    p = p / p.sum().clamp_min(1);
    q = q / q.sum().clamp_min(1);
    const torch::Tensor m = 0.5 * (p + q);
    auto kl = [&](const torch::Tensor& x) {
        return torch::where(x > 0, x * (x / m).log(), torch::zeros_like(x)).sum().item<double>();
    };
    return std::max(0.0, 0.5 * kl(p) + 0.5 * kl(q));
}

double meanPairwiseDistance(const torch::Tensor& x) {
    const std::int64_t n = x.size(0);
    if (n < 2) return 0.0;
    torch::NoGradGuard noGrad;
    const torch::Tensor flat = x.reshape({n, -1}).to(torch::kCPU, torch::kDouble);
    // The diagonal is zero, so the sum over all entries is the sum over pairs i != j.
    return torch::cdist(flat, flat).sum().item<double>() / static_cast<double>(n * (n - 1));
}

torch::Tensor diversityFeatures(const torch::Tensor& images) {
    torch::NoGradGuard noGrad;
    const std::int64_t size = std::min<std::int64_t>(16, images.size(-1));
    return torch::adaptive_avg_pool2d(images.to(torch::kFloat32), {size, size})
        .reshape({images.size(0), -1});
}

}  // namespace latent::train
