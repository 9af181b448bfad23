#pragma once

#include <string>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/matrix.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::edit {

// Closed-form factorisation (SeFa, Shen & Zhou 2021): the directions n that a generator's first
// layer y = A n amplifies most are the top eigenvectors of AᵀA. No sampling, no training: instant.

inline constexpr int kDefaultSefaCount = 10;

// Eigenvectors with their eigenvalues, largest eigenvalue first.
struct EigenDirections {
    std::vector<latent::Latent> vectors;  // each of `weight.cols` values, unit length, orthonormal
    std::vector<float> values;            // eigenvalues of AᵀA, descending (>= 0)
};

// The top `count` eigenvectors of AᵀA for a weight matrix A (F x d; the columns act on the
// latent). count is clamped to d. Each vector's sign is fixed so its largest-magnitude component is
// positive: the same weights always give the same directions. Pure and thread-safe. Errors: an
// invalid matrix, count < 1, or non-finite weights.
Result<EigenDirections> closedFormFactorisation(const Matrix& weight, int count);

// What sefaDirections hands back: the directions, which parameter they came from and, when there
// is one, a warning for the user.
struct SefaResult {
    DirectionSet set;
    std::string weightName;  // the factorised parameter, e.g. "net.0.weight" or "sefa"
    std::string warning;     // e.g. fewer meaningful directions than asked for; "" when none
};

// SeFa directions for a loaded generator from Generator::firstLayerWeight(): named "SeFa 1",
// "SeFa 2", ..., method "sefa". Non-style models: space Z, sigma 1 (z ~ N(0, I), so one slider unit
// is one standard deviation whatever the direction). Style-based models (info().styleBased()):
// space W, sigma the standard deviation of w along each direction over a fixed seeded sample of
// mapped latents. Only the matrix's numerically meaningful directions are returned: when its rank
// is below `count` the set is shorter and `warning` says why and what to do. The set carries the
// model's name, content hash and sizes. Runs on the calling thread (creates its own
// InferenceMode); thread-safe for a shared generator. Errors, in words: the model exposes no
// first-layer weight (says which model and why SeFa needs it), a weight whose column count does
// not match the latent (w) size, an all-zero weight; LibTorch failures are caught and reported.
Result<SefaResult> sefaDirections(const model::Generator& generator, int count = kDefaultSefaCount);

}  // namespace latent::edit
