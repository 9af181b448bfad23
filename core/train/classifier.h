#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/train/shippedmodels.h"
#include "core/util/result.h"

namespace latent::train {

// The small Fashion-MNIST classifier that quality metrics measure in (our Frechet distance is an
// FID with this network in place of Inception, which would not fit the 28 px grey images nor the
// size budget). Input: N x 1 x 32 x 32 float32 in [-1, 1], prepared exactly like GAN training
// batches (makeBatch: 28 px padded with background to 32). Three conv-BN-ReLU-maxpool blocks (32,
// 64, 64 channels) down to 4 x 4, then a 128-d ReLU feature layer and a 10-way linear head.
// Core-internal (speaks tensors); not thread-safe while training, use eval() + NoGradGuard after.
class FashionClassifierImpl : public torch::nn::Module {
public:
    FashionClassifierImpl();
    // N x 128 float32: the penultimate (post-ReLU) features Frechet distances are measured on.
    torch::Tensor features(const torch::Tensor& x);
    // N x 10 float32 logits.
    torch::Tensor forward(const torch::Tensor& x);
    torch::Tensor head(const torch::Tensor& features);

private:
    torch::nn::Sequential m_body{nullptr};
    torch::nn::Linear m_features{nullptr};  // 64*4*4 -> 128
    torch::nn::Linear m_head{nullptr};      // 128 -> 10
};
TORCH_MODULE(FashionClassifier);

constexpr const char* kClassifierArchitecture = "classifier";
constexpr int kClassifierFeatureSize = 128;
constexpr int kClassifierResolution = 32;
// The classifier trains on train[0, 55000); train[55000, 60000) stays unseen by it, so real
// training images can serve as a reference floor for `latent eval` in the same way t10k does.
constexpr std::int64_t kClassifierTrainRows = 55000;

struct ClassifierTrainOptions {
    std::string fashionMnistDir;  // "" = kFashionMnistDir
    int epochs = 2;
    int batch = 64;
    double lr = 1e-3;  // Adam, decayed linearly to 0 over the run
    std::uint64_t seed = 0;
    // Called on the calling thread with a line of progress now and then; may be empty.
    std::function<void(const std::string&)> progress;
};

struct TrainedClassifier {
    FashionClassifier model{nullptr};  // eval mode
    double testAccuracy = 0;           // on t10k
    double heldOutAccuracy = 0;        // on train[55000, 60000)
    double seconds = 0;
};

// Trains deterministically for a given seed and thread count: weights and shuffling come from CPU
// generators seeded from options.seed, never the global RNG. Runs on the calling thread (minutes).
// Never throws; an Error names the missing data.
Result<TrainedClassifier> trainClassifier(const ClassifierTrainOptions& options);

// Fraction of `images` (N x 1 x 32 x 32 in [-1, 1]) whose predicted class equals `labels` (N int64).
double classifierAccuracy(FashionClassifier& model, const torch::Tensor& images,
                          const torch::Tensor& labels);

// Runs `fn` over `images` in chunks without gradients, concatenating the N x ... results. Images of
// another resolution are average-pooled to 32 x 32 first (64 and 128 divide evenly).
torch::Tensor classifierFeatures(FashionClassifier& model, const torch::Tensor& images);
torch::Tensor classifierLogits(FashionClassifier& model, const torch::Tensor& images);

// A latent-model container with "architecture": "classifier" plus `extra` metadata (accuracy,
// command). Atomic; never throws.
Status writeClassifier(const std::string& path, FashionClassifier& model,
                       const nlohmann::json& extra);
// Reads and checks the architecture and every tensor's shape; returns the model in eval mode on
// the CPU. Never throws.
Result<FashionClassifier> readClassifier(const std::string& path);
Result<nlohmann::json> readClassifierMetadata(const std::string& path);

}  // namespace latent::train
