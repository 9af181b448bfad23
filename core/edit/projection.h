#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/edit/edit.h"
#include "core/image/image.h"
#include "core/latent/latent.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
struct ModelInfo;
}  // namespace latent::model

namespace latent::edit {

// How to fit a latent to a real image.
struct ProjectionOptions {
    int steps = 200;             // Adam steps
    std::uint64_t seed = 0;      // seeds the candidate latents: same seed, same result
    int classIndex = -1;         // conditional models: -1 picks the class (see project())
    int candidates = 256;        // seeded samples scored before optimising; the best start it
    int restarts = 4;            // best candidates optimised side by side; the best one wins
    bool wPlus = true;           // style-based models: optimise W+ (false: Z like any model)
    double learningRate = 0.0;   // 0: 0.1 in Z, 0.1 x w's spread in W+
    double featureWeight = 0.1;  // weight of the feature (or multi-scale pixel) loss
    double priorWeight = 0.05;  // Z: (|z|^2/d - 1)^2 keeps z on N(0, I)'s shell; W+: far from w_avg
    int previewEvery = 10;      // a preview image every N steps (0: none)
};

struct ProjectionProgress {
    int step = 0;  // 1..steps
    int steps = 0;
    double loss = 0.0;
    std::optional<image::ImageRGB8> preview;  // the best reconstruction so far, every previewEvery
};

struct Projection {
    Space space = Space::Z;  // Z, or WPlus for style-based models (plain W: numWs == 1)
    latent::Latent latent;   // z (latentSize floats) or w+ (numWs x wSize floats, row-major)
    int numWs = 0;           // WPlus only: rows of `latent`; 1 for plain-W models
    int wSize = 0;           // WPlus only
    int classIndex = -1;     // -1: unconditional
    double loss = 0.0;       // the final objective (pixel + feature + prior)
    double mse = 0.0;        // of `image` against `target`, pixel values scaled to [0, 1]
    double psnr = 0.0;       // dB, from mse
    image::ImageRGB8 image;  // the reconstruction, RGB8 at the model's resolution
    image::ImageRGB8
        target;  // the input as the model sees it (cropped, resized, grey if 1 channel)
    int steps = 0;
    std::string featureLoss;  // "classifier" (Fashion-MNIST features), "multi-scale" or "none"
};

using ProjectionCallback = std::function<void(const ProjectionProgress&)>;

// Optimises a latent so that `generator` reproduces `target`: z for every model, W+ for style-based
// ones (from w_avg). The loss is pixel MSE plus a feature term: the shipped Fashion-MNIST
// classifier's features for 1 x 32 x 32 models (when core/train's findClassifier() finds it), else
// a multi-scale pixel loss. Conditional models use options.classIndex, else the classifier's
// prediction (Fashion-MNIST models) or the class of the best-scoring candidates.
// Runs on the calling thread with gradients on (it turns InferenceMode off for its scope); the
// callback runs on that thread every step. `cancel` (may be null) is checked every step: setting it
// gives Error "cancelled". Never throws: bad input and LibTorch errors come back as an Error.
// Deterministic for a seed and thread count. The generator is only read (safe to share).
Result<Projection> project(const model::Generator& generator, const image::ImageRGB8& target,
                           const ProjectionOptions& options,
                           const ProjectionCallback& progress = {},
                           const std::atomic<bool>* cancel = nullptr);

// The centre square of `image`, resized (area average) to resolution x resolution; grey (luma,
// replicated to RGB) when channels == 1. What project() compares against.
image::ImageRGB8 fitToModel(const image::ImageRGB8& image, int resolution, int channels);

// Reads a PNG or JPEG (told apart by their first bytes, not the name) as RGB8. Errors name the
// file: missing, not an image, corrupt. Thread-safe.
Result<image::ImageRGB8> readImageFile(const std::string& path);

// Mean squared error of two same-sized images with pixel values scaled to [0, 1] (-1 if the sizes
// differ), and the PSNR in dB it gives (capped at 100 for identical images).
double imageMse(const image::ImageRGB8& a, const image::ImageRGB8& b);
double psnrFromMse(double mse);

}  // namespace latent::edit
