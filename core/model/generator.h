#pragma once

#include <torch/torch.h>

#include <string>

#include "core/model/modelinfo.h"

namespace latent::model {

// The matrix SeFa factorises and where it came from.
struct FirstLayerWeight {
    torch::Tensor matrix;  // F x latentSize (F x wSize if style-based) float32; undefined: none
    std::string name;      // the parameter it was read from, e.g. "net.0.weight"
};

// A loaded generator. Core-internal (it speaks tensors); ui only ever holds it through a
// shared_ptr and hands it back to core. Implementations are immutable after load, so one instance
// may be shared between threads as long as each call is made under its own InferenceMode guard.
// Calls throw c10::Error on misuse; core's boundary (renderer, loader, CLI) catches it.
class Generator {
public:
    virtual ~Generator() = default;

    virtual const ModelInfo& info() const = 0;
    virtual torch::Device device() const = 0;

    // z: N x latentSize float32 (any device; moved to device()). classes: N int64 class indices for
    // conditional models, undefined/empty otherwise. truncation psi pulls toward the mean latent (in
    // W for style-based models, in Z otherwise). Returns N x C x H x W float32 in [-1, 1] on device().
    virtual torch::Tensor generate(const torch::Tensor& z, const torch::Tensor& classes,
                                   float truncation = 1.0f) const = 0;

    // Style-based models only (info().styleBased()); the defaults throw.
    virtual torch::Tensor mapping(const torch::Tensor& z, const torch::Tensor& classes) const;
    virtual torch::Tensor synthesis(const torch::Tensor& w) const;
    // The mean w the truncation trick pulls toward (w's shape without the batch dim: numWs x wSize
    // or wSize, float32, on device()); undefined for models that are not style-based.
    virtual torch::Tensor wAvg() const;
    // A cheaper synthesis(w) at `size`, one of info().previewResolutions (N x C x size x size,
    // not clamped); models without previews throw.
    virtual torch::Tensor preview(const torch::Tensor& w, int size) const;

    // Like generate() at truncation 1 but differentiable with respect to z (the weights stay
    // frozen): projection optimises z through it. Call without InferenceMode. Default throws.
    virtual torch::Tensor generateWithGrad(const torch::Tensor& z, const torch::Tensor& classes) const;
    // Differentiable synthesis for W / W+ projection (style-based models). Default throws.
    virtual torch::Tensor synthesisWithGrad(const torch::Tensor& w) const;

    // Intermediate activations for PCA directions (GANSpace): N x F float32, F the flattened size
    // of an early layer's output. Undefined tensor when the model exposes none.
    virtual torch::Tensor features(const torch::Tensor& z, const torch::Tensor& classes) const;
    // The first layer's weight as a matrix A acting on the latent (F x latentSize, or F x wSize
    // for style-based models) for closed-form factorisation (SeFa), with the parameter's name.
    // matrix undefined when unreachable; throws c10::Error when meta.json names an unusable one.
    virtual FirstLayerWeight firstLayerWeight() const;
    // Class embedding table (numClasses x E) for class morphs; undefined when not reachable.
    virtual torch::Tensor classEmbeddings() const;
    // generate() with an explicit class embedding per image (N x E) instead of class indices, for
    // class morphs. Default throws; only models with classEmbeddings() implement it.
    virtual torch::Tensor generateWithEmbedding(const torch::Tensor& z, const torch::Tensor& embedding,
                                                float truncation = 1.0f) const;
};

}  // namespace latent::model
