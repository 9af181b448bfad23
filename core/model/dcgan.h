#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/model/modelfile.h"
#include "core/model/modelfileio.h"
#include "core/model/modelinfo.h"
#include "core/util/result.h"

namespace latent::model {

class Generator;

// The built-in DCGAN generator (pytorch/examples cpp/dcgan, generalised to 32/64/128 pixels and
// an optional class embedding). Layer names are the file's tensor names and match tools/dcgan.py:
//   embed.weight                 numClasses x embeddingSize   (conditional only)
//   net.{3k}  ConvTranspose2d    net.{3k+1} BatchNorm2d    net.{3k+2} ReLU    ... net.{last-1}
//   ConvT, Tanh
// Not thread-safe while training; wrap a trained module with makeDcganGenerator to share it.
class DcganGeneratorImpl : public torch::nn::Cloneable<DcganGeneratorImpl> {
public:
    // Throws c10::Error on an invalid config (check with validateDcganConfig first).
    explicit DcganGeneratorImpl(const DcganConfig& config);

    // (Re)builds the layers from the config (Cloneable calls it for clone()); weights are
    // LibTorch defaults until resetParameters() or loadDcganTensors().
    void reset() override;

    // z: N x latentSize float32; classes: N int64 in [0, numClasses) when conditional, else
    // undefined. Returns N x channels x resolution x resolution float32 in (-1, 1).
    torch::Tensor forward(const torch::Tensor& z, const torch::Tensor& classes = {});
    // forward() with an explicit class embedding (N x embeddingSize float32) instead of indices:
    // class morphs blend two rows of the table. Conditional models only.
    torch::Tensor forwardWithEmbedding(const torch::Tensor& z, const torch::Tensor& embedding);
    // The first block's output (ConvTranspose2d, BatchNorm, ReLU), flattened: N x (width * 16)
    // float32. GANSpace PCA runs on it.
    torch::Tensor firstBlock(const torch::Tensor& z, const torch::Tensor& classes = {});
    // The first layer's weight restricted to the latent inputs, as a matrix acting on z:
    // (width * 16) x latentSize float32 (a copy). SeFa factorises it.
    torch::Tensor latentWeight() const;
    // The class embedding table, numClasses x embeddingSize float32; undefined if unconditional.
    torch::Tensor embeddingTable() const;

    // DCGAN init (conv weights N(0, 0.02), BN weight N(1, 0.02), bias 0, embedding N(0, 1)) drawn
    // from a local generator seeded with `seed`: never touches the global torch RNG.
    void resetParameters(std::uint64_t seed);

    const DcganConfig& config() const { return m_config; }

private:
    // z (and the class embedding, when conditional) as the N x in x 1 x 1 input of net.0.
    torch::Tensor input(const torch::Tensor& z, const torch::Tensor& classes);
    torch::Tensor withEmbedding(const torch::Tensor& z, const torch::Tensor& embedding) const;

    DcganConfig m_config;
    torch::nn::Embedding m_embed{nullptr};  // numClasses x embeddingSize, float32
    torch::nn::Sequential m_net{nullptr};
};
TORCH_MODULE(DcganGenerator);

// Success if valid, else the Error says what is wrong ("resolution must be 32, 64 or 128 (got 48)").
Status checkDcganConfig(const DcganConfig& config);
// Effective class-embedding size (0 for unconditional models).
int dcganEmbeddingSize(const DcganConfig& config);

// The metadata object stored in a model file (docs/model-format.md); `created` is now, UTC.
nlohmann::json dcganMetadata(const DcganConfig& config, const std::string& name,
                             const std::string& trainingData = "");
// A model file's network may have at most this many parameters (1 GiB of float32), so a few
// bytes of metadata cannot make the loader build a network of tens of gigabytes.
constexpr std::int64_t kMaxDcganFileParameters = std::int64_t{1} << 28;
constexpr std::size_t kMaxClasses = 100000;

// Reads the hyper-parameters back; an Error names the missing, mistyped or out-of-range key
// (integers that do not fit an int are refused, not wrapped) or a network over
// kMaxDcganFileParameters. Never throws.
Result<DcganConfig> dcganConfigFromMetadata(const nlohmann::json& metadata);
// dcganConfigFromMetadata, then the file's tensor table (names and shapes) against the shapes the
// config implies, computed without building a module: for the loader to call before constructing
// the network, so a file's metadata cannot ask for more memory than its own tensors hold. The
// Error names the first missing, misshapen or unexpected tensor. Never throws.
Result<DcganConfig> dcganConfigFromFile(const ModelFileContents& contents);
// Every tensor of the module for `config` (a valid one) with its shape, in no particular order.
std::vector<std::pair<std::string, std::vector<std::int64_t>>> dcganTensorShapes(
    const DcganConfig& config);
std::int64_t dcganParameterCount(const DcganConfig& config);

// Parameters and BatchNorm running statistics, named as in the file, on the module's device.
NamedTensors dcganTensors(DcganGeneratorImpl& module);
// Copies file tensors into the module; every tensor must be present with the right shape, and no
// extra ones may be. The Error names the first mismatch.
Status loadDcganTensors(DcganGeneratorImpl& module, const NamedTensors& tensors);

// Saves a (trained) module as a model file, atomically. Never throws.
Status writeDcganModel(const std::string& path, DcganGeneratorImpl& module, const std::string& name,
                       const std::string& trainingData = "");

// ModelInfo for a DCGAN (format "latent-model"); path/contentHash/device are left for the caller.
ModelInfo dcganModelInfo(const DcganConfig& config, const nlohmann::json& metadata);

// Wraps a copy of `module` (deep-cloned, put in eval mode, moved to `device`) as an immutable
// Generator: this is how the trainer publishes snapshots. Throws c10::Error on device errors.
std::shared_ptr<const Generator> makeDcganGenerator(const DcganGenerator& module, ModelInfo info,
                                                    const torch::Device& device);

}  // namespace latent::model
