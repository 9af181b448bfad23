#pragma once

#include <memory>
#include <string>

#include "core/model/modelinfo.h"
#include "core/util/result.h"

namespace latent::model {

class Generator;  // core/model/generator.h (LibTorch)

struct LoadedModel {
    std::shared_ptr<const Generator> generator;  // immutable: share freely across threads
    ModelInfo info;
};

// Opens a model file: our own format (docs/model-format.md) or a TorchScript archive exported
// with tools/export_torchscript.py. Validates it with a probe forward (shape, dtype, range, finite
// values) before returning. Never throws, never hangs on special files: every failure (missing,
// directory, unreadable, truncated, not a model, missing meta.json, wrong contract, wrong shape,
// NaN output) is an Error naming the file and the problem. Thread-safe.
Result<LoadedModel> loadModel(const std::string& path, const LoadOptions& options = {});

// Whether `path` is a Python pickle (an NVIDIA StyleGAN .pkl, an old torch.save file), which
// loadModel refuses: the app offers to convert it instead. Reads 8 bytes; false for anything it
// cannot read. Thread-safe.
bool isPythonPickle(const std::string& path);

// Whether `path` holds code of its own (a TorchScript archive, by its first bytes): opening it runs
// that code, so the app first has `latent check` open it in a child process it can stop. Our own
// .ltm files hold only tensors. Reads 4 bytes; false for anything it cannot read. Thread-safe.
bool runsOwnCode(const std::string& path);

}  // namespace latent::model
