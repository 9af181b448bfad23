#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/model/modelfileio.h"
#include "core/util/result.h"

namespace latent::model {

// What the built-in architectures (DCGAN, style-based) share about their file tensors: the table
// a config implies, checked against a file before any module is built, and copied in and out of a
// module by name.

// Every tensor a config implies, with its shape.
using TensorShapes = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

std::int64_t elementCount(const TensorShapes& shapes);

// The file's tensors against `expected`: the Error names the first missing, misshapen or
// unexpected tensor, after "weights do not match the <architecture> architecture in the
// metadata: ". Never throws.
Status checkTensorTable(const NamedTensors& tensors, const TensorShapes& expected,
                        const std::string& architecture);

// Parameters and buffers, named as in the file, on the module's device.
NamedTensors moduleTensors(torch::nn::Module& module);

// Copies file tensors into the module: every tensor present, with the module's shape and dtype,
// and none extra. The Error names the first mismatch. Never throws.
Status loadModuleTensors(torch::nn::Module& module, const NamedTensors& tensors,
                         const std::string& architecture);

// "[3, 4, 4]".
std::string shapeText(at::IntArrayRef shape);
// Now, UTC, as ISO 8601 ("2026-12-07T10:41:00Z"): the metadata's "created".
std::string utcNow();
// Fills `t` from N(mean, std) drawn on the CPU with `gen`, so a seed gives the same weights
// whatever device the module lives on.
void fillNormal(torch::Tensor& t, double mean, double std, at::Generator& gen);

}  // namespace latent::model
