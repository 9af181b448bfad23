#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace latent::train {

// Sample-quality measures (core-internal, speak tensors). All pure, thread-safe, CPU, float64
// inside; they throw c10::Error on mismatched shapes.

// Mean (D float64) and covariance (D x D float64, unbiased) of N x D features: what a Frechet
// distance needs, so a fixed reference set's statistics are computed once.
struct FeatureStats {
    torch::Tensor mean;
    torch::Tensor covariance;
    std::int64_t count = 0;
};
FeatureStats featureStats(const torch::Tensor& features);

// Frechet distance between Gaussians fitted to two feature sets:
//   |m1 - m2|^2 + tr(S1) + tr(S2) - 2 tr(sqrt(S1 S2)),
// with tr(sqrt(S1 S2)) = sum of sqrt(eigenvalues of sqrt(S1) S2 sqrt(S1)), a symmetric PSD matrix,
// so a symmetric eigen-decomposition is exact and stable (no complex sqrtm as in scipy's FID).
double frechetDistance(const FeatureStats& a, const FeatureStats& b);
double frechetDistance(const torch::Tensor& a, const torch::Tensor& b);

// Entropy (nats) of the histogram of `classes` (N int64 in [0, numClasses)): log(numClasses) when
// every class is equally frequent, 0 when all are one class. 0 for N = 0.
double classHistogramEntropy(const torch::Tensor& classes, int numClasses);

// Mean L2 distance between the rows of N x D `x` over all pairs i != j (0 for N < 2).
double meanPairwiseDistance(const torch::Tensor& x);

// What diversity compares for N images (N x C x R x R): each image average-pooled to at most
// 16 x 16 and flattened, so small shifts and noise count little and the cost stays small.
torch::Tensor diversityFeatures(const torch::Tensor& images);

// Jensen-Shannon divergence (nats, in [0, log 2]) between the histograms of two 2-D point sets
// (N x 2) on a bins x bins grid over [-extent, extent]^2; points outside fall into the edge cells.
double gridJsDivergence(const torch::Tensor& real, const torch::Tensor& fake, int bins = 32,
                        double extent = 3.0);

}  // namespace latent::train
