#pragma once

#include <vector>

#include <torch/torch.h>

#include "core/image/image.h"

namespace latent::render {

// N x C x H x W float in [-1, 1] (C = 1 or 3, any device) -> N RGB8 images; grey is replicated.
// Values outside [-1, 1] are clamped. Throws c10::Error on a tensor of another shape.
std::vector<image::ImageRGB8> toImages(const torch::Tensor& batch);

}  // namespace latent::render
