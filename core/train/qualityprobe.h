#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "core/train/classifier.h"
#include "core/train/quality.h"
#include "core/train/toy.h"
#include "core/util/result.h"

namespace latent::train {

// z (N x latentSize float32) and classes (N int64, undefined when unconditional) -> N generated
// images (N x C x R x R in [-1, 1]) or toy points (N x 2), on any device.
using GenerateFn = std::function<torch::Tensor(const torch::Tensor& z, const torch::Tensor& classes)>;

struct GeneratedSet {
    torch::Tensor samples;  // N x ... float32, CPU
    torch::Tensor classes;  // N int64, CPU: i % numClasses (balanced); undefined if unconditional
};
// `count` samples from latents drawn by a CPU generator seeded with `seed` (never the global RNG):
// the same seed gives the same latents, so successive measurements of a run differ only by G.
// Runs in chunks under NoGradGuard.
GeneratedSet generateSamples(const GenerateFn& generate, std::int64_t count, int latentSize,
                             int numClasses, std::uint64_t seed);

struct QualityMeasurement {
    double quality = std::numeric_limits<double>::quiet_NaN();       // FD, or JS for toy data
    double classEntropy = std::numeric_limits<double>::quiet_NaN();  // Fashion-MNIST only
    double diversity = std::numeric_limits<double>::quiet_NaN();     // see MetricsRow
    double modesCovered = std::numeric_limits<double>::quiet_NaN();  // toys only
};

// What the trainer measures every config.qualityEvery steps (see MetricsRow). Holds the
// reference: classifier features of `count` held-out real images (the first `count` of t10k), or
// real toy points. Not thread-safe; the training thread owns it.
class QualityProbe {
public:
    // Fashion-MNIST image runs. An Error when the classifier or t10k cannot be read.
    static Result<std::unique_ptr<QualityProbe>> forFashionMnist(const std::string& classifierPath,
                                                                 const std::string& dataDir,
                                                                 std::int64_t count);
    // Toy runs: `real` is N x 2 points of the training distribution `kind`.
    static std::unique_ptr<QualityProbe> forToy(const torch::Tensor& real, ToyKind kind,
                                                std::int64_t count);
    // Other image runs (folders): diversity only, against `real` (N x C x R x R in [-1, 1]).
    static std::unique_ptr<QualityProbe> forImages(const torch::Tensor& real, std::int64_t count);

    QualityMeasurement measure(const GenerateFn& generate, int latentSize, int numClasses);

private:
    QualityProbe() = default;

    std::int64_t m_count = 0;
    FashionClassifier m_classifier{nullptr};  // null for toy runs
    FeatureStats m_reference;                 // Fashion-MNIST: t10k feature statistics
    torch::Tensor m_realPoints;               // toy: count x 2 float32, CPU
    std::optional<ToyModes> m_modes;          // toy: its modes
    double m_realSpread = 0;  // mean pairwise distance of real data (diversity's denominator)
};

}  // namespace latent::train
