#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/train/shippedmodels.h"
#include "core/util/result.h"

namespace latent::train {

// The face attribute regressor: reads the 18 attributes of a procedural face (faceattributes.h)
// back from its picture. It labels generated faces (the Attribute dialog's automatic labeller) and
// measures what an edit changes (`latent eval`'s disentanglement figures). Input: N x 3 x 64 x 64
// float32 in [-1, 1] (predictFaceAttributes resizes other sizes to 64 first); output: N x 39, in
// faceAttributeNames() order: a continuous attribute scaled to [0, 1] over its range
// (faceAttributeRanges); a hue, which wraps around, as the cosine and sine of its angle; a
// categorical attribute (hair style and colour, eye colour) as one logit per value. Four conv-BN-ReLU-maxpool blocks (32, 64, 128, 128 channels) down to 4 x 4, a
// 256-d ReLU feature layer and a linear head. Core-internal; not thread-safe while training.
class FaceRegressorImpl : public torch::nn::Module {
public:
    FaceRegressorImpl();
    torch::Tensor forward(const torch::Tensor& x);
    // The 256-d feature layer the head reads.
    torch::Tensor features(const torch::Tensor& x);

private:
    torch::nn::Sequential m_body{nullptr};
    torch::nn::Linear m_hidden{nullptr};  // 128*4*4 -> 256
    torch::nn::Linear m_head{nullptr};    // 256 -> 39
};
TORCH_MODULE(FaceRegressor);

constexpr const char* kFaceRegressorArchitecture = "face-regressor";
constexpr int kFaceRegressorResolution = 64;

struct FaceRegressorTrainOptions {
    std::int64_t steps = 4000;
    int batch = 64;
    double lr = 1e-3;  // Adam, decayed linearly to 0 over the run
    std::uint64_t seed = 0;
    std::int64_t testCount = 1000;  // held-out faces the errors are measured on
    // Called on the calling thread with a line of progress now and then; may be empty.
    std::function<void(const std::string&)> progress;
};

struct TrainedFaceRegressor {
    FaceRegressor model{nullptr};  // eval mode
    // Mean absolute error on held-out faces, per attribute, in the attribute's own units.
    std::vector<double> meanAbsoluteError;
    double seconds = 0;
};

// The faces it learns from: face (step * batch + i) of population kFaceRegressorTrainSeed, drawn
// per batch at 64 px; held out: the first kFaceRegressorTestCount faces of population
// kFaceRegressorTestSeed. Deterministic for a seed and thread count. Runs on the calling thread
// (minutes); never throws.
constexpr std::uint64_t kFaceRegressorTrainSeed = 101;
constexpr std::uint64_t kFaceRegressorTestSeed = 202;
constexpr std::int64_t kFaceRegressorTestCount = 1000;
Result<TrainedFaceRegressor> trainFaceRegressor(const FaceRegressorTrainOptions& options);

// Attributes of `images` (N x 3 x R x R in [-1, 1], any R from 16; resized to 64), in attribute
// units (N x 18, clamped to each range; categories as whole numbers), without gradients, in chunks.
torch::Tensor predictFaceAttributes(FaceRegressor& model, const torch::Tensor& images);
// The 256-d features of `images` (as predictFaceAttributes takes them): the space in which `latent
// eval` measures the Fréchet distance of a face model's samples to real procedural faces.
torch::Tensor faceRegressorFeatures(FaceRegressor& model, const torch::Tensor& images);
// |a - b| per attribute (N x 18 each, attribute units); for the hues the shorter way round; for a
// categorical attribute 1 where the values differ and 0 where they agree.
torch::Tensor faceAttributeDistance(const torch::Tensor& a, const torch::Tensor& b);
// Per-attribute mean absolute error of `model` on the first `count` held-out faces, in attribute
// units (faceAttributeDistance; the categorical attributes: the fraction read as another value).
std::vector<double> faceRegressorError(FaceRegressor& model,
                                       std::int64_t count = kFaceRegressorTestCount);

// A latent-model container with "architecture": "face-regressor", the attribute names and ranges,
// plus `extra` metadata (errors, command). Atomic; never throws.
Status writeFaceRegressor(const std::string& path, FaceRegressor& model,
                          const nlohmann::json& extra);
// Reads and checks the architecture, the attribute names and every tensor's shape; the model in
// eval mode on the CPU. Never throws.
Result<FaceRegressor> readFaceRegressor(const std::string& path);

}  // namespace latent::train
