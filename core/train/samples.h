#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "core/util/result.h"

namespace latent::train {

// RUN/samples/step_000500.png
std::string samplePath(const std::string& runDir, std::int64_t step);

// N x C x H x W float32 in [-1, 1] (CPU) as a PNG grid of `cols` columns. Atomic (writePng).
Status writeSampleGrid(const std::string& path, const torch::Tensor& images, int cols);

// Toy data: a 256 x 256 scatter plot of real points (grey) and generated points (orange), both
// N x 2 float32 on the CPU, over [-3, 3]^2. Atomic.
Status writeScatterPng(const std::string& path, const torch::Tensor& real,
                       const torch::Tensor& fake);

}  // namespace latent::train
