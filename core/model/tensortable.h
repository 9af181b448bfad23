#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <memory>
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

// A deep copy of `module` on `device`, in eval mode, with every parameter frozen: what a
// Generator wraps (immutable, so threads may share it). Throws c10::Error when cloning fails.
template <typename Impl>
std::shared_ptr<Impl> frozenCopy(const torch::nn::ModuleHolder<Impl>& module,
                                 const torch::Device& device) {
    auto copy = std::dynamic_pointer_cast<Impl>(module->clone(device));
    TORCH_CHECK(copy, "cannot copy the generator's module");
    copy->eval();
    for (auto& p : copy->parameters()) p.set_requires_grad(false);
    return copy;
}

// "[3, 4, 4]".
std::string shapeText(at::IntArrayRef shape);
// Now, UTC, as ISO 8601 ("2026-12-07T10:41:00Z"): the metadata's "created".
std::string utcNow();
// Fills `t` from N(mean, std) drawn on the CPU with `gen`, so a seed gives the same weights
// whatever device the module lives on.
void fillNormal(torch::Tensor& t, double mean, double std, at::Generator& gen);

}  // namespace latent::model
