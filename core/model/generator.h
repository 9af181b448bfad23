#pragma once

#include <torch/torch.h>

#include "core/model/modelinfo.h"

namespace latent::model {

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
};

}  // namespace latent::model
