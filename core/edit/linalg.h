#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "core/edit/matrix.h"
#include "core/latent/latent.h"

namespace latent::model {
class Generator;
}

// Core-internal linear algebra shared by SeFa, PCA and attribute directions. Everything is float64
// on the CPU: the matrices are small (a few thousand rows) and the results must be reproducible.
namespace latent::edit::detail {

torch::Tensor toTensor(const Matrix& m);  // rows x cols float64
Matrix toMatrix(const torch::Tensor& t);  // any 2-D tensor
torch::Tensor toTensor(const latent::Latent& v);
latent::Latent toLatent(const torch::Tensor& v);  // 1-D

// Flips each column of `vectors` (d x k) so its largest-magnitude component is positive.
torch::Tensor fixSigns(const torch::Tensor& vectors);

// Top `k` eigenpairs of the symmetric positive semi-definite matrix XᵀX (X: n x d float32 or
// float64, already centred if wanted): values descending (k), vectors d x k with fixed signs, both
// float64. Exact (eigh) when d is small, otherwise seeded randomised subspace iteration on X in X's
// dtype (never forms a d x d matrix).
struct Eigen {
    torch::Tensor values;
    torch::Tensor vectors;
};
Eigen topEigen(const torch::Tensor& x, int k, std::uint64_t seed = 0x5eed);

// Latents start .. start+n-1 of a seeded stream (latent::sampleLatent(mixSeed(seed, i))): n x dim
// float32. The same seed gives the same samples whatever the batch size.
torch::Tensor seededLatentRows(std::uint64_t seed, int start, int n, int dim);
// Class indices for those rows: `fixedClass` for all, or cycling through the model's classes when
// -1; undefined for unconditional models.
torch::Tensor sampleClasses(const model::Generator& generator, int start, int n, int fixedClass);
// w = mapping(z, c) as n x wSize float32 on the CPU (per-layer outputs: the first layer's w, which
// a mapping network broadcasts to every layer).
torch::Tensor mappedW(const model::Generator& generator, const torch::Tensor& z,
                      const torch::Tensor& classes);
// The truncation trick, as TorchScriptModel::generate() does it: w pulled toward `wAvg` by `psi`
// (wAvg broadcasts against w); w itself at psi 1. Inline: editforward.cpp uses it without the rest.
inline torch::Tensor truncateW(const torch::Tensor& w, const torch::Tensor& wAvg, float psi) {
    if (psi == 1.0f) return w;
    return wAvg + psi * (w - wAvg);
}

}  // namespace latent::edit::detail
