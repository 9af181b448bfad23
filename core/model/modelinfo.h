#pragma once

#include <string>
#include <vector>

namespace latent::model {

// Where a style-based model's average w, the centre of the truncation trick, comes from.
enum class WAvgSource {
    None,       // not style-based
    Trained,    // the archive's w_avg(): StyleGAN's own, so psi means its truncation_psi
    Estimated,  // no w_avg() in the archive: the mean of mapping over kEstimatedWAvgSamples latents
};
// Seeded latents the estimate averages: a stable mean; 4096 costs seconds on a laptop CPU.
inline constexpr int kEstimatedWAvgSamples = 1024;

// What a user (and the ui) needs to know about a generator, without touching LibTorch.
struct ModelInfo {
    std::string name;            // human-readable, e.g. "Fashion-MNIST DCGAN-32"
    std::string format;          // "latent-model" (our file) or "torchscript"
    std::string architecture;    // e.g. "dcgan", or what meta.json says for TorchScript
    int latentSize = 0;          // size of z
    int channels = 0;            // 1 (grey) or 3 (RGB)
    int resolution = 0;          // output is resolution x resolution
    std::vector<std::string> classNames;  // empty for unconditional models
    bool hasMapping = false;     // style-based: mapping(z[, c]) -> w
    bool hasSynthesis = false;   // style-based: synthesis(w) -> image
    int wSize = 0;               // size of w when hasMapping, else 0
    int numWs = 0;               // style inputs synthesis takes (N x numWs x wSize); 1: N x wSize
    WAvgSource wAvgSource = WAvgSource::None;  // style-based models: trained or estimated w_avg
    // Style-based models with a cheaper preview(w, size) (StyleGAN2's skip image after fewer
    // blocks), drawn while a slider is dragged: the sizes it offers, ascending, and what each costs
    // as a share of a full frame's multiply-adds (same length). Empty: no preview.
    std::vector<int> previewResolutions;
    std::vector<double> previewCosts;
    std::string metadataJson;    // all metadata as a JSON object, verbatim
    std::string path;            // file it was loaded from
    std::string contentHash;     // hex digest of the file's bytes (identifies the exact weights)
    std::string device;          // "cpu" or "cuda:0"

    int numClasses() const { return static_cast<int>(classNames.size()); }
    bool conditional() const { return !classNames.empty(); }
    bool styleBased() const { return hasMapping && hasSynthesis; }
};

enum class DeviceKind { Auto, Cpu, Cuda };

struct LoadOptions {
    LoadOptions() = default;
    LoadOptions(DeviceKind d) : device(d) {}  // NOLINT: implicit, so loadModel(path, {kind}) reads well

    DeviceKind device = DeviceKind::Auto;  // Auto: CUDA when LibTorch has it and a GPU is present
    int probeBatch = 2;                    // batch size of the validating probe forward
    // When set, a TorchScript archive must have this content hash (the one `latent check` saw),
    // else it is refused before anything of it runs.
    std::string expectedContentHash;
};

}  // namespace latent::model
