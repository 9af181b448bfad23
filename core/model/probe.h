#pragma once

#include <torch/script.h>
#include <torch/torch.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>

#include "core/model/modelinfo.h"
#include "core/util/result.h"

namespace latent::model {

// Core-internal helpers for validating a generator at load time.

constexpr double kRangeTolerance = 1e-3;  // outputs may overshoot [-1, 1] by this much (then clamped)

// N x latentSize float32 N(0, 1) latents from a local generator seeded with `seed` (CPU).
torch::Tensor seededLatents(int n, int latentSize, std::uint64_t seed);
// N int64 class indices cycling through 0..numClasses-1, or undefined when numClasses == 0.
torch::Tensor cyclingClasses(int n, int numClasses);

// Success when `out` honours the contract (one tensor, floating point, N x C x R x R as in `info`,
// finite, within [-1 - tol, 1 + tol]); otherwise what is wrong, for a user to read.
Status checkOutput(const c10::IValue& out, int batch, const ModelInfo& info);

// A model's forward(z, c) as the probe calls it (c undefined for unconditional models).
using ProbeForward = std::function<c10::IValue(const torch::Tensor& z, const torch::Tensor& c)>;

// Success when the model gives the same image for the same latent alone, in a larger batch and twice in
// a row; otherwise what is wrong, for a user to read. `z` and `c` are the probe batch (N >= 1) on
// the model's device, `reference` its already checked output; runs forward at batch 1 twice and at
// batch N + 1 (first rows: the probe batch). A trace that baked its batch size in fails at the
// other sizes, BatchNorm in training mode mixes the images, random noise differs between calls.
// Tolerances allow for CUDA (TF32, per-batch-size kernels). May throw c10::Error.
Status checkConsistency(const ProbeForward& forward, const torch::Tensor& z,
                               const torch::Tensor& c, const torch::Tensor& reference,
                               const ModelInfo& info);

// The useful line of a LibTorch exception: no C++ backtrace, and for TorchScript errors the
// final "RuntimeError: ..." line rather than the interpreter's traceback.
std::string conciseError(const std::exception& e);

// The inputs of Generator::generate checked against `info` and moved to `device`: z as float32
// N x latentSize; classes as N int64 indices in [0, numClasses) for conditional models, undefined
// otherwise. Throws c10::Error naming what is wrong.
torch::Tensor generatorLatents(const torch::Tensor& z, const ModelInfo& info,
                               const torch::Device& device);
torch::Tensor generatorClasses(const torch::Tensor& classes, std::int64_t n, const ModelInfo& info,
                               const torch::Device& device);

// Turns a raw output into the contract's form: float32, contiguous, clamped to [-1, 1]. Throws
// c10::Error when it holds NaN or infinite values.
torch::Tensor finishOutput(const torch::Tensor& out);

}  // namespace latent::model
