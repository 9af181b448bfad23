#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/model/modelfileio.h"
#include "core/model/modelinfo.h"
#include "core/model/tensortable.h"
#include "core/util/result.h"

namespace latent::model {

class Generator;

// The built-in style-based generator, after StyleGAN2 (Karras et al. 2020, the "skip" generator of
// NVlabs/stylegan2-ada-pytorch), written for the LibTorch C++ frontend:
//   mapping    z (normalised, with a normalised class embedding when conditional) -> MLP with
//              equalised learning rate (lr x0.01, leaky ReLU) -> w, repeated numWs times (W+);
//   synthesis  a learned 4 x 4 constant; per resolution two 3 x 3 convolutions modulated by an
//              affine map of w and demodulated (the first upsamples x2), per-pixel noise scaled
//              by a learned strength, and a toRGB (1 x 1, modulated, not demodulated) whose images
//              are summed across resolutions (skip connections).
// Modulation scales the input channels and demodulation the output channels of one ordinary
// convolution shared by the batch, so every image of a batch sees the same kernels: an image is
// the same at batch 1 and 64. Upsampling (features and the skip image) is bilinear x2, i.e. the
// [1, 3, 3, 1] filter StyleGAN uses, with clamped borders.
struct StyleConfig {
    int latentSize = 128;   // z
    int wSize = 128;        // w
    int mappingLayers = 4;
    int resolution = 64;    // a power of two, 8 ... 256
    int channels = 3;       // 1 or 3
    // Feature maps at resolution r: min(channelBase / r, channelMax).
    int channelBase = 4096;
    int channelMax = 128;
    std::vector<std::string> classNames;  // non-empty: class-conditional
};

// Where synthesis takes its per-pixel noise from.
struct NoiseInput {
    enum class Mode { Const, Random, None };
    Mode mode = Mode::Const;  // Const: the model's fixed noise maps, so a seed is one image
    // Random: drawn from `generator` for `rows` images, of which the call takes rows
    // [first, first + N): a data-parallel rank draws the global batch's noise and keeps its slice.
    std::optional<at::Generator> generator;
    std::int64_t rows = 0;
    std::int64_t first = 0;
};

// A layer of the synthesis network that w reaches (through its own affine map), in order:
// numWs entries; the toRGB of a block shares its w index with the next block's first convolution.
struct StyleLayer {
    std::string name;  // "b4.conv1", "b8.conv0", "b8.torgb", ...
    int resolution = 0;
    int wIndex = 0;
};

// Entries of W+ at a resolution: 2 log2(resolution) - 2 (10 at 64 px).
int styleNumWs(int resolution);

class StyleGeneratorImpl : public torch::nn::Cloneable<StyleGeneratorImpl> {
public:
    // Throws c10::Error on an invalid config (check with checkStyleConfig first).
    explicit StyleGeneratorImpl(const StyleConfig& config);
    void reset() override;

    // z: N x latentSize; classes: N int64 (conditional) or undefined. N x numWs x wSize.
    torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& classes) const;
    // mapping() with the class embedding given (N x wSize rows of embeddingTable(), or blends).
    torch::Tensor mappingWithEmbedding(const torch::Tensor& z, const torch::Tensor& embedding) const;
    // ws: N x numWs x wSize (or N x wSize, used for every layer). N x channels x R x R, unclamped.
    torch::Tensor synthesis(const torch::Tensor& ws, const NoiseInput& noise = {}) const;
    // Synthesis stopped after the block at `size` (a resolution below the output's): its skip
    // image, N x channels x size x size. A cheaper preview while a slider is dragged.
    torch::Tensor preview(const torch::Tensor& ws, int size) const;
    // The truncation trick: w_avg + psi (w - w_avg), per layer.
    torch::Tensor truncate(const torch::Tensor& ws, float psi) const;

    // The mean w the truncation trick pulls toward: a buffer tracked while training
    // (updateWAvg), saved in the file. wSize float32.
    torch::Tensor wAvg() const;
    // w_avg <- lerp(mean of w over the batch, w_avg, beta), as StyleGAN2's mapping does in training.
    void updateWAvg(const torch::Tensor& w, double beta);

    // Every affine map from w to a layer's styles, stacked: F x wSize with F the total of the
    // layers' input channels (each affine's weight at its runtime gain). SeFa factorises it; with
    // a range of layers (numWs indices, inclusive) only the affines of those.
    torch::Tensor styleWeights(int firstW = 0, int lastW = -1) const;
    // numClasses x wSize: each class's embedding before normalisation; undefined if unconditional.
    torch::Tensor embeddingTable() const;

    const StyleConfig& config() const { return m_config; }
    int numWs() const { return styleNumWs(m_config.resolution); }
    const std::vector<StyleLayer>& layers() const { return m_layers; }
    // The output resolutions of the blocks, 4, 8, ..., resolution.
    std::vector<int> blockResolutions() const;

    // Mapping FC weights N(0, 1) / lr_mul, biases 0; affine biases 1; convolution weights and the
    // constant N(0, 1); noise strengths 0; the fixed noise maps N(0, 1): drawn from `seed` alone.
    void resetParameters(std::uint64_t seed);

    // Trainable halves: the mapping network's parameters (trained at lr_mul) and the rest.
    std::vector<torch::Tensor> mappingParameters() const;
    std::vector<torch::Tensor> synthesisParameters() const;

private:
    StyleConfig m_config;
    std::shared_ptr<torch::nn::Module> m_mapping, m_synthesis;  // see stylegan.cpp
    std::vector<StyleLayer> m_layers;
};
TORCH_MODULE(StyleGenerator);

// Success if valid, else the Error says what is wrong.
Status checkStyleConfig(const StyleConfig& config);
// Feature maps of the blocks at resolution r.
int styleChannels(const StyleConfig& config, int resolution);

// The file's tensors (names and shapes) a config implies, computed without building a module.
TensorShapes styleTensorShapes(const StyleConfig& config);
constexpr std::int64_t kMaxStyleFileParameters = std::int64_t{1} << 28;

nlohmann::json styleMetadata(const StyleConfig& config, const std::string& name,
                             const std::string& trainingData = "");
// The metadata's hyper-parameters ("architecture": "style"); an Error names the missing or bad
// key or a network over kMaxStyleFileParameters. Never throws.
Result<StyleConfig> styleConfigFromMetadata(const nlohmann::json& metadata);
// styleConfigFromMetadata, then the file's tensor table against styleTensorShapes. Never throws.
Result<StyleConfig> styleConfigFromFile(const ModelFileContents& contents);

Status loadStyleTensors(StyleGeneratorImpl& module, const NamedTensors& tensors);
Status writeStyleModel(const std::string& path, StyleGeneratorImpl& module, const std::string& name,
                       const std::string& trainingData = "");

// A freshly initialised style-based generator (weights from `seed`) as a model file, atomically:
// for tests, benchmarks and the start of training. Never throws.
Status writeRandomStyle(const std::string& path, const StyleConfig& config, std::uint64_t seed,
                        const std::string& name);

// ModelInfo for a style-based model (format "latent-model", architecture "style", W+ with numWs
// entries, a trained w_avg); path/contentHash/device are left for the caller.
ModelInfo styleModelInfo(const StyleConfig& config, const nlohmann::json& metadata);

// A deep copy of `module` in eval mode on `device`, frozen, as an immutable Generator: mapping,
// synthesis, W+ edits, style mixing, SeFa on the style affines, previews. Throws c10::Error on
// device errors.
std::shared_ptr<const Generator> makeStyleGenerator(const StyleGenerator& module, ModelInfo info,
                                                    const torch::Device& device);

}  // namespace latent::model
