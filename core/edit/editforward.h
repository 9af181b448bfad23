#pragma once

#include <torch/torch.h>

#include <vector>

#include "core/edit/edit.h"
#include "core/util/result.h"

namespace latent::model {
class Generator;
}

namespace latent::edit {

// Core-internal (speaks tensors): the part of an edited render that generate() cannot do, in the
// order documented in core/edit/apply.h. z: N x latentSize float32, already Z-edited
// (applyZEdits); classes: N int64 for conditional models, else undefined. The edits, mix and wPlus
// must have passed checkEdits(). Call under InferenceMode on the rendering thread. Returns
// N x C x H x W float32 in [-1, 1], or a message when the model cannot do what is asked (no class
// embedding to morph, no w_avg to truncate toward). LibTorch errors propagate as c10::Error.
// previewSize > 0: draw with the model's cheaper preview(w, previewSize) (one of
// info().previewResolutions) and scale it up to the full resolution (bilinear). Class morphs
// always draw the full frame.
Result<torch::Tensor> generateEdited(const model::Generator& generator, const torch::Tensor& z,
                                     const torch::Tensor& classes, float truncation,
                                     const std::vector<Edit>& edits, const StyleMix& mix,
                                     const latent::Latent& wPlus, int previewSize = 0);

}  // namespace latent::edit
