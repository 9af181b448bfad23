#pragma once

#include <torch/torch.h>

#include <string>

#include "core/model/loader.h"

namespace latent::model {

// Core-internal: one loader per file format, called by loadModel() once the file has been
// checked and read. `bytes` is the whole file; `hash` its content hash. Both may throw
// (c10::Error, std::exception); loadModel() turns that into a message.
Result<LoadedModel> loadLatentModelBytes(const std::string& path, const std::string& bytes,
                                         const torch::Device& device, int probeBatch);
Result<LoadedModel> loadTorchScriptBytes(const std::string& path, const std::string& bytes,
                                         const std::string& hash, const torch::Device& device,
                                         int probeBatch);

}  // namespace latent::model
