#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/edit/edit.h"
#include "core/edit/matrix.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::edit {

// GANSpace (Härkönen et al. 2020): principal components of a generator's activations (or of w for
// style-based models) over many sampled latents, expressed as directions in latent space.

inline constexpr int kDefaultPcaCount = 10;
inline constexpr int kDefaultPcaSamples = 8192;

// Directions in latent space with the spread of the sampled latents along each.
struct LatentBasis {
    std::vector<latent::Latent> vectors;  // each of `latents.cols` values, unit length
    std::vector<float> sigmas;            // std-dev of the latents projected on each vector (> 0)
    std::vector<float> variances;         // variance of the features along each principal axis,
                                          // descending: how much of the data each one explains
};

// The top `count` principal directions of `features` (N x F), mapped back to latent space by
// least-squares regression of the centred latents (N x d) on the PCA coordinates (GANSpace's
// method for non-style models), then unit-normalised. Pass the latents themselves as features to
// get plain PCA of the latents (the regression then returns the eigenvectors; sigma = the square
// root of the eigenvalue): that is how style-based models' w is handled. Signs are fixed so each
// vector's largest-magnitude component is positive. Deterministic: exact (eigh) up to 1024
// features, else seeded randomised subspace iteration (the default model's 10 directions agree
// with a 4x longer iteration to cosine 0.999). count is clamped to min(N - 1, F, d). Pure and
// thread-safe. Errors: fewer than 2 rows, row counts that differ, count < 1, non-finite values.
Result<LatentBasis> principalDirections(const Matrix& features, const Matrix& latents, int count);

struct PcaOptions {
    int count = kDefaultPcaCount;      // directions wanted
    int samples = kDefaultPcaSamples;  // latents drawn; more is steadier and slower (linear)
    std::uint64_t seed = 0;            // sample i is latent::sampleLatent(mixSeed(seed, i), ...)
    int batch = 512;                   // latents per forward; cancel is checked between batches
    int classIndex = -1;               // conditional models: -1 cycles through all classes
};

// Called with the fraction done in [0, 1] after every batch, on the calling thread.
using Progress = std::function<void(float fraction)>;

// PCA directions for a loaded generator, named "PCA 1", "PCA 2", ..., method "pca".
//  - style-based models: PCA directly on w = mapping(z); space W, sigma = sqrt(eigenvalue);
//  - others: PCA of Generator::features() (or, when the model exposes none, of its output images
//    average-pooled to at most 16 x 16), mapped to Z by regression; space Z, sigma = std of z along
//    each direction.
// Runs on the calling thread under its own InferenceMode, batched; `cancel` (may be null) is
// checked before every batch and a set flag returns Error{"cancelled"}. `progress` may be empty.
// About 3-4 s for the default model (DCGAN-32, 8192 samples) on 2 cores. Thread-safe for a shared
// generator. Errors (bad options, LibTorch failures) come back as messages.
Result<DirectionSet> pcaDirections(const model::Generator& generator,
                                   const PcaOptions& options = {}, const Progress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace latent::edit
